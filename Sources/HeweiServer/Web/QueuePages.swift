import Foundation
import HeweiCore
import Vapor

/// `/console/queues/{queue}`: the dispatcher's objection and extension queues and the follow-up
/// agent's call list, through the API's own handler (same roles, same scope). Each row leads to
/// the order page, where the decision forms are.
struct QueuePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("queues", ":queue", use: show)
    }

    func show(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let queue = try Validate.choice(req.parameters.get("queue"), "queue", as: ReviewQueue.self)
        let page = Int(req.query[String.self, at: "page"] ?? "") ?? 1
        let result = try await QueuesController().list(req: ConsoleAPI.request(req, parameters: ["queue": queue.rawValue],
                                                                              query: [("page", String(max(page, 1)))]))
        let now = req.hewei.clock.now()
        let body = QueuePage(queue: queue, page: result, now: now, lang: lang).render()
        return HTML.render(req, title: QueuePage.title(queue, lang), nav: "queue-\(queue.rawValue)", body: body)
    }
}

struct QueuePage {
    let queue: ReviewQueue
    let page: Page<QueuesController.EntryDTO>
    let now: Date
    let lang: Lang

    static func title(_ q: ReviewQueue, _ lang: Lang) -> String {
        switch q {
        case .objections: return lang.t("异议审核", "Objections to review")
        case .extensions: return lang.t("延期审核", "Extension requests")
        case .followUps: return lang.t("待回访", "Follow-up calls")
        case .pool: return lang.t("抢单池", "Claim pool")
        }
    }

    func render() -> String {
        let rows = page.items.map(row).joined()
        let table = page.items.isEmpty
            ? "<p class=\"empty\">\(lang.t("队列已清空，没有待处理的工单。", "Nothing waiting: the queue is empty."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("工单", "Order"))</th><th>\(lang.t("主办单位", "Lead unit"))</th>
            <th>\(lang.t("提出时间", "Requested"))</th><th>\(lang.t("等待", "Waiting"))</th><th>\(lang.t("提出人", "By"))</th>
            <th>\(lang.t(queue == .followUps ? "答复" : "理由", queue == .followUps ? "Answer" : "Reason"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return """
        <div class="page-head"><h1>\(Self.title(queue, lang))</h1><span class="muted">\(lang.t("共 \(page.total) 件，最早的在前", "\(page.total) waiting, oldest first"))</span></div>
        \(table)
        \(HTML.pager(page: page.page, per: page.per, total: page.total, lang: lang) { "?page=\($0)" })
        """
    }

    private func row(_ e: QueuesController.EntryDTO) -> String {
        let o = e.order
        let waited = e.requestedAt.map { Self.age(now.timeIntervalSince($0), lang: lang) } ?? "—"
        let reason = [e.reason, e.extensionAsked.map { lang.t("申请延长 \($0)", "asks for \($0) more") }].compactMap { $0 }.joined(separator: " · ")
        return """
        <tr><td><a class="mono" href="/console/orders/\(HTML.esc(o.code))">\(HTML.esc(o.code))</a></td><td>\(HTML.esc(o.leadUnit ?? "—"))</td>
        <td>\(ConsoleFormat.time(e.requestedAt))</td><td>\(waited)</td><td>\(HTML.esc(e.requestedBy ?? "—"))</td><td>\(HTML.esc(reason))</td></tr>
        """
    }

    static func age(_ seconds: TimeInterval, lang: Lang) -> String {
        let hours = Int(max(0, seconds) / 3600)
        if hours < 24 { return lang.t("\(hours) 小时", "\(hours) h") }
        return lang.t("\(hours / 24) 天 \(hours % 24) 小时", "\(hours / 24) d \(hours % 24) h")
    }
}
