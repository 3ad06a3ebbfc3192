import Foundation
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct OpsTests {
    @Test func healthMetricsAndSecurityHeaders() async throws {
        try await withApp { t in
            try await t.app.testing().test(.GET, "/health") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"status\":\"ok\""))
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
            }
            let clerk = try await t.login("clerk")
            try await t.intake(TestApp.hotlineRequest(), as: clerk)
            try await t.app.testing().test(.GET, "/metrics") { res in
                #expect(res.status == .ok)
                let text = res.body.string
                #expect(text.contains(#"hewei_http_requests_total{method="POST",route="/api/v1/orders",status="201"} 1"#))
                #expect(text.contains(#"hewei_orders_created_total{channel="hotline12345"} 1"#))
            }
            try await t.app.testing().test(.GET, "/openapi.yaml") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.hasPrefix("openapi: 3.1"))
            }
            // errors never echo internals: an unknown route is a plain JSON 404
            try await t.app.testing().test(.GET, "/api/v1/nothing-here") { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("\"code\":\"not_found\""))
            }
        }
    }

    /// On 26 November 2026 the shipped calendar has no 2027 holidays: /health says so (still 200,
    /// status ok) until the administrator loads them.
    @Test func healthWarnsUntilNextYearsHolidaysAreLoaded() async throws {
        try await withApp { t in
            let before = try await t.get("/health", as: [:], OpsController.Health.self)
            #expect(before.status == "ok")
            #expect(before.warnings.count == 1)
            #expect(before.warnings.first?.contains("no holidays are loaded for 2027") == true)
            let admin = try await t.login("sysadmin")
            try await t.send(.POST, "/api/v1/calendar/days", as: admin,
                             body: #"{"days":[{"date":"2027-01-01","kind":"off","name":"元旦"}],"note":"2027 年放假安排"}"#, expect: .ok)
            let after = try await t.get("/health", as: [:], OpsController.Health.self)
            #expect(after.status == "ok" && after.warnings.isEmpty)
        }
    }

    @Test func groupCommitIsolatesAFailingWriter() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            // 40 concurrent intakes, two per idempotency key: within one committed batch the second
            // writer of a key fails and rolls back only its own savepoint
            var statuses: [UInt] = []
            try await withThrowingTaskGroup(of: UInt.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        var status: UInt = 0
                        try await t.app.testing().test(.POST, "/api/v1/orders", beforeRequest: { req in
                            req.headers = clerk
                            req.headers.replaceOrAdd(name: "Idempotency-Key", value: "k-\(i % 20)")
                            try req.content.encode(TestApp.hotlineRequest())
                        }, afterResponse: { res in status = res.status.code })
                        return status
                    }
                }
                for try await s in group { statuses.append(s) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 20)
            #expect(statuses.filter { $0 == 200 }.count == 20)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 20)
            let codes = try await WorkOrderModel.query(on: t.app.db).all().map(\.code)
            #expect(Set(codes).count == 20)
        }
    }
}
