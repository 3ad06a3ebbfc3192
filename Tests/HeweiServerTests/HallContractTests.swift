import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Every documented operation under /api/v1/hall, each response checked against openapi.yaml.
@Suite(.serialized) struct HallContractTests {
    static func id(_ x: Contract.Exchange) throws -> UUID {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(HallVisitDTO.self, from: Data(x.text.utf8)).id
    }

    @Test func everyHallOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let flow = try await ContractFlow(t, prefix: "/api/v1/hall")
            let desk = try await t.login("clerk")
            try await flow.run(.GET, "/api/v1/hall/areas", desk, expect: .ok)
            let first = try Self.id(try await flow.run(.POST, "/api/v1/hall/visits", desk, body: TestApp.visitJSON("jointPetition"), expect: .created))
            let second = try Self.id(try await flow.run(.POST, "/api/v1/hall/visits", desk, body: TestApp.visitJSON("jointPetition", name: "颜回"),
                                                        expect: .created))
            try await flow.run(.POST, "/api/v1/hall/visits", desk, body: #"{"name":"x","phone":"1","matter":"x","area":"jointPetition"}"#, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/hall/visits?area=jointPetition&state=waiting&date=2026-11-26&page=1&per=10", desk, expect: .ok)
            try await flow.run(.GET, "/api/v1/hall/visits?state=gone", desk, expect: .badRequest)
            try await flow.run(.POST, "/api/v1/hall/visits/\(first)/actions/serve", desk, expect: .conflict)
            try await flow.run(.POST, "/api/v1/hall/areas/jointPetition/call-next", desk, body: #"{"counter":"1号窗口"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/hall/areas/nowhere/call-next", desk, body: #"{"counter":"1号窗口"}"#, expect: .notFound)
            try await flow.run(.POST, "/api/v1/hall/visits/\(first)/actions/serve", desk, expect: .ok)
            try await flow.run(.POST, "/api/v1/hall/visits/\(first)/actions/triage", desk,
                               body: #"{"outcome":"answered","note":"已当场解释政策。"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/hall/areas/jointPetition/call-next", desk, body: #"{"counter":"2号窗口"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/hall/visits/\(second)/actions/noShow", desk, expect: .ok)
            try await flow.run(.POST, "/api/v1/hall/areas/jointPetition/call-next", desk, body: #"{"counter":"2号窗口"}"#, expect: .conflict)
            try await flow.run(.GET, "/api/v1/hall/visits/\(first)", desk, expect: .ok)
            try await flow.run(.GET, "/api/v1/hall/visits/\(UUID())", desk, expect: .notFound)
            try await flow.run(.GET, "/api/v1/hall/figures", desk, expect: .ok)
            try await flow.run(.GET, "/api/v1/hall/figures?date=2026-11-32", desk, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/hall/areas", try await t.login("leader"), expect: .forbidden)
            flow.finish()
        }
    }
}
