import Foundation
import HeweiCore

/// The one-screen dashboard's content (the part the page refreshes every 30 s): headline numbers,
/// KPI tiles, channel, trend and category charts, the map of the area's children coloured by the
/// chosen measure, and the open warnings. Everything comes from one `AnalyticsOverviewDTO`.
struct DashboardView {
    enum Measure: String, CaseIterable {
        case open, red, intake, closure
    }

    var dto: AnalyticsOverviewDTO
    var measure: Measure
    /// The area's children as grid cells (for their shapes) and the area's own cell (outline).
    var cells: [GridCell]
    var outline: GridCell?
    var showWarnings: Bool
    var channelName: (String) -> String
    var lang: Lang

    func href(_ area: String, measure m: Measure? = nil) -> String {
        "/console/dashboard" + HTML.query([("area", area), ("measure", (m ?? measure).rawValue)])
    }

    func render() -> String {
        """
        <div class="head"><nav class="crumbs" aria-label="\(lang.t("层级", "Levels"))">\(crumbs())</nav>
        <h1>\(HTML.esc(dto.name)) · \(lang.t("社会治理态势", "Governance at a glance"))</h1>
        <p class="asof">\(lang.t("数据截至", "As of")) \(ConsoleFormat.time(dto.asOf))</p></div>
        <section class="headline">
        \(big(lang.t("今日受理", "Intake today"), dto.todayIntake, "intake"))\(big(lang.t("在办", "Open"), dto.open, "open"))
        \(big(lang.t("黄灯", "Yellow"), dto.yellow, "yellow"))\(big(lang.t("红灯", "Red"), dto.red, "red"))
        \(showWarnings ? big(lang.t("未处置预警", "Open warnings"), dto.openWarnings, "warn") : "")</section>
        <div class="cols">
        <div class="col"><section class="panel"><h2>\(lang.t("今日分渠道受理", "Intake today by channel"))</h2>
        \(DashboardCharts.bars(dto.todayByChannel.map { .init(label: channelName($0.key), value: $0.count) }, aria: lang.t("今日分渠道受理", "Intake today by channel"), empty: lang.t("今日暂无受理。", "No intake today.")))</section>
        <section class="panel"><h2>\(lang.t("本月考核指标", "KPIs this month")) <small>\(HTML.esc(dto.kpis.from)) – \(HTML.esc(dto.kpis.to))</small></h2><div class="tiles">\(tiles())</div></section></div>
        <section class="panel map"><h2>\(lang.t("下级区域", "Areas below")) · \(measureSwitch())</h2>\(map())</section>
        <div class="col"><section class="panel"><h2>\(lang.t("近30日受理趋势", "Intake, last 30 days"))</h2>
        \(DashboardCharts.trend(dto.trend.map { .init(day: $0.day, intake: $0.intake, closedOnTime: $0.closedOnTime) }, aria: lang.t("近30日受理趋势", "Intake trend"),
                                intakeLabel: lang.t("受理", "intake"), closedLabel: lang.t("按时办结", "closed on time")))
        <p class="key"><span class="k-bar"></span>\(lang.t("受理", "Intake")) <span class="k-line"></span>\(lang.t("按时办结", "Closed on time"))</p></section>
        <section class="panel"><h2>\(lang.t("近30日诉求分类", "Categories, last 30 days"))</h2>
        \(DashboardCharts.bars(dto.categories.prefix(8).map { .init(label: $0.name, value: $0.count) }, row: 28, aria: lang.t("诉求分类", "Categories"), empty: lang.t("近30日暂无受理。", "No intake in the last 30 days.")))</section>
        \(showWarnings ? warnings() : "")</div>
        </div>
        """
    }

    private func crumbs() -> String {
        dto.path.enumerated().map { i, a in
            i == dto.path.count - 1 ? "<span aria-current=\"page\">\(HTML.esc(a.name))</span>" : "<a href=\"\(HTML.esc(href(a.key)))\">\(HTML.esc(a.name))</a>"
        }.joined(separator: " › ")
    }

    private func big(_ label: String, _ value: Int, _ cls: String) -> String {
        "<div class=\"big \(cls)\"><span class=\"num\" data-k=\"\(cls)\">\(value)</span><span class=\"lbl\">\(HTML.esc(label))</span></div>"
    }

    private func tiles() -> String {
        let k = dto.kpis
        func rate(_ r: KPIRatio?) -> String { r?.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func delta(_ d: Double?, percent: Bool) -> String {
            guard let d else { return "<span class=\"chg\">—</span>" }
            let text = percent ? String(format: "%.1f%%", abs(d) * 100) : String(format: "%.1f", abs(d) * 100) + lang.t("个百分点", " pts")
            if d == 0 { return "<span class=\"chg flat\">＝ \(text)</span>" }
            return "<span class=\"chg \(d > 0 ? "up" : "down")\">\(d > 0 ? "▲" : "▼") \(text)</span>"
        }
        let rows: [(String, String, String)] = [
            (lang.t("受理量", "Intake"), String(k.current.intake), delta(k.change.intake, percent: true)),
            (lang.t("按时签收率", "On-time sign-for"), rate(k.current.signFor), delta(k.change.signFor, percent: false)),
            (lang.t("按时办结率", "On-time closure"), rate(k.current.closure), delta(k.change.closure, percent: false)),
            (lang.t("问题解决率", "Resolution"), rate(k.current.resolution), delta(k.change.resolution, percent: false)),
            (lang.t("群众满意率", "Satisfaction"), rate(k.current.satisfaction), delta(k.change.satisfaction, percent: false)),
            (lang.t("调解成功率", "Mediation success"), rate(k.current.mediation), delta(k.change.mediation, percent: false)),
        ]
        return rows.map { "<div class=\"tile\"><span class=\"lbl\">\(HTML.esc($0.0))</span><span class=\"val\">\($0.1)</span>\($0.2)</div>" }.joined()
    }

    private func measureSwitch() -> String {
        let names: [Measure: String] = [.open: lang.t("在办", "Open"), .red: lang.t("红灯", "Red"),
                                        .intake: lang.t("30日受理", "Intake 30 d"), .closure: lang.t("按时办结率", "Closure")]
        return Measure.allCases.map { m in
            m == measure ? "<strong>\(names[m]!)</strong>" : "<a href=\"\(HTML.esc(href(dto.area, measure: m)))\">\(names[m]!)</a>"
        }.joined(separator: " ")
    }

    /// The measure's value of a child, as drawn (closure in whole percent).
    private func value(_ c: AnalyticsOverviewDTO.Child) -> Int? {
        switch measure {
        case .open: return c.open
        case .red: return c.red
        case .intake: return c.intake
        case .closure: return c.closure.map { Int(($0 * 100).rounded()) }
        }
    }

    private func map() -> String {
        guard !cells.isEmpty else { return "<p class=\"empty\">\(lang.t("该区域没有下级网格。", "This area has no areas below it."))</p>" }
        let byCode = Dictionary(dto.children.map { ($0.area, $0) }, uniquingKeysWith: { a, _ in a })
        let scale = GridFillScale(maximum: dto.children.compactMap(value).max() ?? 0)
        let items = cells.map { cell -> GridSVG.Item in
            let c = byCode[cell.code]
            let v = c.flatMap(value)
            let text = v.map { measure == .closure ? "\($0)%" : String($0) } ?? "—"
            let warn = (c?.warnings ?? 0) > 0
            return GridSVG.Item(cell: cell, href: href(cell.code), classes: "q\(scale.bucket(v ?? 0))\(warn ? " warn" : "")",
                                label: (warn ? "⚠ " : "") + GridText.shortName(cell, parent: outline),
                                title: "\(cell.name) · \(text)\(warn ? " · " + lang.t("预警 \(c!.warnings)", "\(c!.warnings) warnings") : "")",
                                sublabel: text)
        }
        let legend = scale.ranges.map { "<li><span class=\"swatch q\($0.bucket)\"></span>\($0.label)\(measure == .closure ? "%" : "")</li>" }.joined()
        return GridSVG(items: items, outline: outline, width: 1000, ariaLabel: lang.t("\(dto.name)下级区域地图", "Map of the areas below \(dto.name)")).render()
            + "<div class=\"legend\"><ul>\(legend)<li><span class=\"swatch warn\"></span>\(lang.t("有未处置预警", "open warnings"))</li></ul></div>"
    }

    private func warnings() -> String {
        let items = dto.warnings.map { w in
            "<li class=\"lv-\(HTML.esc(w.level))\"><strong>\(HTML.esc(RiskPages.kindName(w.kind, lang)))</strong> \(HTML.esc(w.subject))<span class=\"t\">\(ConsoleFormat.time(w.raisedAt))</span></li>"
        }.joined()
        return """
        <section class="panel warnings"><h2>\(lang.t("未处置风险预警", "Open risk warnings")) (\(dto.openWarnings))</h2>
        \(items.isEmpty ? "<p class=\"empty\">\(lang.t("没有未处置的风险预警。", "No open risk warnings."))</p>" : "<ul>\(items)</ul>")</section>
        """
    }
}
