import Foundation
import HeweiCore
import Vapor

/// `/console/evaluation`: the KPI table per unit or town for a period, ranked, with CSV and XLSX downloads.
/// Same rights, scope and figures as `GET /api/v1/evaluation`.
struct EvaluationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("evaluation", use: show)
    }

    func show(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.evaluation, .list)
        let lang = Lang.of(req)
        let raw = (try? req.query.decode([String: String].self)) ?? [:]
        var page = EvaluationPage(query: raw, lang: lang)
        do {
            var q = try EvaluationController.Query.parse(raw, now: req.hewei.clock.now())
            q.format = .json
            let (rows, names) = try await EvaluationController.compute(q, viewer: viewer, req: req)
            page.rows = rows.map { EvaluationController.dto($0, names: names) }
            page.groupBy = q.groupBy
        } catch let error as HeweiError {
            page.error = ConsoleMessages.describe(error, lang: lang)
            return HTML.render(req, title: lang.t("考核评价", "Evaluation"), nav: "evaluation", body: page.render(), status: error.status)
        }
        return HTML.render(req, title: lang.t("考核评价", "Evaluation"), nav: "evaluation", body: page.render())
    }
}

struct EvaluationPage {
    var query: [String: String]
    var lang: Lang
    var rows: [EvaluationController.RowDTO] = []
    var groupBy: Evaluation.Grouping = .unit
    var error: String?

    func render() -> String {
        func input(_ key: String, _ label: String, type: String = "text") -> String {
            "<label>\(label) <input name=\"\(key)\" type=\"\(type)\" value=\"\(HTML.esc(query[key] ?? ""))\"></label>"
        }
        let groups = [("unit", lang.t("按单位", "by unit")), ("town", lang.t("按乡镇", "by town"))]
            .map { HTML.option($0.0, $0.1, selected: query["groupBy"] ?? "unit") }.joined()
        let filters = ["from", "to", "groupBy", "minimumSample"].map { ($0, query[$0] ?? "") }
        let csvHref = "/api/v1/evaluation" + HTML.query(filters + [("format", "csv")])
        let xlsxHref = "/api/v1/evaluation" + HTML.query(filters + [("format", "xlsx")])
        let table = rows.isEmpty
            ? "<p class=\"empty\">\(lang.t("这一时段没有可考核的工单。", "No orders to evaluate in this period."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("名次", "Rank"))</th>
            <th>\(groupBy == .unit ? lang.t("单位", "Unit") : lang.t("乡镇", "Town"))</th><th>\(lang.t("样本", "Sample"))</th>
            <th>\(lang.t("按时签收率", "On-time sign-for"))</th><th>\(lang.t("按时办结率", "On-time closure"))</th>
            <th>\(lang.t("解决率", "Resolution"))</th><th>\(lang.t("满意率", "Satisfaction"))</th><th>\(lang.t("得分", "Score"))</th></tr></thead>
            <tbody>\(rows.map(row).joined())</tbody></table></div>
            """
        return """
        <div class="page-head"><h1>\(lang.t("考核评价", "Evaluation"))</h1></div>
        \(HTML.flash(error, error: true))
        <form method="get" action="/console/evaluation" class="filters card">
        \(input("from", lang.t("起", "From"), type: "date"))\(input("to", lang.t("止（不含）", "To (exclusive)"), type: "date"))
        <label>\(lang.t("口径", "Group")) <select name="groupBy">\(groups)</select></label>
        \(input("minimumSample", lang.t("最低样本", "Minimum sample"), type: "number"))
        <button type="submit" class="primary">\(lang.t("计算", "Compute"))</button>
        <a class="button" href="\(HTML.esc(csvHref))">\(lang.t("导出 CSV", "Download CSV"))</a>
        <a class="button" href="\(HTML.esc(xlsxHref))">\(lang.t("导出 Excel", "Download XLSX"))</a></form>
        <p class="muted">\(lang.t("按时签收率 = 按时签收 / 派单；按时办结率 = 按期办结（含批准延期）/ 到期；解决率 = 已解决 / 回访成功；满意率 =（满意 + 基本满意）/ 回访成功。样本不足的单位不参与排名。",
                                  "On-time sign-for = signed in time / dispatched; on-time closure = closed in time (incl. approved extensions) / due; resolution = resolved / reached; satisfaction = (satisfied + basically) / reached. Units below the minimum sample are not ranked."))</p>
        \(table)
        """
    }

    private func row(_ r: EvaluationController.RowDTO) -> String {
        func pct(_ k: EvaluationController.KPIDTO) -> String {
            guard let rate = k.rate else { return "<span class=\"muted\">—</span>" }
            return "\(String(format: "%.1f", (rate * 1000).rounded() / 10))% <small class=\"muted\">\(k.numerator)/\(k.denominator)</small>"
        }
        let rank = r.rank.map(String.init) ?? "<span class=\"muted\" title=\"\(HTML.esc(r.notRanked ?? ""))\">\(lang.t("不排名", "not ranked"))</span>"
        return """
        <tr><td>\(rank)</td><td>\(HTML.esc(r.name ?? r.code)) <small class="mono muted">\(HTML.esc(r.code))</small></td><td>\(r.sample)</td>
        <td>\(pct(r.signFor))</td><td>\(pct(r.closure))</td><td>\(pct(r.resolution))</td><td>\(pct(r.satisfaction))</td>
        <td>\(r.score.map { String(format: "%.1f", $0) } ?? "—")</td></tr>
        """
    }
}
