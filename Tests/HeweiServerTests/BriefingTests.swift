import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// The daily and weekly briefings: the day's figures in Markdown and print, empty days, scope.
@Suite struct BriefingTests {
    static let sections = ["## 一、总体情况", "## 二、受理渠道", "## 三、诉求分类", "## 四、热点问题", "## 五、超期与红灯单位",
                           "## 六、风险预警", "## 七、矛盾调解", "## 八、趋势"]

    @Test func theDailyMarkdownCountsTheDaysIntakeByChannelAndCategory() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let clerk = try await t.login("clerk")
            for _ in 0..<4 { try await t.intake(TestApp.hotlineRequest(), as: clerk) }
            try await t.intake(TestApp.hotlineRequest(category: "0201"), as: clerk)
            try await t.sweep()
            let leader = try await signIn(t, "leader")
            let res = try await get(t, "/console/briefings/daily?date=2026-11-26&format=md", leader)
            #expect(res.status == .ok && res.headers.contentType?.subType == "markdown")
            let md = res.body.string
            #expect(md.hasPrefix("# \(t.context.rules.current.countyName)社会治理每日简报\n"))
            for s in Self.sections { #expect(md.contains(s), "the briefing lacks \(s)") }
            #expect(md.contains("本期共受理诉求 5 件，前一日 0 件"))
            #expect(md.contains("- \(t.context.channels.name("hotline12345", english: false))：5 件（占 100.0%）"))
            #expect(md.contains("（0106）：4 件") && md.contains("（0201）：1 件"))
            #expect(md.contains("第 1 位：") && md.contains("4 件，前一日 0 件"))
            // the same caller five times raised one repeat-caller warning (swept the same day)
            #expect(md.contains("本期新发风险预警 1 条，处置完毕 0 条。") && md.contains("- 重复来电：1 条"))
            // the printable page says the same, in English too
            let page = try await get(t, "/console/briefings/daily?date=2026-11-26&lang=en", leader).body.string
            #expect(page.contains("5 requests were registered in the period") && page.contains("/console/briefings/briefing.css"))
            #expect(page.contains("format=md"))
        }
    }

    @Test func anEmptyDayAndTheWeeklyBriefingSayWhatThereIs() async throws {
        try await withApp { t in
            let leader = try await signIn(t, "leader")
            // default: yesterday, with nothing registered
            let md = try await get(t, "/console/briefings/daily?format=md", leader).body.string
            #expect(md.contains("2026-11-25") && md.contains("本期未受理诉求。") && md.contains("本期无热点问题。")
                && md.contains("目前没有超期（红灯）工单的单位。") && md.contains("本期无受理的调解案件。"))
            let clerk = try await t.login("clerk")
            try await t.intake(TestApp.hotlineRequest(), as: clerk)
            try await t.sweep()
            let weekly = try await get(t, "/console/briefings/weekly?week=2026-11-23&format=md", leader).body.string
            #expect(weekly.contains("2026-11-23 – 2026-11-29") && weekly.contains("本期共受理诉求 1 件，上周 0 件"))
            #expect(try await get(t, "/console/briefings/weekly?week=2026-11-24", leader).status == .badRequest)
            #expect(try await get(t, "/console/briefings/daily?date=26-11", leader).status == .badRequest)
            #expect(try await get(t, "/console/briefings/daily", try await signIn(t, "clerk")).status == .forbidden)
        }
    }

    @Test func builderSaysSoWhenThereIsNoData() {
        let period = DayPeriod(from: CivilDate("2026-11-25")!, to: CivilDate("2026-11-25")!)
        let f = BriefingFigures(kind: .daily, area: "city", areaName: "曲阜市", period: period, intake: 0, previousIntake: 3, channels: [],
                                categories: [], closure: KPIRatio(0, 0), previousClosure: KPIRatio(2, 4),
                                redUnits: [.init(code: "X", name: "甲单位", open: 5, yellow: 1, red: 2)],
                                warningsRaised: [], warningsHandled: 0, mediation: nil, previousMediation: nil)
        let b = BriefingBuilder(figures: f, lang: .zh).build()
        #expect(b.sections.count == 8)
        let text = b.sections.flatMap(\.lines).joined(separator: "\n")
        #expect(text.contains("本期未受理诉求。") && text.contains("本期无分渠道受理数据。"))
        #expect(text.contains("受理量：本期 0 件，前一日 3 件，下降 100.0%。"))
        #expect(text.contains("按时办结率：本期 —（0/0），前一日 50.0%（2/4）"))
        #expect(text.contains("甲单位：红灯 2 件，黄灯 1 件，在办 5 件"))
    }

    /// Yesterday's briefing over a month of generated orders, printed by headless Chromium
    /// (docs/screenshots/briefing-daily.png); the stylesheet is inlined into a file copy.
    @Test(.enabled(if: Chromium.path != nil || Chromium.ci, "chromium is not installed (apt-get install chromium); skipped outside CI"))
    func screenshotOfTheDailyBriefingInHeadlessChromium() async throws {
        let chromium = try #require(Chromium.path, "CI=true but chromium is not installed")
        try await withApp { t in
            try await t.generateOrders(2_000, days: 30)
            let html = try await get(t, "/console/briefings/daily", try await signIn(t, "leader")).body.string
            #expect(html.contains("本期共受理诉求") && !html.contains("本期未受理诉求。"))
            let file = try await PageScreenshot.shoot(chromium, html: PageScreenshot.inline(html, css: BriefingPages.css),
                                                           name: "briefing-daily", size: "1000,1400")
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            #expect(size > 40 * 1024, "briefing-daily.png: \(size) bytes")
        }
    }
}
