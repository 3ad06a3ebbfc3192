import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The closed loop 受理→派单→签收→办理→反馈→回复→回访→办结, through the API.
@Suite(.serialized) struct OrderLoopTests {
    @Test func theWholeLoopClosesAnOrderWithItsTimeline() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            var dispatcher = try await t.login("dispatcher"), handler = try await t.login("h-zjj")
            // given a hotline request about street lighting, dispatched by the category's rule
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            #expect(order.code.hasPrefix("370881-20261126-"))
            #expect(order.state == "dispatched")
            #expect(order.leadUnit == "ZJJ")
            // when the unit signs for, handles and reports, the centre replies and follows up
            t.clock.advance(by: 1800)
            try await t.act(order.code, "signFor", as: handler)
            t.clock.advance(by: 86_400)
            // tokens live 12 hours: sign in again the next day
            (dispatcher, handler) = (try await t.login("dispatcher"), try await t.login("h-zjj"))
            try await t.act(order.code, "report", ActionInput(note: "已更换灯泡，恢复照明"), as: handler)
            try await t.act(order.code, "reply", ActionInput(reply: "路灯已修复，感谢反映"), as: dispatcher)
            t.clock.advance(by: 86_400)
            dispatcher = try await t.login("dispatcher")
            let followup = try await t.login("followup")
            try await t.act(order.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: followup)
            try await t.act(order.code, "close", as: dispatcher)
            // then it is closed and every step is in the timeline, on time
            let closed = try await t.order(order.code, as: dispatcher)
            #expect(closed.state == "closed")
            #expect(closed.closedAt != nil)
            #expect(closed.allowedActions.isEmpty)
            let timeline = try await t.timeline(order.code, as: dispatcher)
            #expect(timeline.map(\.action) == ["accept", "dispatch", "signFor", "report", "reply", "recordFollowUp", "close"])
            #expect(timeline.first { $0.action == "signFor" }?.data["onTime"] == "true")
            #expect(timeline.first { $0.action == "report" }?.data["onTime"] == "true")
            let clocks = try await t.deadlines(order.code, as: dispatcher)
            #expect(clocks.first { $0.kind == "signFor" }?.status == "met")
            #expect(clocks.first { $0.kind == "handling" }?.status == "met")
            #expect(clocks.allSatisfy { $0.status != "open" })
        }
    }

    @Test func enquiriesAreAnsweredAtOnceAndClosedAtIntake() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(
                TestApp.hotlineRequest(category: "0404", dispatchTo: nil, kind: "enquiry", answer: "创业担保贷款请到市人社局三楼窗口办理"),
                as: clerk))
            #expect(order.state == "closed")
            #expect(order.reply == "创业担保贷款请到市人社局三楼窗口办理")
            #expect(try await t.timeline(order.code, as: clerk).map(\.action) == ["accept", "answerAtOnce"])
            // a complaint cannot be answered at intake, and nothing is stored
            let before = try await WorkOrderModel.query(on: t.app.db).count()
            try await t.intake(TestApp.hotlineRequest(dispatchTo: nil, kind: "complaint", answer: "x"), as: clerk, expect: .badRequest)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == before)
        }
    }

    @Test func anApprovedObjectionReassignsTheOrder() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), zhzf = try await t.login("h-zhzf")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            t.clock.advance(by: 3600)
            // an objection needs reasons
            try await t.act(order.code, "object", as: zjj, expect: .badRequest)
            try await t.act(order.code, "object", ActionInput(note: "该路段路灯由综合执法局管理"), as: zjj)
            #expect(try await t.order(order.code, as: dispatcher).state == "objectionPending")
            try await t.act(order.code, "approveObjection", ActionInput(note: "核实属实，改派", unit: "ZHZF"), as: dispatcher)
            let moved = try await t.order(order.code, as: dispatcher)
            #expect(moved.state == "dispatched")
            #expect(moved.leadUnit == "ZHZF")
            // the old unit can no longer see it; the new one can and must sign for it
            try await t.app.testing().test(.GET, "/api/v1/orders/\(order.code)", headers: zjj) { res in #expect(res.status == .notFound) }
            try await t.act(order.code, "signFor", as: zhzf)
            let clocks = try await t.deadlines(order.code, as: dispatcher)
            #expect(clocks.filter { $0.kind == "handling" }.map(\.status).sorted() == ["cancelled", "open"])
        }
    }

    @Test func aRejectedObjectionLeavesTheOrderWithTheUnitAndTheWindowCloses() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            try await t.act(order.code, "object", ActionInput(note: "不属于本单位职责"), as: zjj)
            try await t.act(order.code, "rejectObjection", ActionInput(note: "路灯维护属住建局职责"), as: dispatcher)
            let o = try await t.order(order.code, as: dispatcher)
            #expect(o.state == "handling")
            #expect(o.leadUnit == "ZJJ")
            // a second objection is refused: the rejection closed the window
            let body = try await t.act(order.code, "object", ActionInput(note: "再次异议"), as: zjj, expect: .conflict)
            #expect(body.contains("rule_violation"))
        }
    }

    @Test func objectionsAfterTheEightHourWindowAreRefused() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            t.clock.advance(by: 8 * 3600 + 1)
            let body = try await t.act(order.code, "object", ActionInput(note: "不属于本单位"), as: zjj, expect: .conflict)
            #expect(body.contains("objection window has closed"))
            #expect(try await t.order(order.code, as: zjj).state == "handling")
        }
    }

    @Test func anApprovedExtensionMovesTheHandlingDeadline() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            let due = try #require(try await t.order(order.code, as: zjj).dueAt)
            // more than the 10 working days allowed in total is refused
            try await t.act(order.code, "requestExtension", ActionInput(note: "需采购灯具", extension: "11 working days"),
                            as: zjj, expect: .badRequest)
            try await t.act(order.code, "requestExtension", ActionInput(note: "需采购灯具", extension: "3 working days"), as: zjj)
            try await t.act(order.code, "approveExtension", as: dispatcher)
            let extended = try #require(try await t.order(order.code, as: zjj).dueAt)
            // Thu 26 Nov + 5 working days = Thu 3 Dec; + 3 more = Tue 8 Dec, same time of day.
            #expect(extended.timeIntervalSince(due) == 5 * 86_400)
            try await t.act(order.code, "requestExtension", ActionInput(note: "再延", extension: "2 working days"), as: zjj)
            try await t.act(order.code, "rejectExtension", ActionInput(note: "不予延期"), as: dispatcher)
            #expect(try await t.order(order.code, as: zjj).dueAt == extended)
        }
    }

    @Test func anUnsatisfiedFollowUpSendsTheOrderBackForRedoWithTheSameCode() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), followup = try await t.login("followup")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            try await t.act(order.code, "report", ActionInput(note: "已处理"), as: zjj)
            try await t.act(order.code, "reply", ActionInput(reply: "已处理"), as: zjj)
            try await t.act(order.code, "recordFollowUp", ActionInput(resolved: false, satisfaction: "unsatisfied"), as: followup)
            // closing an unsatisfied order is refused…
            try await t.act(order.code, "close", as: dispatcher, expect: .conflict)
            // …it goes back to the unit for a second round
            try await t.act(order.code, "redo", ActionInput(note: "群众反映路灯仍不亮"), as: dispatcher)
            let redone = try await t.order(order.code, as: dispatcher)
            #expect(redone.code == order.code)
            #expect(redone.round == 2)
            #expect(redone.state == "dispatched")
            #expect(redone.followUp == nil)
            let rounds = try await t.deadlines(order.code, as: dispatcher).filter { $0.kind == "handling" }.map(\.round)
            #expect(rounds.sorted() == [1, 2])
        }
    }

    @Test func anIllegalActionIsA409NamingStateAndAllowedActionsAndChangesNothing() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let before = try await t.timeline(order.code, as: clerk).count
            let body = try await t.act(order.code, "report", ActionInput(note: "x"), as: zjj, expect: .conflict)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(body.utf8)).error
            #expect(error.code == "illegal_transition")
            #expect(error.state == "dispatched")
            #expect(error.allowedActions == ["reassign", "signFor", "object", "supervise", "suspend", "amend", "addAssisting", "assistSignFor",
                                            "assistReport", "waiveAssist", "escalate", "respondSupervision", "merge", "residentUpdate"])
            #expect(try await t.timeline(order.code, as: clerk).count == before)
            #expect(try await t.order(order.code, as: clerk).state == "dispatched")
            // an unknown action is a 404, a role without the right a 403
            try await t.act(order.code, "teleport", as: zjj, expect: .notFound)
            try await t.act(order.code, "dispatch", ActionInput(unit: "ZJJ"), as: zjj, expect: .forbidden)
        }
    }

    @Test func aRedLightRaisesOneAutomaticSupervision() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), supervisor = try await t.login("supervisor")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            // the sign-for limit is 2 working hours; yellow comes 30 minutes before (25%)
            t.clock.advance(by: 95 * 60)
            #expect(try await t.sweep().yellow == 1)
            #expect(try await t.order(order.code, as: supervisor).light == "yellow")
            t.clock.advance(by: 30 * 60)
            let report = try await t.sweep()
            #expect(report.red == 1)
            #expect(try await t.sweep() == DeadlineSweeper.Report())
            let o = try await t.order(order.code, as: supervisor)
            #expect(o.light == "red")
            #expect(o.supervisionCount == 1)
            let auto = try await t.timeline(order.code, as: supervisor).filter { $0.action == "supervise" }
            #expect(auto.count == 1)
            #expect(auto.first?.actorRole == "system")
            #expect(auto.first?.data["clock"] == "signFor")
            // the yellow light appended nothing: event numbers stay contiguous
            let seqs = try await t.timeline(order.code, as: supervisor).map(\.seq)
            #expect(seqs == Array(1...seqs.count))
            // a late sign-for is recorded as late
            try await t.act(order.code, "signFor", as: try await t.login("h-zjj"))
            #expect(try await t.timeline(order.code, as: supervisor).last?.data["onTime"] == "false")
        }
    }

    @Test func aSuspendedClockDoesNotRun() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            let due = try #require(try await t.order(order.code, as: zjj).dueAt)
            try await t.act(order.code, "suspend", as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "suspend", ActionInput(note: "等待群众提供现场照片"), as: dispatcher)
            let suspended = try await t.order(order.code, as: zjj)
            #expect(suspended.suspended)
            #expect(suspended.dueAt == nil)
            try await t.act(order.code, "report", ActionInput(note: "x"), as: zjj, expect: .conflict)
            // Thursday 09:00 → Friday 09:00 is one working day that does not count
            t.clock.advance(by: 86_400)
            let dispatcherNextDay = try await t.login("dispatcher")
            try await t.act(order.code, "resume", as: dispatcherNextDay)
            let resumed = try #require(try await t.order(order.code, as: dispatcherNextDay).dueAt)
            #expect(resumed.timeIntervalSince(due) == 86_400) // Thu 3 Dec 09:00 → Fri 4 Dec 09:00
        }
    }
}
