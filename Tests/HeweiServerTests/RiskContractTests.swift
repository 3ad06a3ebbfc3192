import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Every documented operation under /api/v1/risk, each response checked against openapi.yaml.
@Suite(.serialized) struct RiskContractTests {
    static func code(_ x: Contract.Exchange) throws -> String {
        struct P: Decodable { struct I: Decodable { var code: String }; var items: [I] }
        return try #require(try JSONDecoder().decode(P.self, from: Data(x.text.utf8)).items.first?.code)
    }

    @Test func everyRiskOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let flow = try await ContractFlow(t, prefix: "/api/v1/risk")
            try await t.intake(TestApp.riskRequest("他说要去堵路，还要集体上访。"), as: try await t.login("clerk"))
            let leader = try await t.login("leader")
            let code = try Self.code(try await flow.run(.GET, "/api/v1/risk/warnings?state=raised&kind=extremeWords&from=2026-11-01&to=2026-12-01&page=1&per=10",
                                                        leader, expect: .ok))
            try await flow.run(.GET, "/api/v1/risk/warnings?kind=nothing", leader, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/risk/warnings", try await t.login("clerk"), expect: .forbidden)
            try await flow.run(.GET, "/api/v1/risk/warnings/\(code)", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/risk/warnings/RW-none", leader, expect: .notFound)
            try await flow.run(.POST, "/api/v1/risk/warnings/\(code)/actions/acknowledge", leader, body: #"{"note":""}"#, expect: .badRequest)
            try await flow.run(.POST, "/api/v1/risk/warnings/\(code)/actions/acknowledge", leader, body: #"{"note":"已研判，通知属地。"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/risk/warnings/\(code)/actions/handle", leader, body: #"{"note":"已化解。"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/risk/warnings/\(code)/actions/handle", leader, body: #"{"note":"again"}"#, expect: .conflict)
            let rules = try await flow.run(.GET, "/api/v1/risk/rules", leader, expect: .ok)
            let admin = try await t.login("sysadmin")
            try await flow.run(.GET, "/api/v1/risk/rules", admin, expect: .ok)
            try await flow.run(.GET, "/api/v1/risk/rules", try await t.login("clerk"), expect: .forbidden)
            try await flow.run(.PUT, "/api/v1/risk/rules", admin, body: #"{"rules":\#(rules.text),"note":"年度调整"}"#, expect: .ok)
            try await flow.run(.PUT, "/api/v1/risk/rules", admin, body: #"{"rules":{"words":[]},"note":"x"}"#, expect: .badRequest)
            try await flow.run(.PUT, "/api/v1/risk/rules", leader, body: #"{"rules":\#(rules.text),"note":"x"}"#, expect: .forbidden)
            flow.finish()
        }
    }
}
