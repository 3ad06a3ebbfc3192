import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Reception days change (time, place, capacity…) or are cancelled together with their bookings,
/// each with events; the transition table refuses anything on a cancelled day.
@Suite(.serialized) struct ReceptionDayChangeTests {
    static func changeJSON(place: String = "市社会治理服务中心一楼大厅", capacity: Int = 5, ends: String = "11:30", note: String = "接访室装修") -> String {
        #"{"leaderUsername":"leader","leaderTitle":"市委副书记","date":"2026-11-27","starts":"09:00","ends":"\#(ends)","place":"\#(place)","topics":"征地拆迁、劳动争议","capacity":\#(capacity),"note":"\#(note)"}"#
    }

    func detail(_ t: TestApp, _ day: UUID, _ who: HTTPHeaders) async throws -> ReceptionDayDetailDTO {
        try await t.send(.GET, "/api/v1/reception/days/\(day)", as: who, expect: .ok).decode(ReceptionDayDetailDTO.self)
    }

    @Test func aChangeIsRecordedFieldByFieldAndCapacityNeverFallsBelowTheBookings() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let day = try await t.receptionDay(staff, capacity: 3)
            #expect(day.state == "scheduled" && day.version == 1 && day.allowedActions == ["change", "cancel"])
            _ = try await t.book(day.id, staff)
            _ = try await t.book(day.id, staff, name: "颜丽")
            let changed = try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff, body: Self.changeJSON(), expect: .ok)
                .decode(ReceptionDayDTO.self)
            #expect(changed.place == "市社会治理服务中心一楼大厅" && changed.capacity == 5 && changed.available == 3 && changed.version == 2)
            let history = try await detail(t, day.id, staff).events
            #expect(history.map(\.action) == ["schedule", "change"])
            #expect(history[1].data == ["place": "市社会治理服务中心三楼接访室 → 市社会治理服务中心一楼大厅", "capacity": "3 → 5"])
            #expect(history[1].note == "接访室装修" && history[1].fromState == "scheduled")

            // Refused, and nothing changes: capacity below the 2 booked, the same details again, a past date, a clerk.
            let below = try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff, body: Self.changeJSON(capacity: 1), expect: .badRequest)
                .decode(ErrorBody.self)
            #expect(below.error.field == "capacity" && below.error.reason.contains("2 places already booked"))
            try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff, body: Self.changeJSON(), expect: .badRequest)
            try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff,
                             body: Self.changeJSON().replacingOccurrences(of: "2026-11-27", with: "2026-11-01"), expect: .badRequest)
            try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: try await t.login("clerk"), body: Self.changeJSON(ends: "12:00"),
                             expect: .forbidden)
            try await t.send(.PUT, "/api/v1/reception/days/\(UUID())", as: staff, body: Self.changeJSON(ends: "12:00"), expect: .notFound)
            let still = try await detail(t, day.id, staff)
            #expect(still.day.capacity == 5 && still.day.version == 2 && still.events.count == 2)
        }
    }

    @Test func cancellingADayCancelsItsBookingsInOneTransaction() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let day = try await t.receptionDay(staff, capacity: 3)
            let first = try await t.book(day.id, staff)
            let second = try await t.book(day.id, staff, name: "颜丽")
            try await t.send(.POST, "/api/v1/reception/bookings/\(second.id)/actions/cancel", as: staff, body: #"{"note":"本人取消"}"#, expect: .ok)
            try await t.send(.POST, "/api/v1/reception/days/\(day.id)/cancel", as: staff, body: #"{"reason":""}"#, expect: .badRequest)
            #expect(try await detail(t, day.id, staff).day.state == "scheduled")

            let leader = try await t.login("leader")
            let answer = try await t.send(.POST, "/api/v1/reception/days/\(day.id)/cancel", as: leader, body: #"{"reason":"领导临时出差"}"#, expect: .ok)
                .decode(ReceptionDayCancelled.self)
            #expect(answer.day.state == "cancelled" && answer.day.booked == 0 && answer.day.available == 0 && answer.day.allowedActions.isEmpty)
            #expect(answer.day.cancelReason == "领导临时出差")
            // Only the booking still holding a place is cancelled with the day, and it is named (masked) so staff can call.
            #expect(answer.cancelledBookings.map(\.id) == [first.id])
            #expect(answer.cancelledBookings.first?.phone == "139****5678")
            let read = try await detail(t, day.id, staff)
            #expect(read.events.map(\.action) == ["schedule", "cancel"] && read.events[1].data["bookingsCancelled"] == "1")
            let booking = try #require(read.bookings.first { $0.id == first.id })
            #expect(booking.state == "cancelled" && booking.version == 2 && booking.outcomeNote?.contains("领导临时出差") == true)
            let events = try await CaseEventLog.history(.reception, first.id, on: t.app.db)
            #expect(events.map(\.action) == ["book", "cancel"])

            // Nothing more happens on a cancelled day.
            let booked = try await t.send(.POST, "/api/v1/reception/days/\(day.id)/bookings", as: staff, body: TestApp.bookingJSON("曾强"),
                                          expect: .conflict)
            #expect(booked.text.contains("cancelled"))
            let change = try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff, body: Self.changeJSON(), expect: .conflict)
                .decode(ErrorBody.self)
            #expect(change.error.code == "illegal_transition" && change.error.state == "cancelled" && change.error.allowedActions == [])
            try await t.send(.POST, "/api/v1/reception/days/\(day.id)/cancel", as: staff, body: #"{"reason":"再次取消"}"#, expect: .conflict)
            #expect(try await ReceptionBookingModel.query(on: t.app.db).count() == 2)
        }
    }

    @Test func aDayThatIsOverCanNeitherChangeNorBeCancelled() async throws {
        try await withApp { t in
            let day = try await t.receptionDay(try await t.login("petition"), date: "2026-11-26", capacity: 3)
            t.clock.advance(by: 2 * 86_400)
            let staff = try await t.login("petition")  // tokens last 12 hours
            let late = try await t.send(.PUT, "/api/v1/reception/days/\(day.id)", as: staff, body: Self.changeJSON(), expect: .conflict)
            #expect(late.text.contains("is over"))
            try await t.send(.POST, "/api/v1/reception/days/\(day.id)/cancel", as: staff, body: #"{"reason":"补录"}"#, expect: .conflict)
        }
    }

    @Test func theConsoleChangesAndCancelsADay() async throws {
        try await withApp { t in
            let cookie = try await signIn(t, "petition")
            let day = try await t.receptionDay(try await t.login("petition"), capacity: 3)
            let path = "/console/reception?day=\(day.id)"
            #expect(try await get(t, path, cookie).body.string.contains("调整接访日"))
            var fields = ["leaderUsername": "leader", "leaderTitle": "市委副书记", "date": "2026-11-27", "starts": "14:00", "ends": "16:30",
                          "place": "市社会治理服务中心三楼接访室", "topics": "征地拆迁、劳动争议", "capacity": "3", "note": "改到下午"]
            #expect(try await post(t, "/console/reception/days/\(day.id)", fields, cookie).status == .seeOther)
            let changed = try await get(t, path, cookie).body.string
            #expect(changed.contains("14:00–16:30") && changed.contains("接访日变更记录") && changed.contains("starts：09:00 → 14:00"))
            fields["capacity"] = "x"
            #expect(try await post(t, "/console/reception/days/\(day.id)", fields, cookie).status == .badRequest)
            #expect(try await post(t, "/console/reception/days/\(day.id)/cancel", ["reason": "领导临时出差"], cookie).status == .seeOther)
            let cancelled = try await get(t, path, cookie).body.string
            #expect(cancelled.contains("本接访日已取消") && cancelled.contains("领导临时出差") && !cancelled.contains("调整接访日"))
            #expect(try await get(t, "/console/reception", cookie).body.string.contains("已取消"))
        }
    }
}
