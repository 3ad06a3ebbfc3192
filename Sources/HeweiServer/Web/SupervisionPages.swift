import Foundation
import HeweiCore
import Vapor

/// `/console/supervision`: the supervision notices held by or addressed to the user's units, by
/// status, oldest response deadline first, through the API's own handler. Answering is the
/// `respondSupervision` action on the order page.
struct SupervisionPages: RouteCollection {
    static let roles: Set<Role> = [.supervisor, .dispatcher, .unitHandler, .leader]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("supervision", use: show)
    }

    func show(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let status = SupervisionNoticeModel.Status(rawValue: req.query[String.self, at: "status"] ?? "") ?? .open
        let page = max(Int(req.query[String.self, at: "page"] ?? "") ?? 1, 1)
        let result = try await HandlingController().notices(req: ConsoleAPI.request(req, query: [("status", status.rawValue), ("page", String(page))]))
        let now = req.hewei.clock.now()
        let tabs = SupervisionNoticeModel.Status.allCases.map { s -> String in
            "<a href=\"?status=\(s.rawValue)\"\(s == status ? " aria-current=\"page\"" : "")>\(Self.statusName(s.rawValue, lang))</a>"
        }.joined(separator: " · ")
        let rows = result.items.map { n -> String in
            let overdue = n.status == "open" && (n.dueAt.map { $0 < now } ?? false)
            return """
            <tr\(overdue ? " class=\"late\"" : "")><td><a class="mono" href="/console/orders/\(HTML.esc(n.order))">\(HTML.esc(n.order))</a></td>
            <td>\(Self.kindName(n.kind, lang))</td><td>\(Self.levelName(n.level, lang)) · \(HTML.esc(n.holder ?? "—"))</td>
            <td>\(HTML.esc(n.respondent ?? "—"))</td><td>\(HTML.esc(n.reason))</td><td>\(ConsoleFormat.time(n.issuedAt))</td>
            <td>\(ConsoleFormat.time(n.dueAt))\(overdue ? " <span class=\"light red\">\(lang.t("逾期", "overdue"))</span>" : "")</td>
            <td>\(HTML.esc(n.response ?? ""))</td></tr>
            """
        }.joined()
        let table = result.items.isEmpty
            ? "<p class=\"empty\">\(lang.t("没有此状态的督办单。", "No notices with this status."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("工单", "Order"))</th><th>\(lang.t("类型", "Kind"))</th>
            <th>\(lang.t("督办层级", "Held by"))</th><th>\(lang.t("回复单位", "To answer"))</th><th>\(lang.t("督办事由", "Reason"))</th>
            <th>\(lang.t("下发时间", "Issued"))</th><th>\(lang.t("回复期限", "Answer by"))</th><th>\(lang.t("回复", "Response"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let body = """
        <div class="page-head"><h1>\(lang.t("督办", "Supervision"))</h1><span class="muted">\(lang.t("共 \(result.total) 件", "\(result.total) notices"))</span></div>
        <p class="tabs">\(tabs)</p>
        <p class="muted">\(lang.t("督办单逾期未回复将自动升级：村居调解室 → 镇街中心 → 市中心。", "An unanswered notice escalates when its deadline passes: village room → town centre → city centre."))</p>
        \(table)
        \(HTML.pager(page: result.page, per: result.per, total: result.total, lang: lang) { "?status=\(status.rawValue)&page=\($0)" })
        """
        return HTML.render(req, title: lang.t("督办", "Supervision"), nav: "supervision", body: body)
    }

    static func statusName(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "open": return lang.t("待回复", "Open")
        case "answered": return lang.t("已回复", "Answered")
        case "escalated": return lang.t("已升级", "Escalated")
        case "overdue": return lang.t("逾期（最高层级）", "Overdue at the top")
        case "closed": return lang.t("已关闭", "Closed")
        default: return raw
        }
    }

    static func kindName(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "manual": return lang.t("人工督办", "Manual")
        case "automatic": return lang.t("自动督办", "Automatic")
        case "escalation": return lang.t("提请协调", "Escalation request")
        default: return raw
        }
    }

    static func levelName(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "village": return lang.t("村居", "Village")
        case "town": return lang.t("镇街", "Town")
        case "city": return lang.t("市级", "City")
        default: return raw
        }
    }
}
