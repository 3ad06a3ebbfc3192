import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/portal/letters`: the published letters (书记信箱, 网络问政) with their answers, newest first,
/// without personal data: the public text chosen when publishing, the category, the answering unit.
struct PublicLetters: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", "letters", use: show)
    }

    func show(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let per = 10
        let page = max(1, min(Int(req.query[String.self, at: "page"] ?? "") ?? 1, 100_000))
        let query = WorkOrderModel.query(on: req.db).filter(\.$publishedAt != nil)
        let total = try await query.copy().count()
        let letters = try await query.sort(\.$publishedAt, .descending).sort(\.$code, .descending)
            .range((page - 1) * per ..< page * per).all()
        let categories = try await CategoryModel.query(on: req.db).filter(\.$code ~~ letters.map(\.categoryCode)).all()
        let names = Dictionary(uniqueKeysWithValues: categories.map { ($0.code, lang.t($0.name, $0.nameEn)) })
        let items = letters.map { o -> String in
            let unit = req.hewei.org.unit(o.leadUnitID).map { lang.t($0.name, $0.nameEn) } ?? lang.t("市和为贵中心", "City centre")
            return """
            <article class="letter"><h2>\(HTML.esc(names[o.categoryCode] ?? o.categoryCode)) <small>\(HTML.esc(req.hewei.channels.name(o.channel, english: lang == .en)))
             · \(ConsoleFormat.time(o.publishedAt))</small></h2>
            <p class="letter-text">\(HTML.esc(o.publicText ?? ""))</p>
            <h3>\(lang.t("答复", "Answer")) · \(HTML.esc(unit))</h3><p class="letter-reply">\(HTML.esc(PublicText.scrub(o.reply ?? "")))</p></article>
            """
        }.joined()
        let body = """
        <main class="portal"><p><a href="/portal">‹ \(lang.t("返回", "Back"))</a></p>
        <h1>\(lang.t("书记信箱与网络问政：公开答复", "Letters and answers made public"))</h1>
        <p class="muted">\(lang.t("经来信人同意公开，已隐去个人信息。", "Published with the writers' consent; personal data removed."))</p>
        \(items.isEmpty ? "<p class=\"empty\">\(lang.t("暂无公开的来信。", "No letters have been published yet."))</p>" : items)
        \(HTML.pager(page: page, per: per, total: total, lang: lang) { "?page=\($0)" })
        </main>
        """
        let html = """
        <!doctype html><html lang="\(lang.htmlCode)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(lang.t("公开答复", "Published answers")) · 和为贵</title><link rel="stylesheet" href="/assets/portal.css"></head>
        <body>\(body)</body></html>
        """
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }
}
