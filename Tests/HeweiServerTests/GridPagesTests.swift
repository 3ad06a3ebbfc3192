import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// The grid pages as a person uses them: the county map, drilling down, a cell's page, and an order's cells.
@Suite struct GridPagesTests {
    /// Where `TestApp.hotlineRequest()` is located (the old city, 116.99 E 35.58 N).
    static let oldCity = GeoPoint(lon: 116.99, lat: 35.58)

    @Test func mapShowsTheTwelveLargeCellsAsLinkedPaths() async throws {
        try await withApp { t in
            // given
            try await DemoSeeder(app: t.app).seedGrid()
            let dispatcher = try await t.login("dispatcher")
            // when
            let res = try await get(t, "/console/grid", dispatcher)
            // then
            #expect(res.status == .ok)
            let html = res.body.string
            let large = t.app.hewei.grid.current.allCells.filter { $0.level == .large }
            #expect(large.count == 12)
            for cell in large {
                #expect(html.contains("<a href=\"/console/grid?cell=\(cell.code)\"><path"), "map link of \(cell.code)")
                #expect(html.contains(cell.name))
                #expect(html.contains("href=\"/console/grid/cells/\(cell.code)\""), "table link of \(cell.code)")
            }
            #expect(html.components(separatedBy: "<svg").count == 2)
            #expect(count("<path", in: html) == 12)
            #expect(html.contains("class=\"legend\""))
            #expect(html.contains("href=\"/console/grid\" aria-current=\"page\""))
        }
    }

    @Test func drillingIntoALargeCellShowsExactlyItsMediumCells() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let index = t.app.hewei.grid.current
            let town = try #require(index.allCells.first { $0.name == "鲁城街道" })
            let mediums = index.allCells.filter { $0.parentCode == town.code }
            let html = try await get(t, "/console/grid?cell=\(town.code)", try await t.login("dispatcher")).body.string
            #expect(count("<path", in: html) == mediums.count)
            for m in mediums { #expect(html.contains("<a href=\"/console/grid?cell=\(m.code)\"><path")) }
            // the breadcrumb leads back to the county
            #expect(html.contains("<a href=\"/console/grid\">全市</a> › <span aria-current=\"page\">鲁城街道</span>"))
            // a small cell's map leads to micro cells, whose links go to their pages
            let medium = try #require(mediums.first)
            let small = try #require(index.allCells.first { $0.parentCode == medium.code })
            let smallMap = try await get(t, "/console/grid?cell=\(small.code)", try await t.login("dispatcher")).body.string
            let micros = index.allCells.filter { $0.parentCode == small.code }
            #expect(count("<path", in: smallMap) == micros.count)
            for m in micros { #expect(smallMap.contains("<a href=\"/console/grid/cells/\(m.code)\"><path")) }
        }
    }

    @Test func countsFollowOrdersAndTheViewersScope() async throws {
        try await withApp { t in
            // given: one order in the old city, dispatched automatically to 住建局 (ZJJ)
            try await DemoSeeder(app: t.app).seedGrid()
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            #expect(order.leadUnit == "ZJJ")
            let cells = try #require(t.app.hewei.grid.current.locate(Self.oldCity)).cells
            let (micro, large) = (cells[0], cells[3])
            // then: the dispatcher and the lead unit see 1 open order in the large cell
            for user in ["dispatcher", "h-zjj"] {
                let html = try await get(t, "/console/grid", try await t.login(user)).body.string
                #expect(row(large, in: html).contains("data-label=\"未办结\">1</td>"), "\(user)")
                #expect(row(large, in: html).contains("data-label=\"工单总数\">1</td>"), "\(user)")
            }
            // and another unit's handler sees none of it
            let other = try await t.login("h-zhzf")
            let html = try await get(t, "/console/grid", other).body.string
            #expect(row(large, in: html).contains("data-label=\"未办结\">0</td>"))
            let cellPage = try await get(t, "/console/grid/cells/\(micro)", other).body.string
            #expect(!cellPage.contains(order.code))
            // the cell page lists the order for those who may see it, with the cell's chain
            let page = try await get(t, "/console/grid/cells/\(micro)", try await t.login("h-zjj"))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<a href=\"/console/orders/\(order.code)\">"))
            #expect(page.body.string.contains("<a href=\"/console/grid/cells/\(large)\">"))
            #expect(page.body.string.contains("km²"))
            #expect(page.body.string.contains("<dt>人（居民）</dt><dd>0</dd>"), "base data counts from GridCounts.summary")
            // drilling down keeps counting: the medium cell of the order shows it too
            let mediumMap = try await get(t, "/console/grid?cell=\(large)", try await t.login("dispatcher")).body.string
            #expect(row(cells[2], in: mediumMap).contains("data-label=\"未办结\">1</td>"))
        }
    }

    @Test func unknownCellIsNotFound() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let dispatcher = try await t.login("dispatcher")
            let page = try await get(t, "/console/grid/cells/999", dispatcher)
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("<html"))
            #expect(try await get(t, "/console/grid?cell=nope", dispatcher).status == .notFound)
        }
    }

    @Test func withoutAGridTheMapSaysSo() async throws {
        try await withApp { t in
            let html = try await get(t, "/console/grid", try await t.login("dispatcher")).body.string
            #expect(html.contains("尚未导入网格"))
            #expect(!html.contains("<svg"))
        }
    }

    @Test func orderDetailLinksToItsCells() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let cells = try #require(t.app.hewei.grid.current.locate(Self.oldCity)).cells
            let html = try await get(t, "/console/orders/\(order.code)", try await t.login("dispatcher")).body.string
            for code in cells { #expect(html.contains("<a class=\"mono\" href=\"/console/grid/cells/\(code)\">\(code)</a>")) }
            #expect(html.contains("所属网格与派单"))
            #expect(html.contains("派单 · 2026-11-26 09:00"))
            #expect(html.contains("现行路由规则的选择"))
        }
    }

    @Test func gridPagesHaveNoInlineScriptsOrStyles() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let dispatcher = try await t.login("dispatcher")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: try await t.login("clerk")))
            let cells = try #require(t.app.hewei.grid.current.locate(Self.oldCity)).cells
            var pages = [try await get(t, "/console/grid?lang=en", dispatcher).body.string,
                         try await get(t, "/console/orders/\(order.code)", dispatcher).body.string,
                         try await get(t, "/console/grid/cells/nope", dispatcher).body.string]
            // the deepest cells have no map of their own: their page is the cell page
            let micro = try await get(t, "/console/grid?cell=\(cells[0])", dispatcher)
            #expect(micro.status == .seeOther)
            #expect(micro.headers.first(name: .location) == "/console/grid/cells/\(cells[0])")
            for code in cells {
                if code != cells[0] { pages.append(try await get(t, "/console/grid?cell=\(code)", dispatcher).body.string) }
                pages.append(try await get(t, "/console/grid/cells/\(code)", dispatcher).body.string)
            }
            for html in pages {
                #expect(!html.contains("style="))
                #expect(!html.contains("<style"))
                #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
                #expect(html.components(separatedBy: "<script").count == 2)
            }
        }
    }

    @Test func mapRendersWithoutADatabase() {
        let square = Shape([Polygon(outer: Ring([GeoPoint(lon: 117, lat: 35.5), GeoPoint(lon: 117.1, lat: 35.5),
                                                 GeoPoint(lon: 117.1, lat: 35.6), GeoPoint(lon: 117, lat: 35.6)]))])
        let cell = GridCell(code: "370881001", name: "<鲁城>", level: .large, parentCode: nil, shape: square)
        let html = GridMapPage(parent: nil, ancestors: [], cells: [cell], counts: ["370881001": .init(open: 3, total: 5)], lang: .en).render()
        #expect(html.contains("&lt;鲁城&gt;"))
        #expect(html.contains("class=\"cell q3\""))  // 3 open on a scale in steps of 1
        // x = lon·cos(lat0): the square is narrower than tall on the map
        #expect(html.contains("viewBox=\"0 0 1000 1224\""))
        #expect(GridFillScale(maximum: 12).ranges.map(\.label) == ["0", "1–3", "4–6", "7–9", "10–12", "13–15"])
    }

    // MARK: - Helpers

    private func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }

    /// The side table's row of one cell.
    private func row(_ code: String, in html: String) -> String {
        guard let start = html.range(of: "<tr><td class=\"code\" data-label=\"编码\"><a href=\"/console/grid/cells/\(code)\">") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</tr>")?.upperBound ?? rest.endIndex)])
    }
}
