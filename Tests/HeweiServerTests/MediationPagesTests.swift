import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The mediation console pages: list with figures and an empty state, the new-case form, the case
/// page with one form per allowed action, an action through a form, and the agreement print page.
@Suite struct MediationPagesTests {
    @Test func aCaseIsOpenedAndMediatedThroughThePages() async throws {
        try await withApp { t in
            let m = try await signIn(t, "mediator")
            let empty = try await get(t, "/console/mediation", m)
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("没有符合条件的调解案件") && empty.body.string.contains("调解成功率")
                    && empty.body.string.contains("受理调解申请"))
            let bad = try await post(t, "/console/mediation/cases", ["source": "walkIn", "disputeType": "family", "summary": "短"], m)
            #expect(bad.status == .badRequest && bad.body.string.contains("summary"))
            let created = try await post(t, "/console/mediation/cases", [
                "source": "walkIn", "disputeType": "family", "roomCode": "370881000000-02",
                "summary": "申请人与被申请人系母子，因赡养费问题发生纠纷。", "applicantName": "孟秀英", "applicantKind": "person",
                "applicantPhone": "13805370001", "applicantConsent": "yes", "respondentName": "孟庆华", "respondentKind": "person",
                "respondentConsent": "yes"], m)
            #expect(created.status == .seeOther || created.status == .found)
            let location = try #require(created.headers.first(name: .location))
            let code = String(try #require(location.split(separator: "/").last?.split(separator: "?").first))
            let page = try await get(t, "/console/mediation/cases/\(code)", m).body.string
            #expect(page.contains("孟秀英") && page.contains("138****0001") && page.contains("/assign\"") && page.contains("调解期限"))
            let assigned = try await post(t, "/console/mediation/cases/\(code)/assign", ["teamCode": "family", "mediators": "M002"], m)
            #expect(assigned.status == .seeOther || assigned.status == .found)
            let wrong = try await post(t, "/console/mediation/cases/\(code)/settle", [:], m)
            #expect(wrong.status == .conflict)
            let short = try await get(t, "/console/mediation/\(code)", m)
            #expect(short.headers.first(name: .location) == "/console/mediation/cases/\(code)")
            let list = try await get(t, "/console/mediation?state=assigned", m).body.string
            #expect(list.contains(code))
            #expect(try await get(t, "/console/mediation", try await signIn(t, "h-zjj")).status == .forbidden)
        }
    }

    @Test func theAgreementPrintPageAndItsStylesheet() async throws {
        try await withApp { t in
            try await DemoMediation(app: t.app).seed()
            let first = try await MediationDemoTests.firstSettled(t)
            let m = try await signIn(t, "mediator")
            let doc = try await get(t, "/console/mediation/cases/\(first.code)/agreement", m)
            #expect(doc.status == .ok && doc.body.string.contains("人民调解协议书") && doc.body.string.contains("/console/mediation/agreement.css"))
            let css = try await get(t, "/console/mediation/agreement.css", m)
            #expect(css.body.string.contains("@page") && css.headers.contentType?.subType == "css")
            let detail = try await get(t, "/console/mediation/cases/\(first.code)", m).body.string
            #expect(detail.contains("打印调解协议书") && detail.contains("司法确认申请期限"))
            let list = try await get(t, "/console/mediation", m).body.string
            #expect(list.contains("下一页") && list.contains("调解成功率") && list.contains("按纠纷类型") && list.contains("邻里纠纷"))
        }
    }
}
