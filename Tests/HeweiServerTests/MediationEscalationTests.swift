import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Escalation up to the city, the joint consultation of a major case, a converted work order, and the
/// sweeper's overdue event on a case clock.
@Suite struct MediationEscalationTests {
    @Test func aMajorCaseGoesUpToTheCityAndConvenesAJointConsultation() async throws {
        try await withApp { t in
            let town = try await t.login("m-370881001000"), city = try await t.login("mediator")
            let c = try #require(try await t.openMediation(TestApp.mediationOpening(room: "370881001000-01", type: "labour", major: true), as: town))
            try await t.mediate(c.code, "escalate", #"{"reason":"涉及多名农民工欠薪，提请市中心调解"}"#, as: town)
            let atCity = try await t.mediationCase(c.code, as: city)
            #expect(atCity.centre == "370881000000" && atCity.room == "370881000000-01")
            let (_, top) = try await t.mediate(c.code, "escalate", #"{"reason":"再上报"}"#, as: city, expect: .conflict)
            #expect(top.contains("rule_violation"))
            try await t.mediate(c.code, "conclude", #"{"conclusions":"无会商"}"#, as: city, expect: .conflict)
            try await t.mediate(c.code, "convene", #"{"place":"会商室","units":["SFJ","NOPE"],"scheduledAt":"2026-11-27T02:00:00Z"}"#, as: city, expect: .badRequest)
            try await t.mediate(c.code, "convene", #"{"place":"市中心会商室","units":["SFJ","RSJ"],"scheduledAt":"2026-11-27T02:00:00Z"}"#, as: city)
            try await t.mediate(c.code, "convene", #"{"place":"市中心会商室","units":["SFJ"],"scheduledAt":"2026-11-28T02:00:00Z"}"#, as: city, expect: .conflict)
            let (done, _) = try await t.mediate(c.code, "conclude", #"{"conclusions":"人社局督促用工单位筹措资金，分两期支付。"}"#, as: city)
            #expect(done?.history.map(\.action) == ["open", "escalate", "convene", "conclude"])
            // the town that opened it still sees it; a minor case may not convene
            #expect(try await t.mediationCase(c.code, as: town).state == "accepted")
            let minor = try #require(try await t.openMediation(TestApp.mediationOpening(room: "370881000000-01"), as: city))
            try await t.mediate(minor.code, "convene", #"{"place":"会商室","units":["SFJ"],"scheduledAt":"2026-11-27T02:00:00Z"}"#, as: city, expect: .conflict)
        }
    }

    @Test func aConvertedWorkOrderIsLinkedAndAnOverdueCaseGetsTheSweepersEvent() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            let c = try #require(try await t.openMediation(TestApp.mediationOpening(room: "370881000000-01", source: "workOrder", ref: order.code), as: clerk))
            let row = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == c.code).first())
            #expect(row.sourceOrderID != nil && row.source == "workOrder")
            t.clock.advance(by: 40 * 86_400)
            _ = try await t.sweep()
            let m = try await t.login("mediator")
            let late = try await t.mediationCase(c.code, as: m)
            #expect(late.clocks.first { $0.kind == "duration" }?.light == "red")
            #expect(late.history.map(\.action).contains("overdue"))
        }
    }
}
