import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Unit evaluation from stored orders: a small, hand-computed case through the API, the CSV export
/// and the page. (The formulas themselves are tested in HeweiCoreTests/EvaluationTests.)
@Suite(.serialized) struct EvaluationAPITests {
    @Test func aHandComputedDayOfOneUnitMatchesExactly() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), followup = try await t.login("followup")
            // Thursday 26 Nov 2026, 09:00: three street-light complaints, all dispatched to ZJJ (sign-for: 2 working hours).
            let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let b = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let c = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            // a: signed after 1 h (on time), reported the same day (on time), replied, followed up: resolved, satisfied.
            t.clock.advance(by: 3600)
            try await t.act(a.code, "signFor", as: zjj)
            try await t.act(a.code, "report", ActionInput(note: "已修复"), as: zjj)
            try await t.act(a.code, "reply", ActionInput(reply: "已修复，感谢反映"), as: dispatcher)
            try await t.act(a.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "basicallySatisfied"), as: followup)
            // b: signed at 12:00 — 3 working hours after dispatch, late; still being handled (not due yet).
            t.clock.advance(by: 2 * 3600)
            try await t.act(b.code, "signFor", as: zjj)
            // c: never signed; by 14:00 its sign-for limit (11:00) has passed: late.
            t.clock.advance(by: 2 * 3600)
            // By hand, for 26 Nov: sign-for on time 1 of 3 (a on time; b, c late);
            // closure: a closed on time 1 of 1 (b and c are not due yet);
            // resolution 1 of 1; satisfaction 1 of 1 (basically satisfied counts).
            // Score = (1/3 + 1 + 1 + 1) / 4 = 0.8333… → 83.3 points; sample 3 ≥ minimum 3 → rank 1.
            let result = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3", as: dispatcher,
                                         EvaluationController.ResultDTO.self)
            let row = try #require(result.rows.first { $0.code == "ZJJ" })
            #expect(result.rows.count == 1)
            #expect((row.signFor.numerator, row.signFor.denominator) == (1, 3))
            #expect((row.closure.numerator, row.closure.denominator) == (1, 1))
            #expect((row.resolution.numerator, row.resolution.denominator) == (1, 1))
            #expect((row.satisfaction.numerator, row.satisfaction.denominator) == (1, 1))
            #expect(row.score == 83.3 && row.rank == 1 && row.sample == 3)
            // with the default minimum sample (5) the unit is listed but not ranked
            let strict = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27", as: dispatcher, EvaluationController.ResultDTO.self)
            #expect(strict.rows.first?.rank == nil && strict.rows.first?.notRanked != nil)
            // by town: the orders lie in 鲁城街道
            let towns = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27&groupBy=town&minimumSample=1", as: dispatcher,
                                        EvaluationController.ResultDTO.self)
            #expect(towns.rows.map(\.sample) == [3])
            // the CSV has the same figures
            let csv = try await t.send(.GET, "/api/v1/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3&format=csv", as: dispatcher, expect: .ok).text
            #expect(csv.hasPrefix("单位,名称"))
            #expect(csv.contains("ZJJ,") && csv.contains(",1,3,33.3,"))
            // refused and bad requests
            try await t.send(.GET, "/api/v1/evaluation", as: zjj, expect: .forbidden)
            try await t.send(.GET, "/api/v1/evaluation?from=2026-11-27&to=2026-11-26", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/evaluation?groupBy=village", as: dispatcher, expect: .badRequest)
            // the page shows the table
            let html = try await get(t, "/console/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3", try await signIn(t, "supervisor")).body.string
            #expect(html.contains("ZJJ") && html.contains("83.3") && html.contains("33.3%"))
            _ = c
        }
    }
}

@Suite(.serialized) struct ClearanceAPITests {
    @Test func theBoardShowsEachUnitsBacklogAndItsTrend() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), early = try await t.login("dispatcher")
            // an empty board is an empty list
            #expect(try await t.get("/api/v1/clearance", as: early, ClearanceController.BoardDTO.self).rows.isEmpty)
            // day 1: two orders for ZJJ; day 3: one of them is closed
            let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            t.clock.advance(by: 2 * 86_400)
            // (sign-in tokens last 12 hours: sign in again)
            let dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            try await t.act(a.code, "signFor", as: zjj)
            try await t.act(a.code, "report", ActionInput(note: "已修复"), as: zjj)
            try await t.act(a.code, "reply", ActionInput(reply: "已修复"), as: dispatcher)
            try await t.act(a.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: dispatcher)
            try await t.act(a.code, "close", as: dispatcher)
            let board = try await t.get("/api/v1/clearance?days=3", as: dispatcher, ClearanceController.BoardDTO.self)
            let zjjRow = try #require(board.rows.first { $0.code == "ZJJ" })
            // by hand: 2 days ago both were open (2), 1 day ago still 2, now 1 → change −1; the open one is 2 days old
            #expect(zjjRow.open == 1 && zjjRow.trend == [2, 2, 1] && zjjRow.change == -1)
            #expect(zjjRow.ageBuckets == [0, 1, 0, 0] && zjjRow.redone == 0)
            // by town, and bad input, and roles
            let towns = try await t.get("/api/v1/clearance?groupBy=town&days=3", as: dispatcher, ClearanceController.BoardDTO.self)
            #expect(towns.rows.map(\.open).reduce(0, +) == 1)
            try await t.send(.GET, "/api/v1/clearance?days=0", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/clearance", as: zjj, expect: .forbidden)
            let html = try await get(t, "/console/clearance?days=3", try await signIn(t, "leader")).body.string
            #expect(html.contains("ZJJ") && html.contains("▼ 1") && html.contains("<polyline"))
        }
    }
}
