import Foundation
import HeweiCore
import Vapor

/// `/console/audit`: the auditor's search of the audit trail, and a check of the hash chain.
/// The same filter and the same rights as `GET /api/v1/audit`.
struct AuditPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: search)
    }

    func search(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.audit, .list)
        let lang = Lang.of(req)
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        var page = AuditPage(query: query, lang: lang)
        do {
            let filter = try AuditFilter.parse(query)
            let (rows, total) = try await filter.run(on: req.db)
            (page.rows, page.total, page.page, page.per) = (rows.map(AuditController.EntryDTO.init), total, filter.page, filter.per)
            if query["verify"] == "1" {
                page.verified = try await AuditController().verify(req: req)
            }
        } catch let error as HeweiError {
            page.error = ConsoleMessages.describe(error, lang: lang)
            return HTML.render(req, title: lang.t("审计日志", "Audit trail"), nav: "audit", body: page.render(), status: error.status)
        }
        return HTML.render(req, title: lang.t("审计日志", "Audit trail"), nav: "audit", body: page.render())
    }
}

struct AuditPage {
    var query: [String: String]
    var lang: Lang
    var rows: [AuditController.EntryDTO] = []
    var total = 0
    var page = 1
    var per = 50
    var error: String?
    var verified: AuditVerifier.Report?

    static let keys = ["actor", "kind", "action", "target", "from", "to"]

    func render() -> String {
        let kinds = [("", lang.t("全部", "all"))] + AuditFilter.kinds.map { ($0, $0) }
        let kindOptions = kinds.map { HTML.option($0.0, $0.1, selected: query["kind"] ?? "") }.joined()
        func input(_ key: String, _ label: String, type: String = "text") -> String {
            "<label>\(label) <input name=\"\(key)\" type=\"\(type)\" value=\"\(HTML.esc(query[key] ?? ""))\"></label>"
        }
        let table = rows.isEmpty
            ? "<p class=\"empty\">\(lang.t("没有符合条件的记录。", "No entries match."))</p>"
            : """
            <table class="list"><thead><tr><th>#</th><th>\(lang.t("时间", "Time"))</th><th>\(lang.t("操作人", "Actor"))</th>
            <th>\(lang.t("类别", "Kind"))</th><th>\(lang.t("操作", "Action"))</th><th>\(lang.t("对象", "Target"))</th>
            <th>\(lang.t("结果", "Status"))</th><th>\(lang.t("原因", "Reason"))</th><th>IP</th></tr></thead><tbody>
            \(rows.map(row).joined())</tbody></table>
            """
        return """
        <div class="page-head"><h1>\(lang.t("审计日志", "Audit trail"))</h1></div>
        \(HTML.flash(error, error: true))\(verification)
        <form method="get" action="/console/audit" class="filters card">
        \(input("actor", lang.t("操作人", "Actor")))
        <label>\(lang.t("类别", "Kind")) <select name="kind">\(kindOptions)</select></label>
        \(input("action", lang.t("操作包含", "Action contains")))
        \(input("target", lang.t("对象包含", "Target contains")))
        \(input("from", lang.t("起", "From"), type: "date"))\(input("to", lang.t("止", "To"), type: "date"))
        <button type="submit" class="primary">\(lang.t("查询", "Search"))</button>
        <button type="submit" name="verify" value="1">\(lang.t("校验哈希链", "Verify the chain"))</button></form>
        <p class="muted">\(lang.t("共 \(total) 条，最新在前。", "\(total) entries, newest first."))</p>
        \(table)\(pager)
        """
    }

    private var verification: String {
        guard let v = verified else { return "" }
        if v.ok {
            return HTML.flash(lang.t("哈希链完整：\(v.entries) 条记录，核对锚点 \(v.anchorsChecked) 个。",
                                     "The chain is intact: \(v.entries) entries, \(v.anchorsChecked) anchor(s) checked."))
        }
        return HTML.flash(lang.t("哈希链断裂于第 \(v.brokenAt ?? 0) 条：", "The chain is broken at entry \(v.brokenAt ?? 0): ") + (v.problem ?? ""), error: true)
    }

    private func row(_ e: AuditController.EntryDTO) -> String {
        let status = e.status >= 400 ? "<span class=\"tag warn\">\(e.status)</span>" : String(e.status)
        return """
        <tr><td class="mono">\(e.seq)</td><td>\(ConsoleFormat.time(e.at))</td><td>\(HTML.esc(e.actor))<small class="muted"> \(HTML.esc(e.role))</small></td>
        <td>\(HTML.esc(e.kind))</td><td class="mono">\(HTML.esc(e.action))</td><td class="mono">\(HTML.esc(e.target))</td>
        <td>\(status)</td><td>\(HTML.esc(e.reason))</td><td class="mono">\(HTML.esc(e.ip))</td></tr>
        """
    }

    private var pager: String {
        HTML.pager(page: page, per: per, total: total, lang: lang) { p in
            "/console/audit" + HTML.query(Self.keys.map { ($0, query[$0] ?? "") } + [("page", String(p))])
        }
    }
}
