import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct HallPagesTests {
    @Test func theFrontDeskIssuesANumberAndACounterCallsIt() async throws {
        try await withApp { t in
            let cookie = try await signIn(t, "clerk")
            let empty = try await get(t, "/console/hall", cookie)
            #expect(empty.status == .ok && empty.body.string.contains("今日此区尚无来访") && empty.body.string.contains("登记并取号"))
            let issued = try await post(t, "/console/hall/visits", ["name": "孔德成", "phone": "13812345678", "matter": "宅基地纠纷。", "area": "mediation"], cookie)
            #expect(issued.status == .seeOther && issued.headers.first(name: .location) == "/console/hall?issued=C001")
            let shown = try await get(t, "/console/hall?issued=C001", cookie)
            #expect(shown.body.string.contains("<p class=\"mono ticket\">C001</p>"))
            let called = try await post(t, "/console/hall/areas/mediation/call-next", ["counter": "6号窗口"], cookie)
            #expect(called.status == .seeOther)
            let none = try await post(t, "/console/hall/areas/mediation/call-next", ["counter": "6号窗口"], cookie)
            #expect(none.status == .conflict)
            let visit = try #require(try await HallVisitModel.query(on: t.app.db).first())
            #expect(visit.state == "called" && visit.counter == "6号窗口")
            #expect(try await post(t, "/console/hall/visits/\(visit.id!)/serve", [:], cookie).status == .seeOther)
            let triaged = try await post(t, "/console/hall/visits/\(visit.id!)/triage", ["outcome": "answered", "note": "已释法明理。"], cookie)
            #expect(triaged.status == .seeOther)
            let page = try await get(t, "/console/hall", cookie)
            #expect(page.body.string.contains("已分流") && page.body.string.contains("138****5678"))
        }
    }
}
