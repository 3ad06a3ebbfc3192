import Foundation
import HeweiCore
@testable import HeweiServer

/// Generated data for the analytics pages and headless-Chromium screenshots of those pages.
extension TestApp {
    /// The demo grid plus `orders` generated orders over the last `days` days, with the rollups
    /// rebuilt (the generator writes rows at their own old times, so the sweep's watermark would miss them).
    func generateOrders(_ orders: Int, days: Int) async throws {
        try await DemoSeeder(app: app).seedGrid()
        _ = try await BulkOrders(app: app, orders: orders, days: days).generate()
        _ = try await RollupRebuild(db: app.db, gate: context.gate, calendar: context.rules.current.calendar, org: context.org).run()
    }
}

enum PageScreenshot {
    /// The page with its stylesheet inlined and the dashboard's polling script removed, so that
    /// Chromium can render it from a file.
    static func inline(_ html: String, css: String) -> String {
        var out = html
        if let start = out.range(of: "<link rel=\"stylesheet\""), let end = out.range(of: ">", range: start.upperBound..<out.endIndex) {
            out.replaceSubrange(start.lowerBound..<end.upperBound, with: "<style>\(css)</style>")
        }
        return out.replacingOccurrences(of: "<script src=\"/console/dashboard/dashboard.js\" defer></script>", with: "")
    }

    /// Renders the page at `size` ("width,height") into docs/screenshots/<name>.png and returns the file.
    static func shoot(_ chromium: String, html: String, name: String, size: String) async throws -> URL {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: page) }
        let file = Chromium.screenshots.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: file)
        _ = try await Chromium.run(chromium, ["--window-size=\(size)", "--hide-scrollbars", "--screenshot=\(file.path)", page.absoluteString])
        return file
    }
}
