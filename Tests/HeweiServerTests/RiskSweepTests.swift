import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// The periodic rules run by the deadline sweeper: spikes, repeat callers, dedupe.
@Suite(.serialized) struct RiskSweepTests {
    static let week: TimeInterval = 7 * 86_400

    /// `perWeek[i]` orders in week i (the last entry is the latest window), all in one town × category,
    /// each from its own phone; then the clock stands just after the last window.
    static func plant(_ t: TestApp, perWeek: [Int]) async throws {
        try await DemoSeeder(app: t.app).seedGrid()
        var n = 0
        for count in perWeek {
            let clerk = try await t.login("clerk")
            for _ in 0..<count {
                n += 1
                try await t.intake(TestApp.riskRequest("路灯不亮", phone: "139000\(String(format: "%05d", n))"), as: clerk)
                t.clock.advance(by: 60)
            }
            t.clock.advance(by: week - Double(count) * 60)
        }
        t.clock.advance(by: -3600)
    }

    @Test func aPlantedSpikeIsDetected() async throws {
        try await withApp { t in
            try await Self.plant(t, perWeek: [1, 0, 1, 1, 0, 1, 1, 0, 7])
            let report = try await t.riskSweep()
            #expect(report.spikes == 1)
            let page = try await t.warnings("kind=spike", as: try await t.login("leader"))
            let w = try #require(page.items.first)
            #expect(w.subject.hasSuffix("× 0106"))
            #expect(w.explanation.contains("本期 7 件"))
            // Named, not just coded: the town and the category as a reader knows them.
            let category = try #require(t.context.categories.category("0106"))
            #expect(w.explanation.contains("\(category.name)（0106）"))
            let townCode = String(w.subject.prefix { $0 != " " })
            let town = try #require(t.context.grid.current.cell(townCode))
            #expect(w.explanation.contains("镇街网格 \(town.name)（\(townCode)）"))
        }
    }

    @Test func aPlantedNormalWeekIsNot() async throws {
        try await withApp { t in
            try await Self.plant(t, perWeek: [4, 5, 3, 4, 4, 5, 4, 3, 5])
            #expect(try await t.riskSweep().spikes == 0)
            #expect(try await t.warnings("kind=spike", as: try await t.login("leader")).total == 0)
        }
    }

    @Test func aRepeatCallerIsRaisedOnceMaskedAndSweepingAgainRaisesNothing() async throws {
        try await withApp { t in
            for i in 0..<3 {
                try await t.intake(TestApp.riskRequest("第\(i)次反映噪音扰民"), as: try await t.login("clerk"))
                t.clock.advance(by: 86_400)
            }
            #expect(try await t.riskSweep().repeatCallers == 1)
            #expect(try await t.riskSweep().repeatCallers == 0)
            _ = try await t.sweep()
            let page = try await t.warnings("kind=repeatCaller", as: try await t.login("dispatcher"))
            #expect(page.total == 1)
            let w = try #require(page.items.first)
            #expect(w.subject == "138****1234")
            #expect(!w.explanation.contains("13812341234"))
            #expect(w.explanation.contains("3 次"))
        }
    }

    @Test func twoCallsAreNotARepeatCaller() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            for _ in 0..<2 { try await t.intake(TestApp.riskRequest("噪音扰民"), as: clerk) }
            #expect(try await t.riskSweep().repeatCallers == 0)
        }
    }

    @Test func theSweeperRunsTheRulesAtMostOncePerInterval() async throws {
        try await withApp { t in
            let store = t.context.risk
            #expect(store.claimSweep(now: t.clock.now()))
            #expect(!store.claimSweep(now: t.clock.now().addingTimeInterval(60)))
            #expect(store.claimSweep(now: t.clock.now().addingTimeInterval(16 * 60)))
        }
    }
}
