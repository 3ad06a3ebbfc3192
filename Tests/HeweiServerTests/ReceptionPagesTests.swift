import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct ReceptionPagesTests {
    @Test func petitionStaffScheduleADayBookAResidentAndRecordTheOutcome() async throws {
        try await withApp { t in
            let cookie = try await signIn(t, "petition")
            let empty = try await get(t, "/console/reception", cookie)
            #expect(empty.status == .ok && empty.body.string.contains("没有接访日安排") && empty.body.string.contains("新增接访日"))
            let bad = try await post(t, "/console/reception/days", ["leaderTitle": "副市长", "date": "2026-11-27", "starts": "09:00", "ends": "11:00",
                                                                  "place": "接访室", "capacity": "3"], cookie)
            #expect(bad.status == .badRequest && bad.body.string.contains("leaderName"))
            let made = try await post(t, "/console/reception/days", ["leaderUsername": "leader", "leaderTitle": "副市长", "date": "2026-11-26",
                                                                   "starts": "09:00", "ends": "11:00", "place": "三楼接访室", "capacity": "3"], cookie)
            #expect(made.status == .seeOther)
            let dayPath = try #require(made.headers.first(name: .location))
            let day = try #require(dayPath.components(separatedBy: "day=").last)
            let booked = try await post(t, "/console/reception/days/\(day)/bookings", ["name": "孔繁华", "phone": "13912345678", "matter": "物业多收电费。"], cookie)
            #expect(booked.status == .seeOther)
            let page = try await get(t, dayPath, cookie)
            #expect(page.body.string.contains("孔繁华") && page.body.string.contains("139****5678") && !page.body.string.contains("13912345678"))
            let booking = try #require(try await ReceptionBookingModel.query(on: t.app.db).first())
            let done = try await post(t, "/console/reception/bookings/\(booking.id!)/outcome",
                                      ["outcome": "answered", "note": "当场答复：由物业公司三日内退还。", "day": day], cookie)
            #expect(done.status == .seeOther)
            let after = try await get(t, dayPath, cookie)
            #expect(after.body.string.contains("当场答复") && after.body.string.contains("由物业公司三日内退还"))
        }
    }
}
