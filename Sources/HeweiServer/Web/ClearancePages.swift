import Foundation
import HeweiCore
import Vapor

/// `/console/clearance`: the clearance board, through the API's handler (same rights and scope).
struct ClearancePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("clearance", use: show)
    }

    func show(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let query = ["groupBy", "days"].compactMap { k in req.query[String.self, at: k].map { (k, $0) } }
        let board = try await ClearanceController().board(req: ConsoleAPI.request(req, query: query))
        return HTML.render(req, title: lang.t("清零看板", "Clearance board"), nav: "clearance", body: ClearancePage(board: board, lang: lang).render())
    }
}

struct ClearancePage {
    let board: ClearanceController.BoardDTO
    let lang: Lang

    func render() -> String {
        let groups = [("unit", lang.t("按单位", "by unit")), ("town", lang.t("按乡镇", "by town"))]
            .map { HTML.option($0.0, $0.1, selected: board.groupBy) }.joined()
        let total = board.rows.reduce(0) { $0 + $1.open }
        let table = board.rows.isEmpty
            ? "<p class=\"empty\">\(lang.t("没有积压：已全部清零。", "No backlog: everything is cleared."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(board.groupBy == "unit" ? lang.t("单位", "Unit") : lang.t("乡镇", "Town"))</th>
            <th>\(lang.t("未办结", "Open"))</th><th>&lt;1\(lang.t("天", "d"))</th><th>1–3</th><th>3–7</th><th>&gt;7</th>
            <th>\(lang.t("二次派送", "Redone"))</th><th>\(lang.t("近 \(board.days) 天走势", "Last \(board.days) days"))</th><th>\(lang.t("变化", "Change"))</th></tr></thead>
            <tbody>\(board.rows.map(row).joined())</tbody></table></div>
            """
        return """
        <div class="page-head"><h1>\(lang.t("清零看板", "Clearance board"))</h1><span class="muted">\(lang.t("未办结合计 \(total) 件", "\(total) open in all"))</span></div>
        <form method="get" action="/console/clearance" class="filters card">
        <label>\(lang.t("口径", "Group")) <select name="groupBy">\(groups)</select></label>
        <label>\(lang.t("天数", "Days")) <input name="days" type="number" min="1" max="90" value="\(board.days)"></label>
        <button type="submit" class="primary">\(lang.t("刷新", "Refresh"))</button></form>
        \(table)
        """
    }

    private func row(_ r: ClearanceController.RowDTO) -> String {
        let name = r.code == ClearanceController.undispatched ? lang.t("未派单", "not dispatched") : (r.name ?? r.code)
        let change = r.change < 0 ? "<span class=\"good\">▼ \(-r.change)</span>" : r.change > 0 ? "<span class=\"bad\">▲ \(r.change)</span>" : "0"
        return """
        <tr><td>\(HTML.esc(name)) <small class="mono muted">\(HTML.esc(r.code))</small></td><td><strong>\(r.open)</strong></td>
        \(r.ageBuckets.map { "<td>\($0)</td>" }.joined())<td>\(r.redone)</td>
        <td class="spark">\(Self.sparkline(r.trend))</td><td>\(change)</td></tr>
        """
    }

    /// A small inline SVG of the backlog over the days (no script, no external asset).
    static func sparkline(_ values: [Int]) -> String {
        guard values.count > 1, let top = values.max() else { return values.map(String.init).joined() }
        let w = 120.0, h = 24.0, scale = top == 0 ? 0 : (h - 2) / Double(top)
        let points = values.enumerated().map { i, v in
            String(format: "%.1f,%.1f", Double(i) * w / Double(values.count - 1), h - 1 - Double(v) * scale)
        }.joined(separator: " ")
        return "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(values.map(String.init).joined(separator: " → "))\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"\(points)\"/></svg>"
    }
}
