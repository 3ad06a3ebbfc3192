import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Every documented operation of the dispatch suggestions (/api/v1/orders/suggestions and
/// /api/v1/dispatch), each response checked against openapi.yaml.
@Suite(.serialized) struct DispatchSuggestionContractTests {
    @Test func everyDispatchOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let suggestions = try await ContractFlow(t, prefix: "/api/v1/orders/suggestions")
            let model = try await ContractFlow(t, prefix: "/api/v1/dispatch")
            let clerk = try await t.login("clerk"), admin = try await t.login("sysadmin")
            // before any training: empty answers, not errors
            try await suggestions.run(.POST, "/api/v1/orders/suggestions", clerk, body: #"{"content":"路灯不亮"}"#, expect: .ok)
            try await model.run(.GET, "/api/v1/dispatch/model", clerk, expect: .ok)
            try await model.run(.POST, "/api/v1/dispatch/model/retrain", admin, expect: .conflict)
            try await DispatchSuggestionTests.seedClosedOrders(t)
            try await model.run(.POST, "/api/v1/dispatch/model/retrain", try await t.login("dispatcher"), expect: .forbidden)
            try await model.run(.POST, "/api/v1/dispatch/model/retrain", admin, body: #"{"threshold":1.5}"#, expect: .badRequest)
            try await model.run(.POST, "/api/v1/dispatch/model/retrain", admin, body: #"{"threshold":0.6,"note":"首次训练"}"#, expect: .created)
            try await model.run(.POST, "/api/v1/dispatch/model/retrain", admin, expect: .created)
            try await model.run(.GET, "/api/v1/dispatch/model", clerk, expect: .ok)
            try await model.run(.GET, "/api/v1/dispatch/model", [:], expect: .unauthorized)
            try await suggestions.run(.POST, "/api/v1/orders/suggestions", clerk,
                                      body: #"{"content":"路灯坏了晚上不亮","address":"鲁城街道五马祠街12号"}"#, expect: .ok)
            try await suggestions.run(.POST, "/api/v1/orders/suggestions", clerk, body: #"{"content":""}"#, expect: .badRequest)
            try await suggestions.run(.POST, "/api/v1/orders/suggestions", try await t.login("leader"), body: #"{"content":"路灯"}"#, expect: .forbidden)
            suggestions.finish()
            model.finish()
        }
    }
}
