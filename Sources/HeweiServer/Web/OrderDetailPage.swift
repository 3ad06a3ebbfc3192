import Foundation
import HeweiCore

/// One order (工单详情): its fields, clocks, timeline, and the forms for what the viewer may do now.
/// Built from the API's DTOs, so masking and the allowed actions are exactly the API's.
struct OrderDetailPage {
    var order: OrderDTO
    var deadlines: [DeadlineDTO]
    var events: [EventDTO]
    var catalog: ConsoleCatalog
    var draft: OrderActionForms.Draft?
    var flash: String?
    var lang: Lang
    /// The order's grid cells, micro → large, with their names when the active grid knows them.
    var cells: [OrderCellsCard.Cell] = []
    /// What the current routing rules choose for the order's category and cells.
    var routing: OrderRouting.Decision? = nil
    /// The requester's contact in full, after an audited reveal.
    var revealed: ContactDTO? = nil
    /// Whether the viewer may ask to see the contact in full.
    var mayReveal = false
    /// Likely duplicates: code, similarity 0–1, state.
    var duplicates: [(code: String, similarity: Double, state: String)] = []
    /// Assisting units, claim pool, supervision notices, merged orders.
    var handling: HandlingController.HandlingDTO? = nil
    /// Photos and documents (served by the API, which accepts the console's session).
    var attachments: [AttachmentsController.AttachmentDTO] = []
    /// Mediation cases and petitions converted from the order; the booking or visit it came from.
    var links: [OrderLinksController.LinkDTO] = []

    /// 关联案件: each link to its console page where there is one.
    private func linkList() -> String {
        guard !links.isEmpty else { return "" }
        let items = links.map { l -> String in
            let (zh, en, page): (String, String, String?) = switch l.kind {
            case "mediation": ("调解案件", "Mediation case", "/console/mediation/cases/\(l.code)")
            case "petition": ("信访件", "Petition", "/console/petitions/\(l.code)")
            case "reception": ("领导接访预约", "Reception booking", nil)
            default: ("来访登记", "Walk-in visit", nil)
            }
            let code = page.map { "<a class=\"mono\" href=\"\(HTML.esc($0))\">\(HTML.esc(l.code))</a>" } ?? "<span class=\"mono\">\(HTML.esc(l.code))</span>"
            return "<li>\(lang.t(zh, en)) \(code) <span class=\"tag\">\(HTML.esc(l.state))</span></li>"
        }
        return "<section class=\"card\"><h2>\(lang.t("关联案件", "Linked records"))</h2><ul>\(items.joined())</ul></section>"
    }

    private func unitName(_ code: String?) -> String {
        guard let code else { return "—" }
        return ConsoleFormat.unitName(catalog.units.first { $0.code == code }, lang: lang)
    }

    func render() -> String {
        let o = order
        let open = o.state != WorkOrderState.closed.rawValue
        let forms = OrderActionForms(code: o.code, state: o.state, actions: o.allowedActions, catalog: catalog, draft: draft, lang: lang)
        return """
        <p class="crumbs"><a href="/console/orders">‹ \(lang.t("工单列表", "Work orders"))</a></p>
        <div class="page-head"><h1>\(ConsoleFormat.lightDot(open ? o.light : nil, lang: lang)) <span class="mono">\(HTML.esc(o.code))</span></h1>
        <span class="state state-\(HTML.esc(o.state))">\(HTML.esc(ConsoleFormat.state(o.state, lang: lang)))</span>
        \(o.suspended ? "<span class=\"tag\">\(lang.t("计时挂起", "clock suspended"))</span>" : "")
        \(o.round > 1 ? "<span class=\"tag\">\(lang.t("第 \(o.round) 轮办理", "round \(o.round)"))</span>" : "")</div>
        \(HTML.flash(flash))\(draft.map { HTML.flash($0.error, error: true) } ?? "")
        <div class="detail">
        <div class="detail-main">
        \(fields())
        \(OrderCellsCard(cells: cells, leadUnit: order.leadUnit.map(unitName), dispatch: events.last { $0.targetUnit != nil },
                         routing: routing.map { (unitName($0.unitCode), $0.ruleID, $0.reason) }, lang: lang).render())
        \(handling.map { OrderHandlingCard(handling: $0, unitName: unitName, lang: lang).render() } ?? "")
        \(linkList())
        \(attachmentList())
        \(deadlineTable())
        \(timeline())
        </div>
        <aside class="detail-actions" aria-label="\(lang.t("可执行操作", "Actions"))"><h2>\(lang.t("办理操作", "Actions"))</h2>
        \(forms.render())
        </aside></div>
        """
    }

    private func attachmentList() -> String {
        guard !attachments.isEmpty else { return "" }
        let items = attachments.map { a -> String in
            let kb = max(1, a.size / 1024)
            return "<li><a href=\"/api/v1/orders/\(HTML.esc(order.code))/attachments/\(a.id)\">\(HTML.esc(a.name))</a> <span class=\"muted\">\(kb) KB · \(HTML.esc(a.addedBy)) · \(ConsoleFormat.time(a.createdAt))</span></li>"
        }.joined()
        return "<section class=\"card\" aria-labelledby=\"files-h\"><h2 id=\"files-h\">\(lang.t("附件", "Attachments"))</h2><ul>\(items)</ul></section>"
    }

    private func fields() -> String {
        let o = order
        let category = catalog.category(o.categoryCode)
        let location = [o.address, o.longitude.flatMap { lon in o.latitude.map { "(\(lon), \($0))" } } ?? ""]
            .filter { !$0.isEmpty }.joined(separator: " ")
        var rows: [(String, String)] = [
            (lang.t("渠道", "Channel"), ConsoleFormat.channel(o.channel, lang: lang) + (o.channelRef.map { " · \($0)" } ?? "")),
            (lang.t("诉求类型", "Request kind"), ConsoleFormat.kind(o.requestKind, lang: lang)),
            (lang.t("分类", "Category"), category?.label(lang) ?? o.categoryCode),
            (lang.t("紧急程度", "Urgency"), ConsoleFormat.urgency(o.urgency, lang: lang)),
            (lang.t("诉求人", "Requester"), o.anonymous ? lang.t("匿名", "anonymous") : (revealed?.name ?? o.requesterName)),
            (lang.t("联系电话", "Phone"), o.requesterPhone.isEmpty ? "—" : (revealed?.phone ?? o.requesterPhone)),
            (lang.t("地点", "Location"), location),
            (lang.t("主办单位", "Lead unit"), o.leadUnit.map(unitName) ?? (o.closedAt == nil ? lang.t("待派单", "not dispatched") : "—")),
            (lang.t("受理时间", "Created"), ConsoleFormat.time(o.createdAt)),
            (lang.t("办理期限", "Due"), ConsoleFormat.time(o.dueAt)),
            (lang.t("最近更新", "Updated"), ConsoleFormat.time(o.updatedAt)),
        ]
        if let closed = o.closedAt { rows.append((lang.t("办结时间", "Closed"), ConsoleFormat.time(closed))) }
        if o.supervisionCount > 0 { rows.append((lang.t("督办次数", "Supervision notices"), String(o.supervisionCount))) }
        if let f = o.followUp {
            rows.append((lang.t("回访结果", "Follow-up"),
                         "\(ConsoleFormat.satisfaction(f.satisfaction, lang: lang)) · \(lang.t("已解决", "resolved")): \(ConsoleFormat.yesNo(f.resolved, lang: lang))"))
        }
        let items = rows.map { "<div><dt>\($0.0)</dt><dd>\(HTML.esc($0.1))</dd></div>" }.joined()
        let reply = o.reply.map { "<h3>\(lang.t("答复", "Answer"))</h3><p class=\"content\">\(HTML.esc($0))</p>" } ?? ""
        return """
        <section class="card"><h2>\(lang.t("诉求内容", "Request"))</h2>
        <p class="content">\(HTML.esc(o.content))</p>\(reply)
        <dl class="fields">\(items)</dl>\(revealForm)</section>\(duplicatesCard)
        """
    }

    /// Orders that look like the same matter (并单候选), for the dispatcher to compare.
    private var duplicatesCard: String {
        guard !duplicates.isEmpty else { return "" }
        let rows = duplicates.map { d in
            "<li><a class=\"mono\" href=\"/console/orders/\(HTML.esc(d.code))\">\(HTML.esc(d.code))</a> · \(HTML.esc(ConsoleFormat.state(d.state, lang: lang))) · \(lang.t("相似度", "similarity")) \(Int((d.similarity * 100).rounded()))%</li>"
        }.joined()
        return "<section class=\"card duplicates\"><h2>\(lang.t("可能重复的工单", "Possible duplicates"))</h2><ul>\(rows)</ul></section>"
    }

    /// Personal data is masked; seeing it in full takes a reason, which the audit trail keeps.
    private var revealForm: String {
        if revealed != nil {
            return "<p class=\"muted reveal-note\">\(lang.t("已显示完整联系方式；本次查看及原因已记入审计日志。", "Shown in full; this view and its reason are in the audit trail."))</p>"
        }
        guard mayReveal, !order.requesterPhone.isEmpty else { return "" }
        return """
        <form method="post" action="/console/orders/\(HTML.esc(order.code))/reveal" class="reveal-form">
        <label>\(lang.t("查看完整联系方式的原因", "Why you need the full contact")) <input name="reason" required minlength="4" maxlength="200"></label>
        <button type="submit">\(lang.t("查看", "Show"))</button></form>
        """
    }

    private func deadlineTable() -> String {
        guard !deadlines.isEmpty else { return "" }
        let rows = deadlines.map { (d: DeadlineDTO) -> String in
            let ext = d.extensions.isEmpty ? "" : " + " + d.extensions.map { ConsoleFormat.limit($0, lang: lang) }.joined(separator: " + ")
            let light = d.kind == ClockKind.objection.rawValue || d.status != "open" ? ConsoleFormat.lightDot(nil, lang: lang)
                                                                                   : ConsoleFormat.lightDot(d.light, lang: lang)
            return """
            <tr><td data-label="\(lang.t("时限", "Clock"))">\(ConsoleFormat.clockKind(d.kind, lang: lang))\(d.round > 1 ? " (\(d.round))" : "")</td>
            <td data-label="\(lang.t("时长", "Limit"))">\(HTML.esc(ConsoleFormat.limit(d.timeLimit, lang: lang) + ext))</td>
            <td class="time" data-label="\(lang.t("开始", "Started"))">\(ConsoleFormat.time(d.startedAt))</td>
            <td class="time" data-label="\(lang.t("到期", "Due"))">\(ConsoleFormat.time(d.dueAt))</td>
            <td data-label="\(lang.t("亮灯", "Light"))">\(light)</td>
            <td data-label="\(lang.t("状态", "Status"))">\(ConsoleFormat.deadlineStatus(d.status, paused: d.paused, lang: lang))\(d.stoppedAt.map { " · " + ConsoleFormat.time($0) } ?? "")</td></tr>
            """
        }.joined(separator: "\n")
        let head = [lang.t("时限", "Clock"), lang.t("时长", "Limit"), lang.t("开始", "Started"), lang.t("到期", "Due"),
                    lang.t("亮灯", "Light"), lang.t("状态", "Status")].map { "<th scope=\"col\">\($0)</th>" }.joined()
        return """
        <section class="card"><h2>\(lang.t("办理时限", "Deadlines"))</h2>
        <div class="table-wrap"><table class="deadlines"><thead><tr>\(head)</tr></thead><tbody>
        \(rows)
        </tbody></table></div></section>
        """
    }

    /// The dispatch suggestion shown at intake, and whether the clerk kept it.
    private func suggestion(_ data: [String: String]) -> String {
        guard let model = data["suggestionModel"], let code = data["suggestedCategory"] else { return "" }
        func kept(_ flag: String?) -> String {
            flag == "true" ? lang.t("已采用", "kept") : lang.t("未采用", "changed")
        }
        let category = catalog.category(code).map { lang.t($0.name, $0.nameEn) } ?? code
        var parts = [lang.t("分类", "category") + " \(category)（\(kept(data["suggestedCategoryKept"]))）"]
        if let unit = data["suggestedUnit"] { parts.append(lang.t("单位", "unit") + " \(unitName(unit))（\(kept(data["suggestedUnitKept"]))）") }
        let how = data["suggestionPreselected"] == "true" ? lang.t("已预选", "pre-selected") : lang.t("仅提示", "offered only")
        let title = lang.t("智能派单建议", "Dispatch suggestion")
        let version = lang.t("模型第 " + model + " 版", "model #" + model)
        let text = title + "：" + parts.joined(separator: "；") + "（" + version + "，" + how + "）"
        return "<p class=\"note suggestion\">\(HTML.esc(text))</p>"
    }

    private func timeline() -> String {
        let items = events.map { (e: EventDTO) -> String in
            let units = [e.actorUnit.map(unitName), e.targetUnit.map { "→ " + unitName($0) }].compactMap { $0 }.joined(separator: " ")
            let states = (e.fromState.map { ConsoleFormat.state($0, lang: lang) + " → " } ?? "") + ConsoleFormat.state(e.toState, lang: lang)
            return """
            <li class="event event-\(HTML.esc(e.action))"><div class="event-head"><time>\(ConsoleFormat.time(e.at))</time>
            <strong>\(HTML.esc(ConsoleFormat.action(e.action, lang: lang)))</strong>
            <span class="actor">\(HTML.esc(e.actor))</span><span class="units">\(HTML.esc(units))</span>
            <span class="states">\(HTML.esc(states))</span></div>
            \(e.note.isEmpty ? "" : "<p class=\"note\">\(HTML.esc(e.note))</p>")\(suggestion(e.data))</li>
            """
        }.joined(separator: "\n")
        return """
        <section class="card"><h2>\(lang.t("办理过程", "Timeline"))</h2>
        <ol class="timeline">
        \(items)
        </ol></section>
        """
    }
}
