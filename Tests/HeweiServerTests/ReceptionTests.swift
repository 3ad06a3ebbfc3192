import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Steps for the reception and hall scenarios, all through HTTP.
extension TestApp {
    static func receptionDayJSON(date: String = "2026-11-27", capacity: Int = 2) -> String {
        #"{"leaderUsername":"leader","leaderTitle":"市委副书记","date":"\#(date)","starts":"09:00","ends":"11:30","place":"市社会治理服务中心三楼接访室","topics":"征地拆迁、劳动争议","capacity":\#(capacity)}"#
    }

    static func bookingJSON(_ name: String = "孔繁华", phone: String = "13912345678") -> String {
        #"{"name":"\#(name)","phone":"\#(phone)","matter":"小区物业拒不退还多收的公摊电费，多次协商无果。"}"#
    }

    func receptionDay(_ headers: HTTPHeaders, date: String = "2026-11-27", capacity: Int = 2) async throws -> ReceptionDayDTO {
        try await send(.POST, "/api/v1/reception/days", as: headers, body: Self.receptionDayJSON(date: date, capacity: capacity),
                       expect: .created).decode(ReceptionDayDTO.self)
    }

    func book(_ day: UUID, _ headers: HTTPHeaders, name: String = "孔繁华") async throws -> ReceptionBookingDTO {
        try await send(.POST, "/api/v1/reception/days/\(day)/bookings", as: headers, body: Self.bookingJSON(name), expect: .created)
            .decode(ReceptionBookingDTO.self)
    }
}

@Suite(.serialized) struct ReceptionTests {
    @Test func bookingsFillTheDayAndTheNextIsRefused() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let day = try await t.receptionDay(staff, capacity: 2)
            #expect(day.leaderName.isEmpty == false && day.leaderUsername == "leader" && day.available == 2)
            let first = try await t.book(day.id, staff)
            #expect(first.phone == "139****5678" && first.state == "booked" && first.version == 1)
            _ = try await t.book(day.id, staff, name: "颜丽")
            let full = try await t.send(.POST, "/api/v1/reception/days/\(day.id)/bookings", as: staff, body: TestApp.bookingJSON("曾强"),
                                        expect: .conflict)
            #expect(full.text.contains("full"))
            // A cancellation gives the place back; cancelling again is refused by the table.
            let cancelled = try await t.send(.POST, "/api/v1/reception/bookings/\(first.id)/actions/cancel", as: staff,
                                             body: #"{"note":"本人来电取消"}"#, expect: .ok).decode(ReceptionBookingDTO.self)
            #expect(cancelled.state == "cancelled" && cancelled.version == 2)
            let again = try await t.send(.POST, "/api/v1/reception/bookings/\(first.id)/actions/cancel", as: staff, expect: .conflict)
                .decode(ErrorBody.self)
            #expect(again.error.code == "illegal_transition" && again.error.state == "cancelled" && again.error.allowedActions == [])
            _ = try await t.book(day.id, staff, name: "曾强")
            let read = try await t.send(.GET, "/api/v1/reception/days/\(day.id)", as: staff, expect: .ok).decode(ReceptionDayDetailDTO.self)
            #expect(read.day.booked == 2 && read.bookings.count == 3)
            #expect(!read.bookings.contains { $0.phone.contains("12345678") })
        }
    }

    @Test func badInputIsRefusedAndChangesNothing() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            try await t.send(.POST, "/api/v1/reception/days", as: staff, body: TestApp.receptionDayJSON(date: "2026-11-20"), expect: .badRequest)
            try await t.send(.POST, "/api/v1/reception/days", as: staff, body: TestApp.receptionDayJSON(capacity: 0), expect: .badRequest)
            let day = try await t.receptionDay(staff, date: "2026-11-26")
            let b = try await t.book(day.id, staff)
            // An order needs a category: 400, and the booking stays as it was.
            let bad = try await t.send(.POST, "/api/v1/reception/bookings/\(b.id)/outcome", as: staff,
                                       body: #"{"outcome":"order","referral":{"address":"鲁城街道"}}"#, expect: .badRequest).decode(ErrorBody.self)
            #expect(bad.error.field == "referral.categoryCode")
            let list = try await t.send(.GET, "/api/v1/reception/bookings?day=\(day.id)", as: staff, expect: .ok).decode(HeweiServer.Page<ReceptionBookingDTO>.self)
            #expect(list.items.map(\.state) == ["booked"] && list.items[0].version == 1)
            let events = try await CaseEventLog.history(.reception, b.id, on: t.app.db)
            #expect(events.map(\.action) == ["book"])
            // A clerk may book but not record outcomes.
            let clerk = try await t.login("clerk")
            try await t.send(.POST, "/api/v1/reception/bookings/\(b.id)/outcome", as: clerk, body: #"{"outcome":"answered","note":"已答复"}"#,
                             expect: .forbidden)
        }
    }

    @Test func anOutcomeBecomesAWorkOrderInTheSameTransaction() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let day = try await t.receptionDay(staff, date: "2026-11-26")
            let b = try await t.book(day.id, staff)
            let done = try await t.send(.POST, "/api/v1/reception/bookings/\(b.id)/outcome", as: staff,
                                        body: #"{"outcome":"order","note":"领导批示：住建局三日内答复。","referral":{"categoryCode":"0106","address":"鲁城街道五马祠街12号"}}"#,
                                        expect: .ok).decode(ReceptionBookingDTO.self)
            #expect(done.state == "referred" && done.linkType == "order" && done.version == 2)
            let code = try #require(done.linkRef)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == code).first())
            #expect(order.channel == "walkIn" && order.requesterPhone == "13912345678" && order.requesterName == "孔繁华")
            let events = try await CaseEventLog.history(.reception, b.id, on: t.app.db)
            #expect(events.map(\.action) == ["book", "referToOrder"])
            #expect(CaseEventDTO(events[1]).data["linkRef"] == code)
        }
    }

    @Test func outcomesBecomeAPetitionAndAMediationCase() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let day = try await t.receptionDay(staff, date: "2026-11-26", capacity: 5)
            let p = try await t.book(day.id, staff)
            let petition = try await t.send(.POST, "/api/v1/reception/bookings/\(p.id)/outcome", as: staff,
                                            body: #"{"outcome":"petition","referral":{"petitionType":"appealClaim"}}"#, expect: .ok)
                .decode(ReceptionBookingDTO.self)
            #expect(petition.linkType == "petition")
            #expect(try await PetitionModel.query(on: t.app.db).filter(\.$code == (petition.linkRef ?? "")).count() == 1)
            let m = try await t.book(day.id, staff, name: "颜丽")
            let mediation = try await t.send(.POST, "/api/v1/reception/bookings/\(m.id)/outcome", as: staff,
                                             body: #"{"outcome":"mediation","referral":{"disputeType":"neighbourhood","respondentName":"曾强","applicantConsent":true,"respondentConsent":true}}"#,
                                             expect: .ok).decode(ReceptionBookingDTO.self)
            #expect(mediation.linkType == "mediation")
            let mc = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == (mediation.linkRef ?? "")).first())
            #expect(mc.source == "reception")
            let n = try await t.book(day.id, staff, name: "曾强")
            let missed = try await t.send(.POST, "/api/v1/reception/bookings/\(n.id)/outcome", as: staff, body: #"{"outcome":"noShow"}"#,
                                          expect: .ok).decode(ReceptionBookingDTO.self)
            #expect(missed.state == "noShow")
            let refused = try await t.send(.POST, "/api/v1/reception/bookings/\(n.id)/outcome", as: staff,
                                           body: #"{"outcome":"answered","note":"x"}"#, expect: .conflict).decode(ErrorBody.self)
            #expect(refused.error.state == "noShow")
        }
    }

    @Test func theCalendarListsUpcomingDaysOrAMonth() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            _ = try await t.receptionDay(staff, date: "2026-12-03")
            _ = try await t.receptionDay(staff, date: "2026-11-27")
            _ = try await t.receptionDay(staff, date: "2027-01-08")
            let upcoming = try await t.send(.GET, "/api/v1/reception/days", as: staff, expect: .ok).decode(HeweiServer.Page<ReceptionDayDTO>.self)
            #expect(upcoming.items.map(\.date) == ["2026-11-27", "2026-12-03", "2027-01-08"])
            let december = try await t.send(.GET, "/api/v1/reception/days?month=2026-12", as: staff, expect: .ok).decode(HeweiServer.Page<ReceptionDayDTO>.self)
            #expect(december.items.map(\.date) == ["2026-12-03"])
            try await t.send(.GET, "/api/v1/reception/days?month=2026-13", as: staff, expect: .badRequest)
            t.clock.advance(by: 3 * 86_400)
            let later = try await t.send(.GET, "/api/v1/reception/days", as: try await t.login("petition"), expect: .ok).decode(HeweiServer.Page<ReceptionDayDTO>.self)
            #expect(later.total == 2)
        }
    }
}
