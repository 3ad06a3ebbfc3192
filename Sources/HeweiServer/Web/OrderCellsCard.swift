import Foundation
import HeweiCore

/// The order page's "where and to whom" card: the order's cells (micro → large, each linking to its
/// cell page), the lead unit, the event that sent it there with the data that event recorded, and
/// what the routing rules choose today (labelled as such: it is not a record of the past).
struct OrderCellsCard {
    struct Cell {
        var code: String
        var level: GridLevel
        var name: String?
    }

    var cells: [Cell]
    var leadUnit: String?
    /// The latest event that sent the order to a unit (dispatch, reassign…).
    var dispatch: EventDTO?
    /// Unit name, the matching rule (nil: the category's default unit) and the rules' reason.
    var routing: (unit: String, rule: String?, reason: String)?
    var lang: Lang

    /// The cells recorded on an order, micro → large.
    static func cells(of order: WorkOrderModel, in index: GridIndex) -> [Cell] {
        let recorded: [(String?, GridLevel)] = [(order.cellMicro, .micro), (order.cellSmall, .small),
                                                (order.cellMedium, .medium), (order.cellLarge, .large)]
        return recorded.compactMap { code, level in code.map { Cell(code: $0, level: level, name: index.cell($0)?.name) } }
    }

    func render() -> String {
        let chain = cells.isEmpty
            ? "<p class=\"muted\">\(lang.t("未定位到网格（无坐标或不在网格范围内）。", "Not in any grid cell (no location, or outside the grid)."))</p>"
            : "<ol class=\"cell-chain\">" + cells.map { c in
                "<li><span class=\"tag\">\(HTML.esc(GridText.level(c.level, lang: lang)))</span> <a class=\"mono\" href=\"\(GridText.cellHref(c.code))\">\(HTML.esc(c.code))</a> \(HTML.esc(c.name ?? ""))</li>"
            }.joined() + "</ol>"
        var rows: [(String, String)] = [(lang.t("主办单位", "Lead unit"), HTML.esc(leadUnit ?? lang.t("未派单", "not dispatched")))]
        if let e = dispatch {
            let extra = e.data.filter { $0.key != "unit" }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            let how = [ConsoleFormat.action(e.action, lang: lang), ConsoleFormat.time(e.at), e.actor] + extra
            rows.append((lang.t("派单记录", "Sent by"), HTML.esc(how.joined(separator: " · ")) + (e.note.isEmpty ? "" : "<br><span class=\"muted\">\(HTML.esc(e.note))</span>")))
        }
        if let routing {
            rows.append((lang.t("现行路由规则的选择", "Current routing rules choose"),
                         "\(HTML.esc(routing.unit)) · \(HTML.esc(routing.rule.map { lang.t("路由规则 \($0)", "rule \($0)") } ?? lang.t("分类默认单位", "the category's default unit")))"
                         + "<br><span class=\"muted mono\">\(HTML.esc(routing.reason))</span>"))
        }
        let items = rows.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined()
        return """
        <section class="card order-cells"><h2>\(lang.t("所属网格与派单", "Grid cells and dispatch"))</h2>
        \(chain)<dl class="fields">\(items)</dl></section>
        """
    }
}
