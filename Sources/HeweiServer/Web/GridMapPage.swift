import Foundation
import HeweiCore

/// The grid map (网格地图): the children of one cell (or the large cells) drawn as an SVG map coloured
/// by open orders, with a breadcrumb back up and a table of the same cells.
struct GridMapPage {
    /// The cell whose children are shown; nil for the whole county (the large cells).
    var parent: GridCell?
    /// The parent's ancestors, large first.
    var ancestors: [GridCell]
    var cells: [GridCell]
    /// Open and total orders per shown cell in the viewer's scope; nil when the viewer may not read orders.
    var counts: [String: GridPageQueries.Counts]?
    var lang: Lang

    func render() -> String {
        let title = parent.map { "\($0.name)" } ?? lang.t("网格地图", "Grid map")
        guard !cells.isEmpty || parent != nil else { return empty() }
        let level = parent?.level.child ?? .large
        let open = cells.reduce(0) { $0 + (counts?[$1.code]?.open ?? 0) }
        let summary = counts == nil ? lang.t("无权查看工单数", "order counts not available to your role")
            : lang.t("\(cells.count) 个\(level.nameZh)，未办结工单 \(open) 件", "\(cells.count) \(GridText.level(level, lang: lang).lowercased()) cells, \(open) open orders")
        return """
        \(breadcrumb())
        <div class="page-head"><h1>\(HTML.esc(title))</h1>
        \(parent.map { "<span class=\"mono\">\(HTML.esc($0.code))</span> <span class=\"tag\">\(HTML.esc(GridText.level($0.level, lang: lang)))</span> <a href=\"\(GridText.cellHref($0.code))\">\(lang.t("网格详情", "Cell details")) ›</a>" } ?? "")
        <p class="count">\(HTML.esc(summary))</p></div>
        <div class="grid-page">
        <section class="card map-card" aria-label="\(lang.t("地图", "Map"))">\(map())\(legend())</section>
        <section class="card" aria-label="\(lang.t("网格列表", "Cells"))">\(table(level: level))</section>
        </div>
        """
    }

    private var scale: GridFillScale {
        GridFillScale(maximum: cells.map { counts?[$0.code]?.open ?? 0 }.max() ?? 0)
    }

    /// Where a cell leads: one level down, or its detail page for the deepest cells.
    private func href(_ cell: GridCell) -> String {
        cell.level.child == nil ? GridText.cellHref(cell.code) : "/console/grid" + HTML.query([("cell", cell.code)])
    }

    private func map() -> String {
        let scale = self.scale
        let items = cells.map { c -> GridSVG.Item in
            let n = counts?[c.code]
            let title = n.map { lang.t("\(c.name) · 未办结 \($0.open) / 共 \($0.total)", "\(c.name) · \($0.open) open / \($0.total) in all") } ?? c.name
            return GridSVG.Item(cell: c, href: href(c), classes: "q\(scale.bucket(n?.open ?? 0))",
                                label: GridText.shortName(c, parent: parent), title: title,
                                sublabel: counts == nil ? "" : lang.t("未办结 \(n?.open ?? 0)", "\(n?.open ?? 0) open"))
        }
        let label = lang.t("\(parent?.name ?? "全市")网格地图", "Grid map of \(parent?.name ?? "the county")")
        return GridSVG(items: items, outline: parent, ariaLabel: label).render()
    }

    private func legend() -> String {
        counts == nil ? "" : scale.legend(lang: lang)
    }

    private func breadcrumb() -> String {
        guard let parent else { return "" }
        let links = [("/console/grid", lang.t("全市", "County"))] + ancestors.map { ("/console/grid" + HTML.query([("cell", $0.code)]), $0.name) }
        let trail = links.map { "<a href=\"\(HTML.esc($0.0))\">\(HTML.esc($0.1))</a>" } + ["<span aria-current=\"page\">\(HTML.esc(parent.name))</span>"]
        return "<nav class=\"crumbs\" aria-label=\"\(lang.t("层级", "Levels"))\">\(trail.joined(separator: " › "))</nav>"
    }

    private func table(level: GridLevel) -> String {
        guard !cells.isEmpty else { return "<p class=\"muted\">\(lang.t("该网格没有下级网格。", "This cell has no cells below it."))</p>" }
        let head = [lang.t("编码", "Code"), lang.t("名称", "Name"), lang.t("层级", "Level"), lang.t("未办结", "Open"), lang.t("工单总数", "Total")]
        let rows = cells.map { c -> String in
            let n = counts?[c.code]
            return """
            <tr><td class="code" data-label="\(head[0])"><a href="\(GridText.cellHref(c.code))">\(HTML.esc(c.code))</a></td>
            <td data-label="\(head[1])"><a href="\(HTML.esc(href(c)))">\(HTML.esc(c.name))</a>\(c.dedicated ? " <span class=\"tag\">\(lang.t("专属", "dedicated"))</span>" : "")</td>
            <td data-label="\(head[2])">\(HTML.esc(GridText.level(c.level, lang: lang)))</td>
            <td class="num" data-label="\(head[3])">\(n.map { String($0.open) } ?? (counts == nil ? "—" : "0"))</td>
            <td class="num" data-label="\(head[4])">\(n.map { String($0.total) } ?? (counts == nil ? "—" : "0"))</td></tr>
            """
        }.joined(separator: "\n")
        return """
        <div class="table-wrap"><table class="cells"><thead><tr>\(head.enumerated().map { "<th scope=\"col\"\($0.offset >= 3 ? " class=\"num\"" : "")>\($0.element)</th>" }.joined())</tr></thead>
        <tbody>
        \(rows)
        </tbody></table></div>
        """
    }

    private func empty() -> String {
        """
        <div class="page-head"><h1>\(lang.t("网格地图", "Grid map"))</h1></div>
        <div class="empty"><p>\(lang.t("尚未导入网格。", "No grid has been imported yet."))</p>
        <p class="hint">\(lang.t("系统管理员可用 <code>hewei grid import 文件.geojson</code> 或管理接口导入网格。",
                                 "A system administrator can import one with <code>hewei grid import FILE.geojson</code> or the admin API."))</p></div>
        """
    }
}

/// Names and links of grid cells shared by the grid pages and the order page.
enum GridText {
    static func level(_ level: GridLevel, lang: Lang) -> String {
        switch level {
        case .large: return lang.t("大网格", "Large")
        case .medium: return lang.t("中网格", "Medium")
        case .small: return lang.t("小网格", "Small")
        case .micro: return lang.t("微网格", "Micro")
        }
    }

    static func cellHref(_ code: String) -> String {
        "/console/grid/cells/" + HTML.esc(code.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? code)
    }

    /// The name without its parent's name in front ("鲁城街道颜庄社区" → "颜庄社区" under 鲁城街道).
    static func shortName(_ cell: GridCell, parent: GridCell?) -> String {
        guard let parent, cell.name.hasPrefix(parent.name), cell.name.count > parent.name.count else { return cell.name }
        return String(cell.name.dropFirst(parent.name.count))
    }

    /// Square kilometres with two decimals.
    static func squareKilometres(_ shape: Shape) -> String {
        String(format: "%.2f", ShapeCoding.squareMetres(shape) / 1_000_000)
    }
}
