import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

@Suite(.serialized) struct ReceptionDemoTests {
    @Test func theDemoHasPastAndUpcomingReceptionDaysAndTodaysHall() async throws {
        try await withApp { t in
            try await DemoReception(app: t.app).seed()
            let staff = try await t.login("petition")
            let upcoming = try await t.send(.GET, "/api/v1/reception/days", as: staff, expect: .ok).decode(HeweiServer.Page<ReceptionDayDTO>.self)
            #expect(upcoming.total == 2)
            let referred = try await t.send(.GET, "/api/v1/reception/bookings?state=referred", as: staff, expect: .ok)
                .decode(HeweiServer.Page<ReceptionBookingDTO>.self)
            #expect(referred.total == 2 && referred.items.allSatisfy { $0.linkType == "order" && $0.linkRef != nil })
            let figures = try await t.send(.GET, "/api/v1/hall/figures", as: staff, expect: .ok).decode(HallFiguresDTO.self)
            #expect(figures.registered == 12 && figures.waiting == 4 && figures.served == 3 && figures.averageWaitSeconds != nil)
            // The numbers issued next continue after the demo's.
            let next = try await t.visit("jointPetition", try await t.login("clerk"))
            #expect(next.ticket == "A007")
            for v in try await HallVisitModel.query(on: t.app.db).all() {
                #expect(try await CaseEventLog.history(.hallVisit, v.id!, on: t.app.db).count == v.version)
            }
        }
    }
}
