import Foundation
import HeweiCore
import Vapor

/// Minimal HTML building: every interpolated value goes through `esc`, pages share one layout,
/// and the only assets are the app's own `/assets/app.css` and `/assets/app.js`.
enum HTML {
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The shared layout. `nav` marks the current section; `langSwitch` is the link to the same page
    /// in the other language (defaults to the bare query, which drops the page's own parameters).
    static func page(title: String, lang: Lang, user: Principal?, body: String, nav current: String = "",
                     langSwitch: String? = nil) -> String {
        let other = lang == .zh ? Lang.en : .zh
        let switchLink = "<a class=\"lang\" href=\"\(esc(langSwitch ?? "?lang=\(other.rawValue)"))\" lang=\"\(other.htmlCode)\">\(lang == .zh ? "English" : "中文")</a>"
        let links = user.map { u in
            let intake = u.role.map { OrderPermissions.may($0, .accept) } ?? false
            return """
            <nav class="links">\(u.may(.orders, .list) ? "<a href=\"/console/orders\"\(current == "orders" ? " aria-current=\"page\"" : "")>\(lang.t("工单", "Orders"))</a>" : "")
            \(intake ? "<a href=\"/console/intake\"\(current == "intake" ? " aria-current=\"page\"" : "")>\(lang.t("受理登记", "Intake"))</a>" : "")
            \(u.may(.reference, .read) ? "<a href=\"/console/grid\"\(current == "grid" ? " aria-current=\"page\"" : "")>\(lang.t("网格", "Grid"))</a>" : "")
            \(ReviewQueue.allCases.filter { q in u.role.map(q.roles.contains) ?? false }.map { q in
                "<a href=\"/console/queues/\(q.rawValue)\"\(current == "queue-\(q.rawValue)" ? " aria-current=\"page\"" : "")>\(QueuePage.title(q, lang))</a>"
            }.joined())
            \(SupervisionPages.roles.contains(u.role ?? .resident) ? "<a href=\"/console/supervision\"\(current == "supervision" ? " aria-current=\"page\"" : "")>\(lang.t("督办", "Supervision"))</a>" : "")
            \(u.may(.evaluation, .list) ? "<a href=\"/console/evaluation\"\(current == "evaluation" ? " aria-current=\"page\"" : "")>\(lang.t("考核", "Evaluation"))</a>" : "")
            \(u.may(.evaluation, .list) ? "<a href=\"/console/dashboard\">\(lang.t("态势大屏", "Dashboard"))</a><a href=\"/console/briefings/daily\"\(current == "briefings" ? " aria-current=\"page\"" : "")>\(lang.t("简报", "Briefings"))</a>" : "")
            \(u.may(.evaluation, .list) ? "<a href=\"/console/clearance\"\(current == "clearance" ? " aria-current=\"page\"" : "")>\(lang.t("清零", "Clearance"))</a>" : "")
            \(u.may(.mediation, .list) ? "<a href=\"/console/mediation\"\(current == "mediation" ? " aria-current=\"page\"" : "")>\(lang.t("调解", "Mediation"))</a>" : "")
            \(u.may(.petitions, .list) ? "<a href=\"/console/petitions\"\(current == "petitions" ? " aria-current=\"page\"" : "")>\(lang.t("信访", "Petitions"))</a>" : "")
            \(u.may(.reception, .list) ? "<a href=\"/console/reception\"\(current == "reception" ? " aria-current=\"page\"" : "")>\(lang.t("领导接访", "Leader reception"))</a>" : "")
            \(u.may(.hall, .list) ? "<a href=\"/console/hall\"\(current == "hall" ? " aria-current=\"page\"" : "")>\(lang.t("来访大厅", "Walk-in hall"))</a>" : "")
            \(u.may(.riskWarnings, .list) ? "<a href=\"/console/risk\"\(current == "risk" ? " aria-current=\"page\"" : "")>\(lang.t("风险预警", "Risk warnings"))</a>" : "")
            \(u.may(.configuration, .change) ? "<a href=\"/console/dispatch-model\"\(current == "dispatch-model" ? " aria-current=\"page\"" : "")>\(lang.t("派单模型", "Dispatch model"))</a>" : "")
            \(u.may(.audit, .list) ? "<a href=\"/console/audit\"\(current == "audit" ? " aria-current=\"page\"" : "")>\(lang.t("审计", "Audit"))</a>" : "")
            \(u.role == .gridWorker ? "<a href=\"/console/patrols\"\(current == "patrols" ? " aria-current=\"page\"" : "")>\(lang.t("巡查", "Patrols"))</a>" : "")</nav>
            <span class="spacer"></span>\(switchLink)
            <span class="who">\(esc(u.name)) · \(esc(u.role.map { lang.t($0.nameZh, $0.rawValue) } ?? lang.t("系统", "system")))</span>
            <form method="post" action="/console/logout" class="inline"><button class="link">\(lang.t("退出", "Sign out"))</button></form>
            """
        } ?? "<span class=\"spacer\"></span>\(switchLink)"
        return """
        <!doctype html>
        <html lang="\(lang.htmlCode)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · 和为贵</title>
        <link rel="stylesheet" href="/assets/app.css"></head>
        <body><header class="top"><a class="brand" href="/console/orders"><span class="seal">和</span><span>和为贵<small>\(lang.t("社会治理服务平台", "Social governance"))</small></span></a>
        \(links)</header>
        <main>\(body)</main><script src="/assets/app.js"></script></body></html>
        """
    }

    /// A page for the signed-in user of `req`, with the language switch pointing at the same page.
    /// `path` names the page when the request was a form post to another address.
    static func render(_ req: Request, title: String, nav: String = "", path: String? = nil, body: String,
                       status: HTTPResponseStatus = .ok) -> Response {
        response(page(title: title, lang: Lang.of(req), user: req.auth.get(Principal.self), body: body, nav: nav,
                      langSwitch: Lang.switchHref(req, path: path)), status: status)
    }

    /// Previous / next links for a paged list, or nothing when it fits on one page. `link` gives the
    /// address of a page number.
    static func pager(page: Int, per: Int, total: Int, lang: Lang, link: (Int) -> String) -> String {
        guard total > per else { return "" }
        let pages = max(1, (total + per - 1) / per)
        let prev = page > 1 ? "<a class=\"button\" rel=\"prev\" href=\"\(esc(link(page - 1)))\">‹ \(lang.t("上一页", "Previous"))</a>" : ""
        let next = page < pages ? "<a class=\"button\" rel=\"next\" href=\"\(esc(link(page + 1)))\">\(lang.t("下一页", "Next")) ›</a>" : ""
        return "<nav class=\"pager\">\(prev)<span>\(lang.t("第 \(page) / \(pages) 页", "Page \(page) of \(pages)"))</span>\(next)</nav>"
    }

    /// `<p class="flash …">` for a success or error message, or nothing.
    static func flash(_ text: String?, error: Bool = false) -> String {
        guard let text, !text.isEmpty else { return "" }
        return "<p class=\"flash \(error ? "error" : "ok")\" role=\"\(error ? "alert" : "status")\">\(esc(text))</p>"
    }

    /// `<option>` with the value escaped and `selected` when it matches.
    static func option(_ value: String, _ label: String, selected: String?, extra: String = "") -> String {
        "<option value=\"\(esc(value))\"\(value == selected ? " selected" : "")\(extra)>\(esc(label))</option>"
    }

    /// A query string (`?a=1&b=2`) from the non-empty pairs, in order.
    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let parts = pairs.filter { !$0.1.isEmpty }.map { k, v in
            "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    static func response(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
    }
}

/// The console's language: Chinese first, English on request (`?lang=en`, remembered in a cookie).
enum Lang: String, Sendable {
    case zh
    case en

    func t(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    var htmlCode: String { self == .zh ? "zh-CN" : "en" }

    static let cookie = "hewei_lang"

    static func of(_ req: Request) -> Lang {
        if let q = req.query[String.self, at: "lang"], let l = Lang(rawValue: q) { return l }
        if let c = req.cookies[cookie]?.string, let l = Lang(rawValue: c) { return l }
        return .zh
    }

    /// The current page (path and query) in the other language.
    static func switchHref(_ req: Request, path: String? = nil) -> String {
        let other = of(req) == .zh ? "en" : "zh"
        if let path { return path + HTML.query([("lang", other)]) }
        let pairs = (URLComponents(string: req.url.string)?.queryItems ?? [])
            .filter { $0.name != "lang" && $0.name != "done" }.map { ($0.name, $0.value ?? "") }
        return req.url.path + HTML.query(pairs + [("lang", other)])
    }
}

/// Remembers `?lang=` in a cookie so that the choice sticks across pages.
struct LangCookieMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let q = request.query[String.self, at: "lang"], let lang = Lang(rawValue: q) {
            response.cookies[Lang.cookie] = HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                                                             isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

enum ErrorPage {
    static func response(status: HTTPResponseStatus, code: String, reason: String) -> Response {
        let body = """
        <section class="error"><h1>\(status.code) \(HTML.esc(status.reasonPhrase))</h1>
        <p class="code">\(HTML.esc(code))</p><p>\(HTML.esc(reason))</p>
        <p><a href="/console/orders">返回工单列表 · Back to orders</a></p></section>
        """
        return HTML.response(HTML.page(title: "\(status.code)", lang: .zh, user: nil, body: body), status: status)
    }
}
