import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

extension TestApp {
    static func visitJSON(_ area: String, name: String = "孔德成", phone: String = "13812345678") -> String {
        #"{"name":"\#(name)","phone":"\#(phone)","matter":"宅基地边界与邻居发生争执，请求调处。","area":"\#(area)"}"#
    }

    func visit(_ area: String, _ headers: HTTPHeaders, name: String = "孔德成") async throws -> HallVisitDTO {
        try await send(.POST, "/api/v1/hall/visits", as: headers, body: Self.visitJSON(area, name: name), expect: .created)
            .decode(HallVisitDTO.self)
    }

    func callNext(_ area: String, _ counter: String, _ headers: HTTPHeaders, expect: HTTPResponseStatus = .ok) async throws -> Reply {
        try await send(.POST, "/api/v1/hall/areas/\(area)/call-next", as: headers, body: #"{"counter":"\#(counter)"}"#, expect: expect)
    }
}

@Suite(.serialized) struct HallTests {
    @Test func numbersRunPerAreaAndRestartOnTheNextLocalDay() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let a1 = try await t.visit("jointPetition", desk)
            let a2 = try await t.visit("jointPetition", desk)
            let b1 = try await t.visit("lawRelated", desk)
            #expect([a1.ticket, a2.ticket, b1.ticket] == ["A001", "A002", "B001"])
            #expect(a1.phone == "138****5678" && a1.state == "waiting" && a1.day == "2026-11-26")
            // 23:59 local is still the same day; 00:00 the next day starts at 001 again.
            t.clock.advance(by: 14 * 3600 + 59 * 60)
            let evening = try await t.login("clerk")  // sessions do not last the day
            #expect(try await t.visit("jointPetition", evening).ticket == "A003")
            t.clock.advance(by: 60)
            let next = try await t.visit("jointPetition", evening)
            #expect(next.ticket == "A001" && next.day == "2026-11-27")
            try await t.send(.POST, "/api/v1/hall/visits", as: evening, body: TestApp.visitJSON("nowhere"), expect: .badRequest)
        }
    }

    @Test func twentyConcurrentRegistrationsGetTwentyNumbers() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let tickets = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<20 {
                    group.addTask { try await t.visit("mediation", desk, name: "来访人\(i)").ticket }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(tickets).count == 20)
            #expect(Set(tickets) == Set((1...20).map { QueueNumber(prefix: "C", sequence: $0).description }))
        }
    }

    @Test func callNextTakesTheOldestWaitingAndRefusesWhenNobodyWaits() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let first = try await t.visit("jointPetition", desk)
            _ = try await t.visit("jointPetition", desk)
            t.clock.advance(by: 600)
            let staff = try await t.login("petition")
            let called = try await t.callNext("jointPetition", "1号窗口", staff).decode(HallVisitDTO.self)
            #expect(called.id == first.id && called.state == "called" && called.counter == "1号窗口" && called.waitSeconds == 600)
            #expect(try await t.callNext("jointPetition", "2号窗口", staff).decode(HallVisitDTO.self).ticket == "A002")
            let none = try await t.callNext("jointPetition", "1号窗口", staff, expect: .conflict).decode(ErrorBody.self)
            #expect(none.error.code == "conflict")
            try await t.callNext("jointPetition", "9号窗口", staff, expect: .badRequest)
            let figures = try await t.send(.GET, "/api/v1/hall/figures", as: staff, expect: .ok).decode(HallFiguresDTO.self)
            #expect(figures.registered == 2 && figures.waiting == 0 && figures.averageWaitSeconds == 600)
        }
    }

    @Test func anIllegalActionIsRefusedWithTheAllowedActions() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let v = try await t.visit("lawRelated", desk)
            let refused = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/triage", as: desk,
                                           body: #"{"outcome":"answered","note":"已答复"}"#, expect: .conflict).decode(ErrorBody.self)
            #expect(refused.error.state == "waiting" && refused.error.allowedActions == ["call", "leave"])
            let left = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/leave", as: desk, expect: .ok).decode(HallVisitDTO.self)
            #expect(left.state == "left" && left.allowedActions.isEmpty)
            let events = try await CaseEventLog.history(.hallVisit, v.id, on: t.app.db)
            #expect(events.map(\.seq) == [1, 2] && events.map(\.action) == ["register", "leave"])
        }
    }

    @Test func aServedVisitIsTriagedIntoAnOrderWithItsLink() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let v = try await t.visit("jointPetition", desk)
            _ = try await t.callNext("jointPetition", "1号窗口", desk)
            t.clock.advance(by: 60)
            _ = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/serve", as: desk, expect: .ok)
            t.clock.advance(by: 300)
            let done = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/triage", as: desk,
                                        body: #"{"outcome":"order","referral":{"categoryCode":"0106","address":"鲁城街道五马祠街12号"}}"#,
                                        expect: .ok).decode(HallVisitDTO.self)
            #expect(done.state == "triaged" && done.linkType == "order")
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == (done.linkRef ?? "")).first())
            #expect(order.channel == "walkIn")
            let figures = try await t.send(.GET, "/api/v1/hall/figures", as: desk, expect: .ok).decode(HallFiguresDTO.self)
            #expect(figures.served == 1 && figures.averageServiceSeconds == 300)
        }
    }

    @Test func aServedVisitIsTriagedIntoAMediationCase() async throws {
        try await withApp { t in
            let desk = try await t.login("clerk")
            let v = try await t.visit("mediation", desk)
            _ = try await t.callNext("mediation", "6号窗口", desk)
            _ = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/serve", as: desk, expect: .ok)
            let done = try await t.send(.POST, "/api/v1/hall/visits/\(v.id)/actions/triage", as: desk,
                                        body: #"{"outcome":"mediation","referral":{"disputeType":"neighbourhood","respondentName":"颜明","applicantConsent":true,"respondentConsent":true}}"#,
                                        expect: .ok).decode(HallVisitDTO.self)
            #expect(done.linkType == "mediation")
            let mc = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == (done.linkRef ?? "")).first())
            #expect(mc.source == "hall" && mc.sourceRef == v.id.uuidString)
        }
    }
}
