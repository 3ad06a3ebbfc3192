import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// `/console/dashboard?area=&measure=`: the one-screen dashboard (大屏) for a 1920×1080 display.
/// The page loads `dashboard.js`, which fetches `/console/dashboard/fragment` with the same query
/// every 30 seconds and swaps the content in (the policy allows only same-origin scripts, so the
/// script is served here rather than inlined). Areas outside the caller's scope do not exist (404).
struct DashboardPages: RouteCollection {
    static let refreshSeconds = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard", use: page)
        routes.get("dashboard", "fragment", use: fragment)
        routes.get("dashboard", "dashboard.css", use: stylesheet)
        routes.get("dashboard", "dashboard.js", use: script)
    }

    func view(_ req: Request) async throws -> DashboardView {
        let p = try req.principal()
        let scope = try AnalyticsScope.of(p, .list, context: req.hewei)
        let key = ConsoleAPI.given(req.query[String.self, at: "area"]) ?? scope.home(p, context: req.hewei)
        let area = try AnalyticsArea.resolve(key, context: req.hewei)
        guard scope.allows(area) else { throw HeweiError.notFound("area \(key)") }
        let measureText = ConsoleAPI.given(req.query[String.self, at: "measure"]) ?? "open"
        guard let measure = DashboardView.Measure(rawValue: measureText) else {
            throw HeweiError.invalidField("measure", "must be one of open, red, intake, closure")
        }
        let showWarnings = p.may(.riskWarnings, .list)
        let dto = try await AnalyticsOverview(sql: req.db as! any SQLDatabase, context: req.hewei)
            .overview(area, now: req.hewei.clock.now(), showWarnings: showWarnings)
        var outline: GridCell?
        if case .cell(let c) = area.kind { outline = req.hewei.grid.current.cell(c.code) }
        let lang = Lang.of(req)
        let channels = req.hewei.channels
        return DashboardView(dto: dto, measure: measure, cells: area.children(context: req.hewei), outline: outline,
                             showWarnings: showWarnings, channelName: { channels.name($0, english: lang == .en) }, lang: lang)
    }

    func page(req: Request) async throws -> Response {
        let v = try await view(req)
        let lang = v.lang
        let fragment = "/console/dashboard/fragment" + HTML.query([("area", v.dto.area), ("measure", v.measure.rawValue), ("lang", lang.rawValue)])
        let other = lang == .zh ? "en" : "zh"
        let html = """
        <!doctype html>
        <html lang="\(lang.htmlCode)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=1920"><title>\(HTML.esc(v.dto.name)) · \(lang.t("态势大屏", "Dashboard")) · 和为贵</title>
        <link rel="stylesheet" href="/console/dashboard/dashboard.css"></head>
        <body><header class="bar"><span class="seal">和</span><span class="brand">和为贵社会治理服务中心</span>
        <nav><a href="/console/orders">\(lang.t("控制台", "Console"))</a><a href="/console/briefings/daily">\(lang.t("每日简报", "Daily briefing"))</a>
        <a href="/console/briefings/weekly">\(lang.t("每周简报", "Weekly briefing"))</a>
        <a href="\(HTML.esc(v.href(v.dto.area) + "&lang=" + other))">\(lang == .zh ? "English" : "中文")</a></nav></header>
        <main id="dash" data-fragment="\(HTML.esc(fragment))" data-seconds="\(Self.refreshSeconds)">\(v.render())</main>
        <script src="/console/dashboard/dashboard.js" defer></script></body></html>
        """
        return HTML.response(html)
    }

    func fragment(req: Request) async throws -> Response {
        let v = try await view(req)
        let response = HTML.response(v.render())
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func stylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: DashboardAssets.css))
    }

    func script(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: DashboardAssets.js))
    }
}
