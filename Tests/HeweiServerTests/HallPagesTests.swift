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

    /// Mediation needs both parties' recorded consent: the triage form asks for it; a consent not
    /// ticked is "not yet asked", so the case waits for the mediator instead of starting.
    @Test func triageIntoMediationRecordsTheConsentsAsked() async throws {
        try await withApp { t in
            let cookie = try await signIn(t, "clerk")
            for name in ["颜回", "曾参"] {
                _ = try await post(t, "/console/hall/visits", ["name": name, "phone": "13912345678", "matter": "邻里排水纠纷。", "area": "mediation"], cookie)
            }
            let fields = ["outcome": "mediation", "note": "愿意调解。", "disputeType": "neighbourhood", "respondentName": "孟轲"]
            var states: [String] = []
            for consents in [["applicantConsent": "on"], ["applicantConsent": "on", "respondentConsent": "on"]] {
                _ = try await post(t, "/console/hall/areas/mediation/call-next", ["counter": "6号窗口"], cookie)
                let visit = try #require(try await HallVisitModel.query(on: t.app.db).filter(\.$state == "called").first())
                _ = try await post(t, "/console/hall/visits/\(visit.id!)/serve", [:], cookie)
                let page = try await get(t, "/console/hall", cookie).body.string
                #expect(page.contains("name=\"applicantConsent\"") && page.contains("name=\"respondentConsent\""))
                let done = try await post(t, "/console/hall/visits/\(visit.id!)/triage", fields.merging(consents) { $1 }, cookie)
                #expect(done.status == .seeOther)
                let visitNow = try #require(try await HallVisitModel.find(visit.id, on: t.app.db))
                let opened = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == visitNow.linkRef ?? "").first())
                #expect(opened.applicantConsent == true)
                states.append(opened.state)
            }
            #expect(states == ["awaitingConsent", "accepted"])
        }
    }
}
