import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// Every documented operation under /api/v1/petitions, each answer checked against the document.
@Suite struct PetitionContractTests {
    @Test func everyPetitionOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let flow = try await ContractFlow(t, prefix: "/api/v1/petitions")
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj"), leader = try await t.login("leader")
            let created = try await flow.run(.POST, "/api/v1/petitions", staff, body: TestApp.petitionJSON(), expect: .created)
            let code = try #require(try JSONDecoder().decode([String: AnyDecodable].self, from: Data(created.text.utf8))["code"]?.string)
            try await flow.run(.POST, "/api/v1/petitions", staff, body: "{\"channel\":\"fax\"}", expect: .badRequest)
            try await flow.run(.POST, "/api/v1/petitions", rsj, body: TestApp.petitionJSON(), expect: .forbidden)
            try await flow.run(.GET, "/api/v1/petitions?state=registered&sort=code&per=5", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions?sort=nope", staff, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/petitions/\(code)", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions/XF19990101-0001", staff, expect: .notFound)
            try await flow.run(.POST, "/api/v1/petitions/\(code)/actions/reply", staff, body: "{\"reply\":\"答复\"}", expect: .conflict)
            try await flow.run(.POST, "/api/v1/petitions/\(code)/actions/forward", staff, body: "{\"unitCode\":\"RSJ\"}", expect: .ok)
            try await flow.run(.POST, "/api/v1/petitions/\(code)/actions/accept", rsj, body: "{\"decision\":\"予以受理\"}", expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions/\(code)/events", rsj, expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions/\(code)/clocks", rsj, expect: .ok)
            try await flow.run(.POST, "/api/v1/petitions/\(code)/reveal", staff, body: "{\"reason\":\"电话告知受理决定\"}", expect: .ok)
            try await flow.run(.POST, "/api/v1/petitions/\(code)/reveal", rsj, body: "{\"reason\":\"电话告知受理决定\"}", expect: .forbidden)
            try await flow.run(.GET, "/api/v1/petitions/export", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions/figures?from=2026-11-01&to=2026-11-30", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/petitions/figures?from=yesterday", staff, expect: .badRequest)
            flow.finish()
        }
    }
}

/// Just enough JSON to read one string field.
struct AnyDecodable: Decodable {
    let string: String?
    init(from decoder: Decoder) throws {
        string = try? decoder.singleValueContainer().decode(String.self)
    }
}
