import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Escalation risk, rising overdue counts, the console page and the rules file in the data directory.
@Suite(.serialized) struct RiskMoreRulesTests {
    @Test func anUnsatisfiedRequesterWhoComplainsAgainIsAnEscalationRisk() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let first = try #require(try await t.intake(TestApp.riskRequest("噪音扰民", phone: "13700001111"), as: clerk))
            // Planted: the first order was followed up and the requester was unsatisfied.
            let stored = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == first.code).first())
            stored.followUpSatisfaction = Satisfaction.unsatisfied.rawValue
            try await stored.save(on: t.app.db)
            t.clock.advance(by: 86_400)
            let second = try #require(try await t.intake(TestApp.riskRequest("噪音问题还是没解决", phone: "13700001111"), as: try await t.login("clerk")))
            let report = try await t.riskSweep()
            #expect(report.escalations == 1)
            let w = try #require(try await t.warnings("kind=escalationRisk", as: try await t.login("supervisor")).items.first)
            #expect(w.subject == "137****1111")
            #expect(w.orderCode == second.code)
            #expect(w.explanation.contains(first.code) && w.explanation.contains("不满意"))
            #expect(try await t.riskSweep().escalations == 0)
        }
    }

    @Test func aUnitWhoseOverdueCountRisesIsWarnedByTheSweeper() async throws {
        try await withApp { t in
            let clerk = try await t.login("dispatcher")
            for i in 0..<3 {
                var input = TestApp.hotlineRequest()
                input.requesterPhone = "1360000000\(i)"
                try await t.intake(input, as: clerk)
            }
            t.clock.advance(by: 9 * 86_400)
            _ = try await t.sweep()
            let page = try await t.warnings("kind=overdueRising", as: try await t.login("leader"))
            #expect(page.total == 1)
            #expect(page.items.first?.explanation.contains("近 7 天超期 3 件，前 7 天 0 件") == true)
            _ = try await t.sweep()
            #expect(try await t.warnings("kind=overdueRising", as: try await t.login("leader")).total == 1)
        }
    }

    @Test func theConsolePageShowsWarningsAndTheirForms() async throws {
        try await withApp { t in
            try await t.intake(TestApp.riskRequest("扬言要砍人"), as: try await t.login("clerk"))
            let leader = try await t.login("leader")
            var html = ""
            try await t.app.testing().test(.GET, "/console/risk", headers: leader) { html = $0.body.string }
            #expect(html.contains("风险预警") && html.contains("砍人") && html.contains("/actions") == false)
            #expect(html.contains("签收研判") && html.contains("处置完毕"))
            try await t.app.testing().test(.GET, "/console/risk?state=handled", headers: leader) { html = $0.body.string }
            #expect(html.contains("没有符合条件的风险预警"))
            let code = try #require(try await t.warnings(as: leader).items.first?.code)
            let session = try await signIn(t, "leader")
            #expect(try await post(t, "/console/risk/\(code)/acknowledge", ["note": ""], session).status == .badRequest)
            #expect(try await post(t, "/console/risk/\(code)/acknowledge", ["note": "已研判"], session).status == .seeOther)
            #expect(try await t.warnings("state=acknowledged", as: leader).total == 1)
        }
    }

    @Test func aRulesFileInTheDataDirectoryOverridesTheBuiltInOne() async throws {
        try await withApp { t in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("risk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let yaml = try String(contentsOf: try DeploymentFiles.defaultsDirectory().appendingPathComponent("risk.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "  times: 3", with: "  times: 5")
            try yaml.write(to: dir.appendingPathComponent("risk.yaml"), atomically: true, encoding: .utf8)
            let store = RiskRulesStore()
            try await store.load(from: t.app.db, directories: [nil, dir.path])
            #expect(store.current.repeatCaller.times == 5)
            try "words: []".write(to: dir.appendingPathComponent("risk.yaml"), atomically: true, encoding: .utf8)
            await #expect(throws: (any Error).self) { try await store.load(from: t.app.db, directories: [dir.path]) }
        }
    }
}
