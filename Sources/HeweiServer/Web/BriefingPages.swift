import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// `/console/briefings/daily?date=` and `/console/briefings/weekly?week=` (the Monday): the
/// briefing of the caller's home area (or `?area=` within their scope) as a printable page, or as
/// Markdown with `?format=md`. Defaults: yesterday, and the last whole week.
struct BriefingPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("briefings", "daily", use: daily)
        routes.get("briefings", "weekly", use: weekly)
        routes.get("briefings", "briefing.css", use: stylesheet)
    }

    func daily(req: Request) async throws -> Response {
        let today = req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now())
        let day = try Self.date(req, "date") ?? CivilDate(dayNumber: today.dayNumber - 1)
        return try await render(req, kind: .daily, period: DayPeriod(from: day, to: day))
    }

    func weekly(req: Request) async throws -> Response {
        let today = req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now())
        let thisMonday = today.dayNumber - (today.weekday + 6) % 7
        let monday = try Self.date(req, "week") ?? CivilDate(dayNumber: thisMonday - 7)
        guard monday.weekday == 1 else { throw HeweiError.invalidField("week", "must be a Monday (YYYY-MM-DD)") }
        return try await render(req, kind: .weekly, period: DayPeriod(from: monday, to: CivilDate(dayNumber: monday.dayNumber + 6)))
    }

    static func date(_ req: Request, _ name: String) throws -> CivilDate? {
        guard let text = ConsoleAPI.given(req.query[String.self, at: name]) else { return nil }
        guard let d = CivilDate(text) else { throw HeweiError.invalidField(name, "must be a date YYYY-MM-DD") }
        return d
    }

    func render(_ req: Request, kind: BriefingFigures.Kind, period: DayPeriod) async throws -> Response {
        let p = try req.principal()
        let scope = try AnalyticsScope.of(p, .list, context: req.hewei)
        let key = ConsoleAPI.given(req.query[String.self, at: "area"]) ?? scope.home(p, context: req.hewei)
        let area = try AnalyticsArea.resolve(key, context: req.hewei)
        guard scope.allows(area) else { throw HeweiError.notFound("area \(key)") }
        let lang = Lang.of(req)
        let figures = try await BriefingFigures.read(kind: kind, area: area, period: period, units: scope.units, english: lang == .en,
                                                     sql: req.db as! any SQLDatabase, db: req.db, context: req.hewei)
        let briefing = BriefingBuilder(figures: figures, lang: lang).build()
        if req.query[String.self, at: "format"] == "md" {
            return Response(status: .ok, headers: ["Content-Type": "text/markdown; charset=utf-8"], body: .init(string: Self.markdown(briefing)))
        }
        let param = kind == .daily ? "date" : "week"
        return HTML.response(Self.html(briefing, lang: lang, mdHref: req.url.path + HTML.query([(param, period.from.description), ("area", key), ("format", "md")]),
                                        langHref: Lang.switchHref(req)))
    }

    static func markdown(_ b: Briefing) -> String {
        var out = "# \(b.title)\n\n\(b.subtitle)\n"
        for s in b.sections {
            out += "\n## \(s.title)\n\n" + s.lines.map { "- \($0)\n" }.joined()
        }
        return out
    }

    static func html(_ b: Briefing, lang: Lang, mdHref: String, langHref: String) -> String {
        let sections = b.sections.map { s in
            "<section id=\"\(HTML.esc(s.key))\"><h2>\(HTML.esc(s.title))</h2><ul>\(s.lines.map { "<li>\(HTML.esc($0))</li>" }.joined())</ul></section>"
        }.joined(separator: "\n")
        return """
        <!doctype html>
        <html lang="\(lang.htmlCode)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(HTML.esc(b.title)) · 和为贵</title>
        <link rel="stylesheet" href="/console/briefings/briefing.css"></head>
        <body><nav class="tools"><a href="/console/dashboard">\(lang.t("‹ 态势大屏", "‹ Dashboard"))</a>
        <a href="\(HTML.esc(mdHref))">Markdown</a><a href="\(HTML.esc(langHref))">\(lang == .zh ? "English" : "中文")</a></nav>
        <article><header><p class="org">和为贵社会治理服务中心</p><h1>\(HTML.esc(b.title))</h1><p class="sub">\(HTML.esc(b.subtitle))</p></header>
        \(sections)</article></body></html>
        """
    }

    func stylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: Self.css))
    }

    /// A4 on paper: no navigation, sections kept whole where they fit.
    static let css = """
    body { margin: 0; background: #f4f1ea; color: #222; font-family: "Noto Serif CJK SC", "Songti SC", serif; }
    .tools { font-family: sans-serif; padding: .6rem 1rem; background: #7a1f1f; } .tools a { color: #fff; margin-right: 1.2rem; }
    article { max-width: 52rem; margin: 1.5rem auto; background: #fff; padding: 2.5rem 3rem; box-shadow: 0 1px 4px #0002; }
    header { text-align: center; border-bottom: 3px double #b3261e; margin-bottom: 1.2rem; }
    .org { color: #b3261e; letter-spacing: .3em; margin: 0; } h1 { font-size: 1.9rem; margin: .4rem 0; } .sub { color: #555; }
    h2 { font-size: 1.2rem; margin: 1.2rem 0 .4rem; color: #7a1f1f; } ul { margin: 0; padding-left: 1.4rem; } li { line-height: 1.8; }
    @media print {
      @page { size: A4; margin: 18mm 16mm; }
      body { background: #fff; } .tools { display: none; }
      article { box-shadow: none; margin: 0; padding: 0; max-width: none; } section { break-inside: avoid; }
    }
    """
}
