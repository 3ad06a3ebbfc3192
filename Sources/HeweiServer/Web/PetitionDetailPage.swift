import Foundation
import HeweiCore

/// One petition: details, clocks, history, the review chain, the earlier-case warning, the reveal
/// form (petition staff) and one form per allowed action.
struct PetitionDetailPage {
    let p: PetitionDTO
    let events: [CaseEventDTO]
    let clocks: [CaseClockDTO]
    let lang: Lang
    let mayReveal: Bool
    let revealed: PetitionersDTO?

    func render() -> String {
        """
        <div class="page-head"><h1 class="mono">\(HTML.esc(p.code))</h1><span class="muted">\(HTML.esc(lang.t(p.stateName, p.state)))</span></div>
        \(warning)
        <section class="card"><dl class="facts">
        \(fact(lang.t("类别", "Type"), lang.t(p.typeName, p.type)))
        \(fact(lang.t("渠道", "Channel"), PetitionChannel(rawValue: p.channel).map { lang.t($0.zh, $0.rawValue) } ?? p.channel))
        \(fact(lang.t("阶段", "Stage"), PetitionStage(rawValue: p.stage).map { lang.t($0.zh, $0.rawValue) } ?? p.stage))
        \(fact(lang.t("信访人", "Petitioner"), "\(p.petitioner)（\(p.petitionerCount)）"))
        \(fact(lang.t("信访事项", "Matter"), p.matter))
        \(fact(lang.t("涉及单位", "Unit concerned"), p.concernedUnit ?? "—"))
        \(fact(lang.t("承办单位", "Handling unit"), p.handlingUnit ?? "—"))
        \(fact(lang.t("受理决定", "Decision"), p.decision ?? "—"))
        \(fact(lang.t("延期理由", "Extension reason"), p.extensionReason ?? "—"))
        \(fact(lang.t("书面答复", "Written reply"), p.reply ?? "—"))
        \(fact(lang.t("复查/复核申请截止", "Review window ends"), p.reviewWindowEndsAt.map { ConsoleFormat.time($0) } ?? "—"))
        \(link(lang.t("来源工单", "Source order"), p.sourceOrderCode, page: "/console/orders/"))
        \(link(lang.t("调解案件", "Mediation case"), p.mediationCaseCode, page: "/console/mediation/cases/"))
        </dl></section>
        \(revealCard)
        \(chain)
        <section class="card"><h2>\(lang.t("法定时限", "Statutory clocks"))</h2>\(clockTable)</section>
        <section class="card"><h2>\(lang.t("办理记录", "History"))</h2>\(history)</section>
        \(p.allowedActions.map(form).joined())
        """
    }

    func fact(_ label: String, _ value: String) -> String { "<dt>\(HTML.esc(label))</dt><dd>\(HTML.esc(value))</dd>" }

    /// A linked record's code as a link to its console page (the page itself checks who may see it).
    func link(_ label: String, _ code: String?, page: String) -> String {
        guard let code else { return fact(label, "—") }
        return "<dt>\(HTML.esc(label))</dt><dd><a class=\"mono\" href=\"\(HTML.esc(page + code))\">\(HTML.esc(code))</a></dd>"
    }

    var warning: String {
        guard let earlier = p.earlierCaseCode else {
            return p.repeatPetition ? "<p class=\"flash error\">\(lang.t("重复信访：同一信访人曾就同一事项信访。", "Repeat petition: the same petitioner petitioned on this matter before."))</p>" : ""
        }
        return """
        <p class="flash error" role="alert">\(lang.t("同一信访人就同一事实和理由的信访已经复核终结（", "The same petitioner's matter was concluded by re-review ("))\
        <a class="mono" href="/console/petitions/\(HTML.esc(earlier))">\(HTML.esc(earlier))</a>\(lang.t("），不再受理。", "); it is not accepted again."))</p>
        """
    }

    var revealCard: String {
        if let revealed {
            let rows = revealed.petitioners.map { "<li>\(HTML.esc($0.name)) · \(HTML.esc($0.idNumber ?? "—")) · \(HTML.esc($0.phone ?? "—")) · \(HTML.esc($0.address ?? "—"))</li>" }.joined()
            return "<section class=\"card\"><h2>\(lang.t("信访人（已查看，已记录审计）", "Petitioners (revealed, audited)"))</h2><ul>\(rows)</ul></section>"
        }
        guard mayReveal else { return "" }
        return """
        <form method="post" action="/console/petitions/\(HTML.esc(p.code))/reveal" class="card inline">
        <label>\(lang.t("查看信访人身份的理由", "Why you need the petitioner's identity")) <input name="reason" required minlength="4"></label>
        <button type="submit">\(lang.t("查看信访人", "Reveal petitioner"))</button></form>
        """
    }

    var chain: String {
        guard let codes = p.chain, codes.count > 1 else { return "" }
        let links = codes.map { $0 == p.code ? "<strong class=\"mono\">\(HTML.esc($0))</strong>" : "<a class=\"mono\" href=\"/console/petitions/\(HTML.esc($0))\">\(HTML.esc($0))</a>" }
        return "<section class=\"card\"><h2>\(lang.t("复查复核链", "Review chain"))</h2><p>\(links.joined(separator: " → "))</p></section>"
    }

    var clockTable: String {
        guard !clocks.isEmpty else { return "<p class=\"empty\">\(lang.t("暂无时限。", "No clocks."))</p>" }
        let names = ["forward": lang.t("转送交办", "Forward"), "acceptance": lang.t("受理决定", "Acceptance"), "handling": lang.t("办理", "Handling")]
        let rows = clocks.map { c in
            "<tr><td>\(HTML.esc(names[c.kind] ?? c.kind))</td><td>\(HTML.esc(c.limit))\(c.extensions.isEmpty ? "" : " + " + HTML.esc(c.extensions.joined(separator: ", ")))</td><td>\(ConsoleFormat.time(c.startedAt))</td><td>\(ConsoleFormat.time(c.dueAt))</td><td><span class=\"light \(HTML.esc(c.light))\">\(HTML.esc(c.status))</span></td></tr>"
        }.joined()
        return "<table class=\"orders\"><thead><tr><th>\(lang.t("时限", "Clock"))</th><th>\(lang.t("期限", "Limit"))</th><th>\(lang.t("起算", "Started"))</th><th>\(lang.t("届满", "Due"))</th><th>\(lang.t("状态", "Status"))</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    var history: String {
        let rows = events.map { e in
            let action = PetitionAction(rawValue: e.action).map { lang.t($0.zh, $0.rawValue) } ?? e.action
            let details = e.data.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "；")
            return "<li><span class=\"mono\">#\(e.seq)</span> \(ConsoleFormat.time(e.at)) <strong>\(HTML.esc(action))</strong> \(HTML.esc(e.actor)) \(HTML.esc(e.note)) <small class=\"muted\">\(HTML.esc(details))</small></li>"
        }.joined()
        return "<ol class=\"timeline\">\(rows)</ol>"
    }

    func form(_ action: String) -> String {
        let a = PetitionAction(rawValue: action)
        let fields: String
        switch a {
        case .forward?: fields = input("unitCode", lang.t("承办单位代码", "Handling unit code"))
        case .accept?, .notAccept?: fields = area("decision", lang.t("书面决定", "Written decision"))
        case .extend?: fields = input("days", lang.t("延期天数（≤30）", "Days (≤30)"), type: "number") + area("reason", lang.t("延期理由", "Reason"))
            + area("notice", lang.t("告知信访人的内容", "Notice to the petitioner"))
        case .reply?: fields = area("reply", lang.t("书面答复", "Written reply"))
        case .transferToMediation?:
            fields = "<label><input type=\"checkbox\" name=\"applicantConsent\"> \(lang.t("信访人同意调解", "Petitioner consents"))</label>"
                + "<label><input type=\"checkbox\" name=\"respondentConsent\"> \(lang.t("对方当事人同意调解", "Other party consents"))</label>"
                + input("respondentName", lang.t("对方当事人", "Other party")) + input("respondentPhone", lang.t("对方电话", "Other party's phone"))
                + "<label>\(lang.t("纠纷类型", "Dispute type")) <select name=\"disputeType\">\(MediationDisputeTypes.defaults.map { HTML.option($0.code, $0.zh, selected: "other") }.joined())</select></label>"
        default: fields = area("note", lang.t("说明", "Note"))
        }
        return """
        <form method="post" action="/console/petitions/\(HTML.esc(p.code))/actions/\(HTML.esc(action))" class="card stack">
        <h3>\(HTML.esc(a.map { lang.t($0.zh, $0.rawValue) } ?? action))</h3>\(fields)
        <button type="submit" class="primary">\(HTML.esc(a.map { lang.t($0.zh, $0.rawValue) } ?? action))</button></form>
        """
    }

    func input(_ name: String, _ label: String, type: String = "text") -> String {
        "<label>\(HTML.esc(label)) <input type=\"\(type)\" name=\"\(name)\"></label>"
    }

    func area(_ name: String, _ label: String) -> String {
        "<label>\(HTML.esc(label)) <textarea name=\"\(name)\" rows=\"3\"></textarea></label>"
    }
}
