import Foundation
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

    static func page(title: String, lang: Lang, user: Principal?, body: String) -> String {
        let nav = user.map { u in
            """
            <nav class="top"><a class="brand" href="/console/orders">和为贵 Hewei</a>
            <a href="/console/orders">\(lang.t("工单", "Orders"))</a>
            <a href="/console/intake">\(lang.t("受理登记", "Intake"))</a>
            <span class="spacer"></span>
            <a href="?lang=\(lang == .zh ? "en" : "zh")">\(lang == .zh ? "English" : "中文")</a>
            <span class="who">\(esc(u.name)) · \(esc(u.role?.nameZh ?? "系统"))</span>
            <form method="post" action="/console/logout" class="inline"><button>\(lang.t("退出", "Sign out"))</button></form></nav>
            """
        } ?? ""
        return """
        <!doctype html>
        <html lang="\(lang == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · 和为贵</title>
        <link rel="stylesheet" href="/assets/app.css"></head>
        <body>\(nav)<main>\(body)</main><script src="/assets/app.js"></script></body></html>
        """
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

    static func of(_ req: Request) -> Lang {
        if let q = req.query[String.self, at: "lang"], let l = Lang(rawValue: q) { return l }
        if let c = req.cookies["hewei_lang"]?.string, let l = Lang(rawValue: c) { return l }
        return .zh
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
