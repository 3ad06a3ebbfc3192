import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Every documented operation under /api/v1/analytics, each response checked against openapi.yaml.
@Suite(.serialized) struct AnalyticsContractTests {
    @Test func everyAnalyticsOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            _ = try await AnalyticsKPITests.plant(t)
            let flow = try await ContractFlow(t, prefix: "/api/v1/analytics")
            let leader = try await t.login("leader")
            try await flow.run(.GET, "/api/v1/analytics/overview", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/overview?area=370881001", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/overview?area=unit:ZJJ", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/overview?area=nowhere", leader, expect: .notFound)
            try await flow.run(.GET, "/api/v1/analytics/overview", try await t.login("clerk"), expect: .forbidden)
            try await flow.run(.GET, "/api/v1/analytics/kpis?area=city&from=2026-11-01&to=2026-11-30&rows=units", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/kpis?rows=none&format=csv", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/kpis?format=xlsx", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/kpis?from=2026-11-30&to=2026-11-01", leader, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/analytics/hotspots?area=370881001&level=micro&limit=5&minRepeat=2", leader, expect: .ok)
            try await flow.run(.GET, "/api/v1/analytics/hotspots?area=370881001&level=large", leader, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/analytics/hotspots?format=csv", leader, expect: .ok)
            flow.finish()
        }
    }
}
