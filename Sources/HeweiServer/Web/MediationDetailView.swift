import Foundation
import HeweiCore
import Vapor

/// One case: parties (masked unless revealed), the dispute, assignment, sessions, consultations,
/// outcome and agreement, confirmation, follow-ups, clocks, history, and one form per allowed action.
struct MediationDetailView {
    let c: MediationCaseDTO
    let lang: Lang
    let mayChange: Bool
    let mayReveal: Bool
    let revealed: MediationPartiesDTO?

    func render(_ req: Request) async throws -> String {
        let e = HTML.esc
        func row(_ k: String, _ v: String) -> String { "<tr><th>\(k)</th><td>\(v)</td></tr>" }
        func party(_ p: MediationParty) -> String {
            "\(e(p.name))（\(p.kind == "organisation" ? lang.t("单位", "organisation") : lang.t("自然人", "person"))）· \(e(p.phone ?? "—")) · \(e(p.idNumber ?? "—")) · \(e(p.address ?? ""))"
        }
        let a = revealed?.applicant ?? c.applicant, b = revealed?.respondent ?? c.respondent
        let consent: (Bool?) -> String = { $0.map { $0 ? lang.t("同意", "yes") : lang.t("不同意", "no") } ?? lang.t("尚未征询", "not asked") }
        let facts = """
        <table class="facts">
        \(row(lang.t("状态", "State"), e(MediationText.state(c.state, lang))))
        \(row(lang.t("来源", "Source"), e(MediationText.source(c.source, lang)) + (c.sourceRef.isEmpty ? "" : " · " + (c.sourceOrder.map { "<a class=\"mono\" href=\"/console/orders/\(e($0))\">\(e($0))</a>" } ?? e(c.sourceRef)))))
        \(row(lang.t("纠纷类型", "Dispute type"), e(MediationText.type(c.disputeType, lang)) + (c.major ? " · " + lang.t("重大纠纷", "major") : "")))
        \(row(lang.t("申请人", "Applicant"), party(a) + " · " + lang.t("意愿：", "consent: ") + consent(c.applicantConsent)))
        \(row(lang.t("被申请人", "Respondent"), party(b) + " · " + lang.t("意愿：", "consent: ") + consent(c.respondentConsent)))
        \(row(lang.t("纠纷事实及争议事项", "Facts and disputed matters"), e(c.summary)))
        \(row(lang.t("承办中心 / 调解室", "Centre / room"), e(c.centre) + " / " + e(c.room) + (c.originCentre != c.centre ? " · " + lang.t("由 \(e(c.originCentre)) 提请", "escalated from \(e(c.originCentre))") : "")))
        \(row(lang.t("调解团队 / 调解员", "Team / mediators"), e(c.team ?? "—") + " / " + e(c.mediators.joined(separator: "、"))))
        \(row(lang.t("结果", "Outcome"), e(c.outcome.flatMap { MediationOutcome(rawValue: $0) }.map { lang == .zh ? $0.zh : $0.rawValue } ?? "—")
            + (c.advice.flatMap { MediationAdvice(rawValue: $0) }.map { " · " + e(lang == .zh ? $0.zh : $0.rawValue) } ?? "")))
        </table>
        """
        let sessions = c.sessions.map { "<li>\(ConsoleFormat.time($0.at)) · \(e($0.place)) · \(e($0.attendees.joined(separator: "、")))<br>\(e($0.record))</li>" }.joined()
        let consultations = c.consultations.map {
            "<li>\(ConsoleFormat.time($0.scheduledAt)) · \(e($0.place)) · \(e($0.units.joined(separator: "、")))<br>\(e($0.conclusions ?? lang.t("（待记录结论）", "(conclusions pending)")))</li>"
        }.joined()
        let follows = c.followUps.map {
            "<li>\(ConsoleFormat.time($0.at)) · \($0.performed ? lang.t("已履行", "performed") : lang.t("未履行", "not performed")) · \(e(MediationSatisfaction(rawValue: $0.satisfaction).map { lang == .zh ? $0.zh : $0.rawValue } ?? $0.satisfaction)) \(e($0.note))</li>"
        }.joined()
        var agreement = ""
        if let t = c.agreement {
            agreement = """
            <section class="card"><h2>\(lang.t("调解协议", "Agreement"))</h2><table class="facts">
            \(row(lang.t("各方责任", "Responsibilities"), e(t.responsibilities)))\(row(lang.t("协议内容", "Terms"), e(t.terms)))
            \(row(lang.t("履行方式", "Manner"), e(t.performanceManner)))\(row(lang.t("履行期限", "Deadline"), ConsoleFormat.time(t.performanceDeadline)))
            \(row(lang.t("生效日期", "Effective"), ConsoleFormat.time(t.effectiveAt)))
            \(c.confirmation.map { row(lang.t("司法确认", "Judicial confirmation"), "\(ConsoleFormat.time($0.appliedAt)) · \(e($0.court)) · \(e($0.decision ?? lang.t("待决定", "pending")))") } ?? "")
            </table><p><a class="button" href="/console/mediation/cases/\(e(c.code))/agreement">\(lang.t("打印调解协议书", "Print the agreement"))</a></p>
            \(mayReveal ? "<form method=\"get\" action=\"/console/mediation/cases/\(e(c.code))/agreement\" class=\"inline\"><label>\(lang.t("打印含完整身份信息的协议书，理由", "Print with full identity data, reason")) <input name=\"reason\" required minlength=\"4\"></label><button>\(lang.t("打印", "Print"))</button></form>" : "")</section>
            """
        }
        let clocks = c.clocks.map {
            "<tr><td>\(MediationText.clock($0.kind, lang))</td><td>\(e($0.limit))</td><td>\(ConsoleFormat.time($0.dueAt))</td><td>\(e($0.status))</td><td>\(ConsoleFormat.lightDot($0.light, lang: lang))</td></tr>"
        }.joined()
        let history = c.history.map {
            "<li>\(ConsoleFormat.time($0.at)) · \(e($0.actor)) · <strong>\(e(MediationText.action($0.action, lang)))</strong> → \(e(MediationText.state($0.toState, lang))) \(e($0.note))</li>"
        }.joined()
        let reveal = mayReveal && revealed == nil ? """
            <form method="post" action="/console/mediation/cases/\(e(c.code))/reveal" class="inline"><label>\(lang.t("查看完整联系方式的理由", "Reason to reveal")) <input name="reason" required minlength="4"></label><button>\(lang.t("查看", "Reveal"))</button></form>
            """ : ""
        return """
        <div class="page-head"><h1>\(lang.t("调解案件", "Mediation case")) <span class="mono">\(e(c.code))</span></h1><a href="/console/mediation">\(lang.t("返回列表", "Back to the list"))</a></div>
        \(facts)\(reveal)
        <section class="card"><h2>\(lang.t("调解记录", "Sessions"))</h2>\(sessions.isEmpty ? "<p class=\"empty\">\(lang.t("尚无调解记录。", "No sessions yet."))</p>" : "<ol>\(sessions)</ol>")</section>
        \(consultations.isEmpty ? "" : "<section class=\"card\"><h2>\(lang.t("会商研判", "Joint consultations"))</h2><ol>\(consultations)</ol></section>")
        \(agreement)
        \(follows.isEmpty ? "" : "<section class=\"card\"><h2>\(lang.t("回访", "Follow-ups"))</h2><ol>\(follows)</ol></section>")
        <section class="card"><h2>\(lang.t("期限", "Clocks"))</h2>\(clocks.isEmpty ? "<p class=\"empty\">\(lang.t("无计时。", "No clocks."))</p>" : "<table class=\"orders\"><tbody>\(clocks)</tbody></table>")</section>
        \(mayChange ? MediationActionForms(code: c.code, lang: lang).render(c.allowedActions) : "")
        <section class="card"><h2>\(lang.t("办理记录", "History"))</h2><ol>\(history)</ol></section>
        """
    }
}

/// One form per allowed action.
struct MediationActionForms {
    let code: String
    let lang: Lang

    func render(_ actions: [String]) -> String {
        guard !actions.isEmpty else { return "" }
        return "<section class=\"card\"><h2>\(lang.t("办理", "Actions"))</h2>" + actions.map(form).joined() + "</section>"
    }

    func form(_ action: String) -> String {
        func text(_ name: String, _ label: String, required: Bool = true) -> String {
            "<label>\(label) <input name=\"\(name)\"\(required ? " required" : "")></label>"
        }
        func area(_ name: String, _ label: String) -> String { "<label>\(label) <textarea name=\"\(name)\" required></textarea></label>" }
        func select(_ name: String, _ label: String, _ options: [(String, String)]) -> String {
            "<label>\(label) <select name=\"\(name)\">\(options.map { HTML.option($0.0, $0.1, selected: nil) }.joined())</select></label>"
        }
        let fields: String
        switch action {
        case "consent": fields = select("party", lang.t("当事人", "Party"), [("applicant", lang.t("申请人", "Applicant")), ("respondent", lang.t("被申请人", "Respondent"))])
            + select("agrees", lang.t("是否同意调解", "Agrees"), [("true", lang.t("同意", "Yes")), ("false", lang.t("不同意", "No"))])
        case "decline": fields = area("note", lang.t("不予调解的原因", "Reason"))
        case "assign": fields = text("roomCode", lang.t("调解室（留空不变）", "Room (blank: unchanged)"), required: false)
            + text("teamCode", lang.t("调解团队代码", "Team code")) + text("mediators", lang.t("调解员代码（逗号分隔）", "Mediator codes (comma-separated)"))
        case "recordSession": fields = text("at", lang.t("时间（YYYY-MM-DDTHH:MM，留空为现在）", "Time (blank: now)"), required: false)
            + text("place", lang.t("地点", "Place")) + text("attendees", lang.t("参加人（逗号分隔）", "Attendees")) + area("record", lang.t("调解记录", "Record"))
        case "escalate": fields = area("reason", lang.t("提请上级调解的理由", "Reason"))
        case "convene": fields = text("scheduledAt", lang.t("会商时间（YYYY-MM-DDTHH:MM）", "Time")) + text("place", lang.t("地点", "Place"))
            + text("units", lang.t("参加单位代码（逗号分隔）", "Unit codes"))
        case "conclude": fields = area("conclusions", lang.t("会商结论", "Conclusions"))
        case "settle": fields = select("kind", lang.t("协议形式", "Kind"), [("writtenAgreement", lang.t("书面协议", "Written")), ("oralAgreement", lang.t("口头协议", "Oral"))])
            + area("responsibilities", lang.t("各方责任", "Responsibilities")) + area("terms", lang.t("协议内容", "Terms"))
            + text("performanceManner", lang.t("履行方式", "Manner of performance")) + text("performanceDeadline", lang.t("履行期限（YYYY-MM-DD）", "Deadline"))
            + text("effectiveAt", lang.t("生效时间（留空为现在）", "Effective (blank: now)"), required: false)
        case "fail": fields = select("advice", lang.t("告知途径", "Advice"), MediationAdvice.allCases.map { ($0.rawValue, lang == .zh ? $0.zh : $0.rawValue) })
            + area("note", lang.t("调解不成的情况", "Why it failed"))
        case "applyConfirmation": fields = text("court", lang.t("受理法院", "Court"))
        case "recordConfirmation": fields = select("decision", lang.t("法院决定", "Decision"), [("confirmed", lang.t("确认有效", "Confirmed")), ("rejected", lang.t("驳回申请", "Rejected"))])
        case "followUp": fields = select("performed", lang.t("是否履行", "Performed"), [("true", lang.t("已履行", "Yes")), ("false", lang.t("未履行", "No"))])
            + select("satisfaction", lang.t("满意度", "Satisfaction"), MediationSatisfaction.allCases.map { ($0.rawValue, lang == .zh ? $0.zh : $0.rawValue) })
            + text("note", lang.t("回访记录", "Note"), required: false)
        default: fields = text("note", lang.t("备注", "Note"), required: false)
        }
        return """
        <form method="post" action="/console/mediation/cases/\(HTML.esc(code))/\(action)" class="action-form"><h3>\(HTML.esc(MediationText.action(action, lang)))</h3>\(fields)<button>\(HTML.esc(MediationText.action(action, lang)))</button></form>
        """
    }
}
