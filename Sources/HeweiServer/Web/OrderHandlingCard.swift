import Foundation
import HeweiCore

/// The order page's card for joint handling, the claim pool, supervision notices and merged
/// orders; nothing is shown for a plain assignment with none of them.
struct OrderHandlingCard {
    var handling: HandlingController.HandlingDTO
    var unitName: (String?) -> String
    var lang: Lang

    func render() -> String {
        let h = handling
        var parts: [String] = []
        if let parent = h.parent {
            parts.append("<p>\(lang.t("已并入主单", "Merged into")) <a class=\"mono\" href=\"/console/orders/\(HTML.esc(parent.code))\">\(HTML.esc(parent.code))</a> (\(HTML.esc(ConsoleFormat.state(parent.state, lang: lang))))</p>")
        }
        if !h.children.isEmpty {
            let links = h.children.map { c -> String in
                "<a class=\"mono\" href=\"/console/orders/\(HTML.esc(c.code))\">\(HTML.esc(c.code))</a> (\(HTML.esc(ConsoleFormat.state(c.state, lang: lang))))"
            }
            parts.append("<p>\(lang.t("并入本单的工单", "Orders merged into this one")): \(links.joined(separator: "、"))</p>")
        }
        if !h.assisting.isEmpty { parts.append(table(lang.t("协办单位", "Assisting units"), h.assisting)) }
        if !h.pool.isEmpty { parts.append(table(lang.t("抢单池", "Claim pool"), h.pool)) }
        if !h.notices.isEmpty { parts.append(notices()) }
        guard !parts.isEmpty else { return "" }
        return """
        <section class="card" aria-labelledby="handling-h"><h2 id="handling-h">\(lang.t("联办 · 抢单 · 督办", "Joint handling · pool · supervision")) <span class="tag">\(mode)</span></h2>
        \(parts.joined(separator: "\n"))</section>
        """
    }

    private var mode: String {
        switch handling.mode {
        case "joint": return lang.t("联办", "joint")
        case "pool": return lang.t("抢单", "pool")
        case "supervised": return lang.t("督办中", "supervised")
        default: return lang.t("交办", "assignment")
        }
    }

    private func table(_ title: String, _ rows: [HandlingController.ParticipantDTO]) -> String {
        let body = rows.map { r -> String in
            "<tr><td>\(HTML.esc(unitName(r.unit)))</td><td>\(r.round)</td><td>\(HTML.esc(Self.status(r.status, lang)))</td><td>\(ConsoleFormat.time(r.closedAt))</td><td>\(HTML.esc(r.note ?? ""))</td></tr>"
        }.joined()
        return """
        <h3>\(title)</h3><div class="table-wrap"><table><thead><tr><th>\(lang.t("单位", "Unit"))</th><th>\(lang.t("轮次", "Round"))</th>
        <th>\(lang.t("状态", "Status"))</th><th>\(lang.t("完成时间", "Done"))</th><th>\(lang.t("说明", "Note"))</th></tr></thead><tbody>\(body)</tbody></table></div>
        """
    }

    private func notices() -> String {
        let body = handling.notices.map { n -> String in
            """
            <tr><td>\(SupervisionPages.kindName(n.kind, lang))</td><td>\(SupervisionPages.levelName(n.level, lang)) · \(HTML.esc(unitName(n.holder)))</td>
            <td>\(HTML.esc(unitName(n.respondent)))</td><td>\(HTML.esc(n.reason))</td><td>\(ConsoleFormat.time(n.dueAt))</td>
            <td>\(SupervisionPages.statusName(n.status, lang))</td><td>\(HTML.esc(n.response ?? ""))</td></tr>
            """
        }.joined()
        return """
        <h3>\(lang.t("督办单", "Supervision notices"))</h3><div class="table-wrap"><table><thead><tr><th>\(lang.t("类型", "Kind"))</th>
        <th>\(lang.t("督办层级", "Held by"))</th><th>\(lang.t("回复单位", "To answer"))</th><th>\(lang.t("事由", "Reason"))</th>
        <th>\(lang.t("回复期限", "Answer by"))</th><th>\(lang.t("状态", "Status"))</th><th>\(lang.t("回复", "Response"))</th></tr></thead><tbody>\(body)</tbody></table></div>
        """
    }

    static func status(_ raw: String, _ lang: Lang) -> String {
        let names: [String: (String, String)] = [
            "assigned": ("待签收", "to sign for"), "signed": ("已签收", "signed for"), "reported": ("已反馈", "reported"),
            "waived": ("已免除", "waived"), "cancelled": ("已取消", "cancelled"), "open": ("可抢单", "open"),
            "claimed": ("抢单成功", "claimed"), "lost": ("未抢到", "lost"), "expired": ("超时未抢", "expired"),
            "withdrawn": ("已撤回", "withdrawn"),
        ]
        return names[raw].map { lang.t($0.0, $0.1) } ?? raw
    }
}
