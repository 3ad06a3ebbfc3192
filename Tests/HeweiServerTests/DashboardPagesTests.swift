import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The one-screen dashboard: the figures of the overview, drill-down by the map, scope, refresh.
@Suite struct DashboardPagesTests {
    /// Three hotline orders in the old city (鲁城街道), swept into the rollups.
    static func threeOrders(_ t: TestApp) async throws {
        try await DemoSeeder(app: t.app).seedGrid()
        let clerk = try await t.login("clerk")
        for _ in 0..<3 { try await t.intake(TestApp.hotlineRequest(), as: clerk) }
        try await t.sweep()
    }

    static func town(_ t: TestApp, _ name: String) throws -> GridCell {
        try #require(t.context.grid.current.allCells.first { $0.name == name && $0.parentCode == nil })
    }

    @Test func theCityDashboardShowsTheOverviewsNumbersAndLinksToTheTowns() async throws {
        try await withApp { t in
            try await Self.threeOrders(t)
            let dto = try await AnalyticsOverview(sql: t.app.db as! any SQLDatabase, context: t.context)
                .overview(try AnalyticsArea.resolve("city", context: t.context), now: t.clock.now(), showWarnings: true)
            #expect(dto.open == 3 && dto.todayIntake == 3)
            let res = try await get(t, "/console/dashboard", try await signIn(t, "leader"))
            #expect(res.status == .ok)
            let html = res.body.string
            #expect(html.contains("<span class=\"num\" data-k=\"open\">\(dto.open)</span>"))
            #expect(html.contains("<span class=\"num\" data-k=\"intake\">\(dto.todayIntake)</span>"))
            let luCheng = try Self.town(t, "鲁城街道")
            #expect(html.contains("<a href=\"/console/dashboard?area=\(luCheng.code)&amp;measure=open\"><path"))
            #expect(Self.count("<path", in: html) == dto.children.count && dto.children.count == 12)
            // the channel, trend and category charts, the KPI tiles, the refresh script (not inline)
            for text in ["class=\"chart bars\"", "class=\"chart trend\"", "class=\"tile\"", "按时办结率", "src=\"/console/dashboard/dashboard.js\"",
                         "data-fragment=\"/console/dashboard/fragment?area=city&amp;measure=open&amp;lang=zh\""] {
                #expect(html.contains(text), "the dashboard lacks \(text)")
            }
            #expect(!html.contains("<script>") && !html.contains("style=\"") && !html.contains("https://"))
            let js = try await get(t, "/console/dashboard/dashboard.js", try await signIn(t, "leader"))
            #expect(js.headers.contentType?.subType == "javascript" && js.body.string.contains("setInterval"))
            let css = try await get(t, "/console/dashboard/dashboard.css", [:])
            #expect(css.body.string.contains("#0b1426"))
        }
    }

    @Test func drillingDownToATownShowsItsCellsAndTheFragmentRefreshes() async throws {
        try await withApp { t in
            try await Self.threeOrders(t)
            let luCheng = try Self.town(t, "鲁城街道")
            let leader = try await signIn(t, "leader")
            let html = try await get(t, "/console/dashboard?area=\(luCheng.code)&measure=red", leader).body.string
            let mediums = t.context.grid.current.allCells.filter { $0.parentCode == luCheng.code }
            #expect(!mediums.isEmpty && Self.count("<path", in: html) == mediums.count)
            for m in mediums { #expect(html.contains("href=\"/console/dashboard?area=\(m.code)&amp;measure=red\"")) }
            // breadcrumbs lead back to the city; the town's own open count
            #expect(html.contains("<a href=\"/console/dashboard?area=city&amp;measure=red\">"))
            #expect(html.contains("<span aria-current=\"page\">鲁城街道</span>"))
            #expect(html.contains("data-k=\"open\">3</span>"))
            let fragment = try await get(t, "/console/dashboard/fragment?area=\(luCheng.code)", leader)
            #expect(fragment.status == .ok && fragment.body.string.contains("data-k=\"open\">3</span>") && !fragment.body.string.contains("<html"))
            // another town has none of them
            let other = try Self.town(t, "书院街道")
            #expect(try await get(t, "/console/dashboard?area=\(other.code)", leader).body.string.contains("data-k=\"open\">0</span>"))
            #expect(try await get(t, "/console/dashboard?measure=bogus", leader).status == .badRequest)
        }
    }

    @Test func unknownAreasAndOtherTownsAreNotFound() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let leader = try await signIn(t, "leader")
            #expect(try await get(t, "/console/dashboard?area=999999999", leader).status == .notFound)
            #expect(try await get(t, "/console/dashboard?area=unit:NOPE", leader).status == .notFound)
            let luCheng = try Self.town(t, "鲁城街道")
            let centre = try #require(t.context.org.all.first { $0.kind == "centre" && $0.level == "town" && $0.code.hasPrefix(luCheng.code) })
            let townDispatcher = try await signIn(t, "d-\(centre.code)")
            let own = try await get(t, "/console/dashboard", townDispatcher)
            #expect(own.status == .ok && own.body.string.contains("<span aria-current=\"page\">鲁城街道</span>"))
            // their own centre as a unit: figures without a map, in English too
            let unit = try await get(t, "/console/dashboard?area=unit:\(centre.code)&lang=en", townDispatcher)
            #expect(unit.status == .ok && unit.body.string.contains("This area has no areas below it.") && unit.body.string.contains("On-time closure"))
            let other = try Self.town(t, "书院街道")
            #expect(try await get(t, "/console/dashboard?area=\(other.code)", townDispatcher).status == .notFound)
            #expect(try await get(t, "/console/dashboard?area=city", townDispatcher).status == .notFound)
            // a role without the evaluation figures may not open it at all
            #expect(try await get(t, "/console/dashboard", try await signIn(t, "clerk")).status == .forbidden)
        }
    }

    /// Two months of generated orders on the dashboard at 1920×1080 in headless Chromium
    /// (docs/screenshots/dashboard.png); the page's stylesheet is inlined into a file copy.
    @Test(.enabled(if: Chromium.path != nil || Chromium.ci, "chromium is not installed (apt-get install chromium); skipped outside CI"))
    func screenshotOfTheDashboardInHeadlessChromium() async throws {
        let chromium = try #require(Chromium.path, "CI=true but chromium is not installed")
        try await withApp { t in
            try await t.generateOrders(4_000, days: 60)
            let html = try await get(t, "/console/dashboard", try await signIn(t, "leader")).body.string
            let file = try await PageScreenshot.shoot(chromium, html: PageScreenshot.inline(html, css: DashboardAssets.css), name: "dashboard", size: "1920,1080")
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            #expect(size > 60 * 1024, "dashboard.png: \(size) bytes")
        }
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
