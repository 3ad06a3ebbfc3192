import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// KPIs and hotspots from the rollups equal figures worked out by hand for a small data set.
@Suite(.serialized) struct AnalyticsKPITests {
    /// Thu 26 Nov: A (street lighting) goes the whole loop on time; B (street lighting) is never
    /// signed for; C (an enquiry) is answered at intake. All three in 鲁城街道 (370881001).
    static func plant(_ t: TestApp) async throws -> (a: String, b: String, c: String) {
        try await DemoSeeder(app: t.app).seedGrid()
        let clerk = try await t.login("clerk")
        let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk)).code
        let b = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk)).code
        let c = try #require(try await t.intake(TestApp.hotlineRequest(category: "0404", dispatchTo: nil, kind: "enquiry",
                                                                        answer: "请到市人社局三楼窗口办理"), as: clerk)).code
        t.clock.advance(by: 1800)
        try await t.act(a, "signFor", as: try await t.login("h-zjj"))
        t.clock.advance(by: 86_400)  // Fri 27
        try await t.act(a, "report", ActionInput(note: "已修复"), as: try await t.login("h-zjj"))
        try await t.act(a, "reply", ActionInput(reply: "路灯已修复"), as: try await t.login("dispatcher"))
        t.clock.advance(by: 86_400)  // Sat 28
        try await t.act(a, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: try await t.login("followup"))
        try await t.act(a, "close", as: try await t.login("dispatcher"))
        t.clock.advance(by: 2 * 86_400)  // Mon 30: B's sign-for (2 working hours) is long overdue
        try await t.sweep()
        return (a, b, c)
    }

    @Test func kpisOfTheCityATownAndAUnitEqualTheHandCount() async throws {
        try await withApp { t in
            _ = try await Self.plant(t)
            let leader = try await t.login("leader")
            let list = try await t.get("/api/v1/analytics/kpis?area=city&from=2026-11-26&to=2026-11-30", as: leader,
                                       AnalyticsController.KPIList.self)
            let k = list.area.current
            #expect(k.intake == 3)
            // sign-for: A on time, B overdue (decided late), C never dispatched
            #expect(k.signFor == KPIRatio(1, 2))
            // closure: A's handling clock finished in time; B's has not started
            #expect(k.closure == KPIRatio(1, 1))
            #expect(k.resolution == KPIRatio(1, 1))
            #expect(k.satisfaction == KPIRatio(1, 1))
            #expect(k.mediation == KPIRatio(0, 0))
            // the previous five days had nothing: no change to report
            #expect(list.area.previousFrom == "2026-11-21" && list.area.previousTo == "2026-11-25")
            #expect(list.area.change.intake == nil)
            // the town row holds all three, the other towns none
            let town = try #require(list.rows.first { $0.area == "370881001" })
            #expect(town.current.intake == 3 && town.current.signFor == KPIRatio(1, 2))
            #expect(list.rows.count == 12)
            #expect(list.rows.filter { $0.current.intake > 0 }.count == 1)
            // a single day counts only what happened on it: Friday had A's report and nothing else
            let friday = try await t.get("/api/v1/analytics/kpis?area=city&from=2026-11-27&to=2026-11-27&rows=none", as: leader,
                                         AnalyticsController.KPIList.self)
            #expect(friday.area.current.intake == 0)
            #expect(friday.area.current.closure == KPIRatio(1, 1))
            #expect(friday.area.current.signFor == KPIRatio(0, 0))
            // by unit: ZJJ leads A and B
            let units = try await t.get("/api/v1/analytics/kpis?area=city&from=2026-11-26&to=2026-11-30&rows=units", as: leader,
                                        AnalyticsController.KPIList.self)
            let zjj = try #require(units.rows.first { $0.area == "unit:ZJJ" })
            #expect(zjj.current.intake == 2 && zjj.current.signFor == KPIRatio(1, 2))
            // the overview: B is open and red
            let o = try await t.get("/api/v1/analytics/overview?area=city", as: leader, AnalyticsOverviewDTO.self)
            #expect(o.open == 1 && o.red == 1)
            #expect(o.trend.count == 30 && o.trend.last?.day == "2026-11-30")
            #expect(o.trend.first { $0.day == "2026-11-26" }?.intake == 3)
            #expect(o.children.first { $0.area == "370881001" }?.open == 1)
        }
    }

    @Test func periodsAfterTheChangeCompareAgainstThePreviousOne() async throws {
        try await withApp { t in
            _ = try await Self.plant(t)
            // one more order on Mon 30 and the week 30 Nov–6 Dec against 23–29 Nov (three orders)
            try await t.intake(TestApp.hotlineRequest(category: "0105"), as: try await t.login("clerk"))
            try await t.sweep()
            let leader = try await t.login("leader")
            let list = try await t.get("/api/v1/analytics/kpis?area=370881001&from=2026-11-30&to=2026-12-06&rows=none", as: leader,
                                       AnalyticsController.KPIList.self)
            #expect(list.area.current.intake == 1 && list.area.previous.intake == 3)
            #expect(list.area.change.intake == -0.6667)
        }
    }

    @Test func hotspotsCountCellsByCategoryAndRepeatLocations() async throws {
        try await withApp { t in
            _ = try await Self.plant(t)
            let leader = try await t.login("leader")
            let h = try await t.get("/api/v1/analytics/hotspots?area=city&from=2026-11-26&to=2026-11-30&minRepeat=2", as: leader, HotspotsDTO.self)
            #expect(h.level == "large")
            #expect(h.cells.map { "\($0.cell)/\($0.category)=\($0.count)" } == ["370881001/0106=2", "370881001/0404=1"])
            #expect(h.hotIssues.first?.category == "0106" && h.hotIssues.first?.count == 2)
            #expect(h.hotIssues.first?.units.map(\.code) == ["ZJJ"])
            #expect(h.difficult.first?.category == "0106" && h.difficult.first?.red == 1)
            // the same micro cell had two street-lighting requests
            #expect(h.repeatLocations.count == 1 && h.repeatLocations.first?.count == 2 && h.repeatLocations.first?.category == "0106")
            // micro level widens the period to the whole month
            let micro = try await t.get("/api/v1/analytics/hotspots?area=city&level=micro&from=2026-11-26&to=2026-11-30", as: leader, HotspotsDTO.self)
            #expect(micro.countedFrom == "2026-11-01" && micro.countedTo == "2026-11-30")
            #expect(micro.cells.first?.count == 2)
        }
    }

    @Test func exportsScopesAndBadInput() async throws {
        try await withApp { t in
            _ = try await Self.plant(t)
            let leader = try await t.login("leader")
            try await t.app.testing().test(.GET, "/api/v1/analytics/kpis?area=city&from=2026-11-26&to=2026-11-30&format=csv", headers: leader) { res in
                #expect(res.status == .ok)
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines.count == 14)  // header + city + 12 towns
                #expect(lines[1].hasPrefix("city,") && lines[1].contains(",3,"))
            }
            try await t.app.testing().test(.GET, "/api/v1/analytics/hotspots?area=city&format=xlsx", headers: leader) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.contains("spreadsheetml") == true)
                #expect(res.body.readableBytes > 1000)
            }
            for bad in ["from=2026-12-01&to=2026-11-01", "from=2026-13-01", "format=pdf", "rows=all", "area=nowhere"] {
                try await t.app.testing().test(.GET, "/api/v1/analytics/kpis?\(bad)", headers: leader) { res in
                    #expect(res.status == (bad == "area=nowhere" ? .notFound : .badRequest), "\(bad): \(res.body.string)")
                    #expect(res.body.string.contains("\"code\""))
                }
            }
            // a clerk may not see figures; a town's dispatcher sees its town, not the city or another town
            try await t.app.testing().test(.GET, "/api/v1/analytics/overview", headers: try await t.login("clerk")) { res in
                #expect(res.status == .forbidden)
            }
            let town = try await t.login("d-370881001000")
            let home = try await t.get("/api/v1/analytics/overview", as: town, AnalyticsOverviewDTO.self)
            #expect(home.area == "370881001" && home.open == 1)
            for other in ["city", "370881101"] {
                try await t.app.testing().test(.GET, "/api/v1/analytics/overview?area=\(other)", headers: town) { res in
                    #expect(res.status == .notFound)
                }
            }
        }
    }
}
