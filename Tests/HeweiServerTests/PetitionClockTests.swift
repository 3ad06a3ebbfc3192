import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

@Suite struct PetitionClockTests {
    /// Fri 3 July 2026, 10:00 in Qufu (UTC+8).
    static let july3 = Date(timeIntervalSince1970: 1_783_044_000)

    @Test func sixtyPlusThirtyDaysEndAfterTheNationalDayHoliday() async throws {
        try await withApp(start: Self.july3) { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            let p = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"RSJ\"}", as: staff)
            try await t.petitionAct(p.code, "accept", "{\"decision\":\"予以受理\"}", as: rsj)
            let iso = ISO8601DateFormatter()
            // day 60 is Tue 1 September 2026, a working day: due at its 24:00 (UTC+8)
            #expect(try await handlingDue(t, p.code, staff) == iso.date(from: "2026-09-01T16:00:00Z"))
            try await t.petitionAct(p.code, "startHandling", as: rsj)
            try await t.petitionAct(p.code, "extend", "{\"days\":31,\"reason\":\"x\",\"notice\":\"y\"}", as: rsj, expect: .badRequest)
            let r = try await t.petitionAct(p.code, "extend", "{\"days\":30,\"reason\":\"需委托专业机构鉴定漏水原因\",\"notice\":\"因需鉴定，办理期限延长30日，请您谅解。\"}", as: rsj)
            #expect(try r.decode(PetitionDTO.self).state == "extended")
            // day 90 is Thu 1 October (National Day, off until 7 October): due at 24:00 of Thu 8 October
            #expect(try await handlingDue(t, p.code, staff) == iso.date(from: "2026-10-08T16:00:00Z"))
            try await t.petitionAct(p.code, "extend", "{\"days\":5,\"reason\":\"再延\",\"notice\":\"再延\"}", as: rsj, expect: .conflict)
            let events = try await t.send(.GET, "/api/v1/petitions/\(p.code)/events", as: staff, expect: .ok).decode([CaseEventDTO].self)
            #expect(events.last?.data["noticeToPetitioner"] == "因需鉴定，办理期限延长30日，请您谅解。")
        }
    }

    func handlingDue(_ t: TestApp, _ code: String, _ h: HTTPHeaders) async throws -> Date? {
        let clocks = try await t.send(.GET, "/api/v1/petitions/\(code)/clocks", as: h, expect: .ok).decode([CaseClockDTO].self)
        return clocks.first { $0.kind == "handling" }?.dueAt
    }

    @Test func forwardAndAcceptanceClocksRunFifteenDaysEach() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let p = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            t.clock.advance(by: 20 * 86_400)
            let staff2 = try await t.login("petition")
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"RSJ\"}", as: staff2)
            let clocks = try await t.send(.GET, "/api/v1/petitions/\(p.code)/clocks", as: staff2, expect: .ok).decode([CaseClockDTO].self)
            #expect(clocks.map(\.kind) == ["forward", "acceptance"])
            #expect(clocks[0].status == "late" && clocks[0].limit == "15 statutory days")
            #expect(clocks[1].status == "open")
            let figures = try await t.send(.GET, "/api/v1/petitions/figures", as: staff2, expect: .ok).decode(PetitionFiguresDTO.self)
            #expect(figures.onTime.first { $0.kind == "forward" }?.late == 1)
            #expect(figures.total == 1 && figures.byType["appealClaim"] == 1)
            // the acceptance clock runs late too: the sweeper lights it red and records one overdue event
            t.clock.advance(by: 20 * 86_400)
            _ = try await t.sweep()
            _ = try await t.sweep()
            let staff3 = try await t.login("petition")
            let events = try await t.send(.GET, "/api/v1/petitions/\(p.code)/events", as: staff3, expect: .ok).decode([CaseEventDTO].self)
            #expect(events.filter { $0.action == "overdue" }.count == 1)
            try await t.petitionAct(p.code, "accept", "{\"decision\":\"予以受理\"}", as: staff3)
        }
    }
}
