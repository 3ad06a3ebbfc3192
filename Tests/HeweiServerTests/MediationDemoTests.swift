import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The demo's mediation cases, and the agreement document of its first settled case, rendered (and,
/// where Chromium is installed, photographed into docs/screenshots/mediation-agreement.png).
@Suite struct MediationDemoTests {
    static func firstSettled(_ t: TestApp) async throws -> MediationCaseModel {
        try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$outcome == "writtenAgreement")
            .sort(\.$createdAt).first())
    }

    @Test func theDemoHasSettledFailedEscalatedAndConsultedCases() async throws {
        try await withApp { t in
            try await DemoMediation(app: t.app).seed()
            let all = try await MediationCaseModel.query(on: t.app.db).all()
            #expect(all.count == 30)
            #expect(all.filter { $0.outcome == "writtenAgreement" || $0.outcome == "oralAgreement" }.count >= 18)
            #expect(all.filter { $0.outcome == "failed" }.count == 3)
            #expect(all.filter { $0.state == "declined" }.count == 2)
            #expect(all.filter { $0.centreID != $0.originCentreID }.count == 3)
            #expect(all.contains { $0.consultations.contains("conclusions") })
            #expect(Set(all.map(\.roomCode)).count >= 8)
            let m = try await t.login("mediator")
            let f = try await t.get("/api/v1/mediation/figures", as: m, MediationFigures.self)
            #expect(f.total.accepted == 28 && (f.total.successRate ?? 0) > 0.8)
        }
    }

    @Test func theAgreementOfTheFirstSettledCaseIsRendered() async throws {
        try await withApp { t in
            try await DemoMediation(app: t.app).seed()
            let first = try await Self.firstSettled(t)
            let m = try await t.login("mediator")
            let html = try await t.send(.GET, "/api/v1/mediation/cases/\(first.code)/agreement?reason=%E6%89%93%E5%8D%B0%E5%8D%8F%E8%AE%AE%E4%B9%A6", as: m, expect: .ok).text
            for text in ["人民调解协议书", first.code, "孔繁林", "颜世军", "纠纷主要事实、争议事项", "被申请人翻建院墙未与相邻方确认界址",
                         "按村委会确认的原界址重新砌筑", "履行方式、时限", "人工费由申请人以现金方式当面支付", "前履行完毕",
                         "三十日内共同向人民法院申请司法确认", "申请人（签名或盖章）", "人民调解员（签名）", "王桂兰",
                         "人民调解委员会（印章）", "协议生效日期", "370881196501121000"] {
                #expect(html.contains(text), "the agreement lacks \(text)")
            }
            // without a reason, or for a supervisor, the parties' numbers are masked; a supervisor may not reveal
            let masked = try await t.send(.GET, "/api/v1/mediation/cases/\(first.code)/agreement", as: try await t.login("supervisor"), expect: .ok).text
            #expect(!masked.contains("370881196501121000") && masked.contains("人民调解协议书"))
            #expect(!(try await t.send(.GET, "/api/v1/mediation/cases/\(first.code)/agreement", as: m, expect: .ok).text).contains("370881196501121000"))
            _ = try await t.send(.GET, "/api/v1/mediation/cases/\(first.code)/agreement?reason=abcdef", as: try await t.login("supervisor"), expect: .forbidden)
            try await Self.screenshot(t, first)
        }
    }

    static func screenshot(_ t: TestApp, _ row: MediationCaseModel) async throws {
        guard let chromium = Chromium.path else { return }
        let html = try await MediationAgreementDocument.html(row, context: t.context, reveal: true, inlineStyle: true, on: t.app.db)
        let file = try await PageScreenshot.shoot(chromium, html: html, name: "mediation-agreement", size: "900,1650")
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        #expect(size > 20 * 1024, "mediation-agreement.png: \(size) bytes")
    }
}
