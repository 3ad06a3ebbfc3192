import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/hall/screen`: the public screen in the waiting area — no sign-in and no personal data: only
/// queue numbers, area names, counters and how many wait. Large type; reloads itself every
/// 10 seconds with a meta refresh (no script, no CDN); its stylesheet is served beside it.
struct HallScreenPage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("hall", "screen", use: show)
        routes.get("hall", "screen.css", use: stylesheet)
        routes.get("hall", "desk.css", use: deskStylesheet)
    }

    /// The console hall page's few rules (the issued number in large type).
    func deskStylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: ".hall-issued .ticket { font-size: 4.5rem; font-weight: 700; margin: .2rem 0; letter-spacing: .08em; color: #b3261e; }\n"))
    }

    /// The screen's stylesheet (the content-security policy allows only same-origin styles).
    func stylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: Self.css))
    }

    static let css = """
    body { margin: 0; background: #7a1f1f; color: #fff; font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; }
    header { padding: 1.2rem 2rem; font-size: 2.6rem; font-weight: 700; letter-spacing: .1em; background: #5c1414; }
    main { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.2rem; padding: 1.2rem; }
    section { background: #fffaf0; color: #3a1d0f; border-radius: 12px; padding: 1.2rem 1.5rem; }
    h2 { margin: 0 0 .6rem; font-size: 2.4rem; } h2 small { display: block; font-size: 1.1rem; font-weight: 400; color: #8a6d5a; }
    ul { list-style: none; padding: 0; margin: 0; } li { font-size: 3.4rem; font-weight: 700; line-height: 1.3; }
    li .to { font-size: 2rem; margin-left: 1rem; color: #b3261e; } li.none { color: #bbb; }
    .num { font-family: ui-monospace, monospace; } .label { font-size: 1.3rem; margin: .8rem 0 .2rem; color: #8a6d5a; }
    .count { font-size: 2.6rem; color: #b3261e; } .next { font-size: 1.8rem; font-family: ui-monospace, monospace; margin-right: .6rem; }
    .counters { font-size: 1.1rem; color: #8a6d5a; }
    """

    func show(req: Request) async throws -> Response {
        let areas = HallAreas.of(req)
        let today = HallDesk(req: req).today
        // Only the columns the screen shows are read: never names, phones or matters.
        let query = HallVisitModel.query(on: req.db).filter(\.$queueDay == today)
        let visits = try await query.field(\.$id).field(\.$area).field(\.$ticket).field(\.$state).field(\.$counter)
            .field(\.$calledAt).field(\.$queueNumber).all()
        let columns = areas.all.map { a -> String in
            let mine = visits.filter { $0.area == a.code }
            let called = mine.filter { $0.state == HallVisitState.called.rawValue || $0.state == HallVisitState.serving.rawValue }
                .sorted { ($0.calledAt ?? .distantPast) > ($1.calledAt ?? .distantPast) }
            let waiting = mine.filter { $0.state == HallVisitState.waiting.rawValue }.sorted { $0.queueNumber < $1.queueNumber }
            let current = called.prefix(4).map {
                "<li><span class=\"num\">\(HTML.esc($0.ticket))</span><span class=\"to\">→ \(HTML.esc($0.counter ?? ""))</span></li>"
            }.joined()
            let next = waiting.prefix(6).map { "<span class=\"next\">\(HTML.esc($0.ticket))</span>" }.joined(separator: " ")
            return """
            <section><h2>\(HTML.esc(a.prefix)) · \(HTML.esc(a.name))<small>\(HTML.esc(a.nameEn))</small></h2>
            <p class="label">请以下号码到窗口 · Now serving</p>
            <ul>\(current.isEmpty ? "<li class=\"none\">—</li>" : current)</ul>
            <p class="label">等候 Waiting: <strong class="count">\(waiting.count)</strong></p><p>\(next)</p>
            <p class="counters">\(a.counters.map(HTML.esc).joined(separator: " · "))</p></section>
            """
        }.joined()
        let html = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>叫号 · 和为贵</title>
        <link rel="stylesheet" href="/hall/screen.css"></head>
        <body><header>和为贵社会治理服务中心 · 来访大厅叫号</header><main>\(columns)</main></body></html>
        """
        return HTML.response(html)
    }
}
