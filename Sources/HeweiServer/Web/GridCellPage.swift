import Foundation
import HeweiCore

/// One grid cell (网格详情): what it is, where it sits, its children on a small map, its order counts
/// within the viewer's scope, and its latest orders.
struct GridCellPage {
    struct OrderRow {
        var code: String
        var createdAt: Date
        var state: String
        var light: String
        var leadUnitName: String?
        var categoryLabel: String
    }

    var cell: GridCell
    /// Large first, up to the parent.
    var ancestors: [GridCell]
    var children: [GridCell]
    /// Nil when the viewer may not read orders.
    var counts: GridPageQueries.Counts?
    var childCounts: [String: GridPageQueries.Counts]
    /// Base data and workers (label, value), when a summary is available.
    var baseData: [(String, String)]?
    var orders: [OrderRow]
    var lang: Lang
    /// The cell's assigned workers; nil when the viewer may not read assignments.
    var workers: [GridWorkController.AssignmentDTO]? = nil
    /// The first records of each kind in the viewer's `CellScope`, masked as the API masks them;
    /// nil when the viewer may not read base data (the page then shows only the counts).
    var records: [(BaseDataKind, [BaseRecordDTO])]? = nil

    static let recordLimit = 20

    func render() -> String {
        let c = cell
        return """
        \(breadcrumb())
        <div class="page-head"><h1>\(HTML.esc(c.name))</h1><span class="mono">\(HTML.esc(c.code))</span>
        <span class="tag">\(HTML.esc(GridText.level(c.level, lang: lang)))</span>\(c.dedicated ? " <span class=\"tag\">\(lang.t("专属网格", "dedicated cell"))</span>" : "")</div>
        <div class="grid-page">
        <section class="card map-card" aria-label="\(lang.t("地图", "Map"))">\(map())
        \(children.isEmpty ? "" : "<p class=\"hint\">\(lang.t("点击下级网格查看详情；", "Select a cell for its details; "))<a href=\"/console/grid\(HTML.esc(HTML.query([("cell", c.code)])))\">\(lang.t("在网格地图中查看", "open in the grid map"))</a></p>")</section>
        <div>\(fields())\(base())</div>
        </div>
        \(recordTables())
        \(orderTable())
        """
    }

    private func breadcrumb() -> String {
        let links = [("/console/grid", lang.t("网格地图", "Grid map"))] + ancestors.map { (GridText.cellHref($0.code), $0.name) }
        let trail = links.map { "<a href=\"\($0.0)\">\(HTML.esc($0.1))</a>" } + ["<span aria-current=\"page\">\(HTML.esc(cell.name))</span>"]
        return "<nav class=\"crumbs\" aria-label=\"\(lang.t("层级", "Levels"))\">\(trail.joined(separator: " › "))</nav>"
    }

    private func map() -> String {
        let label = lang.t("\(cell.name)及其下级网格", "\(cell.name) and its cells")
        guard !children.isEmpty else {
            return GridSVG(items: [.init(cell: cell, href: nil, classes: "q0 self", label: "", title: cell.name)], width: 600, ariaLabel: label).render()
        }
        let scale = GridFillScale(maximum: children.map { childCounts[$0.code]?.open ?? 0 }.max() ?? 0)
        let items = children.map { ch -> GridSVG.Item in
            let n = childCounts[ch.code]
            let title = n.map { lang.t("\(ch.name) · 未办结 \($0.open) / 共 \($0.total)", "\(ch.name) · \($0.open) open / \($0.total) in all") } ?? ch.name
            let labelled = children.count <= 30
            return GridSVG.Item(cell: ch, href: GridText.cellHref(ch.code), classes: "q\(scale.bucket(n?.open ?? 0))",
                                label: labelled ? GridText.shortName(ch, parent: cell) : "", title: title,
                                sublabel: labelled && counts != nil ? lang.t("未办结 \(n?.open ?? 0)", "\(n?.open ?? 0) open") : "")
        }
        return GridSVG(items: items, outline: cell, width: 600, ariaLabel: label).render() + (counts == nil ? "" : scale.legend(lang: lang))
    }

    private func fields() -> String {
        let chain = ancestors.map { "<a href=\"\(GridText.cellHref($0.code))\">\(HTML.esc($0.name))</a> <span class=\"mono\">\(HTML.esc($0.code))</span>" }
        let dash = "—"
        let rows: [(String, String)] = [
            (lang.t("网格编码", "Code"), "<span class=\"mono\">\(HTML.esc(cell.code))</span>"),
            (lang.t("层级", "Level"), HTML.esc(GridText.level(cell.level, lang: lang))),
            (lang.t("上级网格", "Parent cells"), chain.isEmpty ? lang.t("（县市）", "(the county)") : chain.joined(separator: " › ")),
            (lang.t("专属网格", "Dedicated cell"), ConsoleFormat.yesNo(cell.dedicated, lang: lang)),
            (lang.t("面积", "Area"), "\(GridText.squareKilometres(cell.shape)) km²"),
            (lang.t("下级网格", "Cells below"), children.isEmpty ? dash : cell.level.child.map { lang.t("\(children.count) 个\($0.nameZh)", "\(children.count) \(GridText.level($0, lang: .en).lowercased()) cells") } ?? dash),
            (lang.t("未办结工单", "Open orders"), counts.map { String($0.open) } ?? dash),
            (lang.t("工单总数", "Total orders"), counts.map { String($0.total) } ?? dash),
        ]
        let items = rows.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined()
        return "<section class=\"card\"><h2>\(lang.t("网格信息", "Cell"))</h2><dl class=\"fields\">\(items)</dl>"
            + (counts == nil ? "" : "<p class=\"hint\">\(lang.t("工单数仅含您有权查看的工单。", "Order counts include only the orders you may see."))</p>")
            + "</section>"
    }

    private func base() -> String {
        guard let baseData else {
            return """
            <section class="card"><h2>\(lang.t("人房事物组织与网格员", "Base data and grid workers"))</h2>
            <p class="muted">\(lang.t("基础数据：见 API", "base data: see API"))</p></section>
            """
        }
        let items = baseData.map { "<div><dt>\(HTML.esc($0.0))</dt><dd>\(HTML.esc($0.1))</dd></div>" }.joined()
        let hint = records == nil
            ? lang.t("含下级网格；您的角色只能查看数量。", "Including the cells below; your role sees the counts only.")
            : lang.t("含下级网格；明细见下方。", "Including the cells below; records below.")
        return "<section class=\"card\"><h2>\(lang.t("人房事物组织与网格员", "Base data and grid workers"))</h2><dl class=\"fields\">\(items)</dl>"
            + "<p class=\"hint\">\(hint)</p>\(workerList())</section>"
    }

    private func workerList() -> String {
        guard let workers else { return "" }
        let heading = "<h3>\(lang.t("本网格网格员", "Workers assigned to this cell"))</h3>"
        guard !workers.isEmpty else {
            return heading + "<p class=\"muted\">\(lang.t("本网格没有您可查看的网格员分配。", "No assignments to this cell that you may see."))</p>"
        }
        let items = workers.map { w in
            let kind = w.kind == "chief" ? lang.t("网格长", "chief") : lang.t("网格员", "worker")
            return "<li><strong>\(HTML.esc(w.displayName))</strong> <span class=\"tag\">\(kind)</span> "
                + "<span class=\"muted\">\(lang.t("自", "since")) \(ConsoleFormat.time(w.assignedAt))</span></li>"
        }.joined()
        return heading + "<ul class=\"plain workers\">\(items)</ul>"
    }

    /// One table per kind: name, cell and the kind's own fields, as the base-data API returns them.
    private func recordTables() -> String {
        guard let records else { return "" }
        let tables = records.map { kind, rows -> String in
            let title = "<h3>\(BaseDataText.kind(kind, lang: lang))</h3>"
            guard !rows.isEmpty else {
                return title + "<p class=\"muted\">\(lang.t("无您可查看的记录。", "No records you may see."))</p>"
            }
            let fields = kind.fields.map(\.name).filter { $0 != "name" }
            let head = [lang.t("名称", "Name"), lang.t("网格", "Cell")] + fields.map { BaseDataText.field($0, lang: lang) }
            let body = rows.map { r -> String in
                let cells = [HTML.esc(r.name), "<a class=\"mono\" href=\"\(GridText.cellHref(r.cellCode))\">\(HTML.esc(r.cellCode))</a>"]
                    + fields.map { HTML.esc(BaseDataText.value(r.attributes[$0] ?? "", field: $0, lang: lang)) }
                return "<tr>" + zip(head, cells).map { "<td data-label=\"\($0.0)\">\($0.1.isEmpty ? "—" : $0.1)</td>" }.joined() + "</tr>"
            }.joined(separator: "\n")
            return """
            \(title)<div class="table-wrap"><table class="records"><thead><tr>\(head.map { "<th scope=\"col\">\($0)</th>" }.joined())</tr></thead>
            <tbody>
            \(body)
            </tbody></table></div>
            """
        }.joined(separator: "\n")
        return """
        <section class="card base-records"><h2>\(lang.t("基础数据明细", "Base-data records"))</h2>
        <p class="hint">\(lang.t("每类最多显示前 \(Self.recordLimit) 条（含下级网格）；身份证号与电话按您的权限脱敏。",
                                 "At most the first \(Self.recordLimit) of each kind (including the cells below); ID numbers and phones masked as your role requires."))</p>
        \(tables)</section>
        """
    }

    private func orderTable() -> String {
        let heading = "<h2>\(lang.t("最近工单", "Latest orders"))</h2>"
        guard counts != nil else { return "" }
        guard !orders.isEmpty else {
            return "<section class=\"card\">\(heading)<p class=\"muted\">\(lang.t("该网格内没有您可查看的工单。", "No orders you may see in this cell."))</p></section>"
        }
        let head = [lang.t("灯", "Light"), lang.t("工单编号", "Code"), lang.t("受理时间", "Created"), lang.t("分类", "Category"),
                    lang.t("主办单位", "Lead unit"), lang.t("状态", "State")]
        let rows = orders.map { o -> String in
            let open = o.state != WorkOrderState.closed.rawValue
            return """
            <tr><td class="light" data-label="\(head[0])">\(ConsoleFormat.lightDot(open ? o.light : nil, lang: lang))</td>
            <td class="code" data-label="\(head[1])"><a href="/console/orders/\(HTML.esc(o.code))">\(HTML.esc(o.code))</a></td>
            <td class="time" data-label="\(head[2])">\(ConsoleFormat.time(o.createdAt))</td>
            <td data-label="\(head[3])">\(HTML.esc(o.categoryLabel))</td>
            <td data-label="\(head[4])">\(HTML.esc(o.leadUnitName ?? "—"))</td>
            <td data-label="\(head[5])"><span class="state state-\(HTML.esc(o.state))">\(HTML.esc(ConsoleFormat.state(o.state, lang: lang)))</span></td></tr>
            """
        }.joined(separator: "\n")
        return """
        <section class="card">\(heading)<p class="hint">\(lang.t("最近 \(orders.count) 件（最多 20 件）", "The latest \(orders.count) (at most 20)"))</p>
        <div class="table-wrap"><table class="orders"><thead><tr>\(head.map { "<th scope=\"col\">\($0)</th>" }.joined())</tr></thead>
        <tbody>
        \(rows)
        </tbody></table></div></section>
        """
    }
}
