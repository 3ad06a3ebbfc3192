import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// Extreme-risk words raise a warning to the city centre inside the intake transaction (on SQLite the
/// batched group-commit path, on PostgreSQL the ordinary `create` path).
@Suite(.serialized) struct RiskIntakeTests {
    @Test func extremeWordsRaiseAWarningToTheCityCentreAtOnce() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let leader = try await t.login("leader")
            let order = try #require(try await t.intake(TestApp.riskRequest("老板拖欠工资半年，再不给钱我就去跳楼。"), as: clerk))
            let page = try await t.warnings("kind=extremeWords", as: leader)
            #expect(page.total == 1)
            let w = try #require(page.items.first)
            #expect(w.level == "city")
            #expect(w.state == "raised")
            #expect(w.orderCode == order.code)
            #expect(w.subject == order.code)
            #expect(w.explanation.contains("跳楼") && w.explanation.contains("拖欠工资"))
            #expect(w.allowedActions == ["acknowledge", "handle"])
            let detail = try await t.get("/api/v1/risk/warnings/\(w.code)", as: leader, RiskWarningDTO.self)
            #expect(detail.events?.map(\.action) == ["raise"])
        }
    }

    @Test func aFailedIntakeLeavesNoWarning() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let leader = try await t.login("leader")
            try await t.intake(TestApp.riskRequest("要去跳楼", category: "nope"), as: clerk, expect: .badRequest)
            #expect(try await t.warnings(as: leader).total == 0)
            #expect(try await RiskWarningModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func ordinaryTextRaisesNothing() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            try await t.intake(TestApp.riskRequest("小区门口路灯不亮。"), as: clerk)
            #expect(try await RiskWarningModel.query(on: t.app.db).count() == 0)
        }
    }
}
