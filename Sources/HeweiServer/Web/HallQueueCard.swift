import Foundation
import HeweiCore
import Vapor

/// The parts of the hall page: the front-desk form and one area's queue with its forms.
enum HallQueueCard {
    static func stateName(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "waiting": return lang.t("等候中", "Waiting")
        case "called": return lang.t("已叫号", "Called")
        case "serving": return lang.t("接待中", "Serving")
        case "triaged": return lang.t("已分流", "Triaged")
        case "noShow": return lang.t("过号未到", "No-show")
        case "left": return lang.t("已离开", "Left")
        default: return raw
        }
    }

    static func registerForm(_ areas: [HallAreaDTO], lang: Lang) -> String {
        let options = areas.map { HTML.option($0.code, "\($0.prefix) · \(lang.t($0.name, $0.nameEn))", selected: nil) }.joined()
        return """
        <section class="card"><h2>\(lang.t("前台登记取号", "Front desk: register and issue a number"))</h2>
        <form method="post" action="/console/hall/visits">
        <label>\(lang.t("姓名", "Name")) <input name="name" required></label>
        <label>\(lang.t("电话", "Phone")) <input name="phone" required inputmode="tel"></label>
        <label>\(lang.t("反映事项", "Matter")) <textarea name="matter" rows="2" required></textarea></label>
        <label>\(lang.t("接待区", "Area")) <select name="area">\(options)</select></label>
        <div class="buttons"><button type="submit" class="primary">\(lang.t("登记并取号", "Register and issue"))</button></div></form></section>
        """
    }

    static func triageForm(_ v: HallVisitDTO, lang: Lang) -> String {
        """
        <details><summary>\(lang.t("分流", "Triage"))</summary>
        <form method="post" action="/console/hall/visits/\(v.id)/triage" class="action-form">
        <label>\(lang.t("去向", "Outcome")) <select name="outcome"><option value="answered">\(lang.t("当场答复", "Answered"))</option>
        <option value="order">\(lang.t("转为工单", "Work order"))</option><option value="petition">\(lang.t("转为信访件", "Petition"))</option>
        <option value="mediation">\(lang.t("转为调解案件", "Mediation case"))</option></select></label>
        <label>\(lang.t("说明 / 答复内容", "Note / answer")) <textarea name="note" rows="2"></textarea></label>
        \(ReferralForm.fields(lang: lang))
        <button type="submit" class="primary">\(lang.t("保存", "Save"))</button></form></details>
        """
    }

    static func actions(_ v: HallVisitDTO, lang: Lang) -> String {
        var out = ""
        for a in v.allowedActions where a != "call" {
            if a == "triage" { out += triageForm(v, lang: lang); continue }
            let label = switch a {
            case "serve": lang.t("开始接待", "Serve")
            case "noShow": lang.t("过号", "No-show")
            default: lang.t("离开", "Left")
            }
            out += "<form method=\"post\" action=\"/console/hall/visits/\(v.id)/\(a)\" class=\"inline\"><button type=\"submit\">\(label)</button></form> "
        }
        return out
    }

    static func render(_ area: HallAreaDTO, visits: [HallVisitDTO], viewer: Principal, lang: Lang) -> String {
        let change = viewer.may(.hall, .change)
        let calls = change ? area.counters.map { c in
            "<form method=\"post\" action=\"/console/hall/areas/\(HTML.esc(area.code))/call-next\" class=\"inline\"><input type=\"hidden\" name=\"counter\" value=\"\(HTML.esc(c))\"><button type=\"submit\" class=\"primary\">\(HTML.esc(c)) \(lang.t("叫下一位", "call next"))</button></form>"
        }.joined(separator: " ") : ""
        let rows = visits.map { v in
            """
            <tr><td class="mono"><strong>\(HTML.esc(v.ticket))</strong></td><td>\(HTML.esc(v.name))</td><td class="mono">\(HTML.esc(v.phone))</td>
            <td>\(HTML.esc(v.matter))</td><td><span class="state">\(stateName(v.state, lang))</span> \(HTML.esc(v.counter ?? ""))
            \(ReceptionDayCard.link(v.linkType == "answered" ? nil : v.linkType, v.linkRef, lang))</td>
            <td>\(change ? actions(v, lang: lang) : "")</td></tr>
            """
        }.joined()
        let table = visits.isEmpty
            ? "<p class=\"empty\">\(lang.t("今日此区尚无来访。", "No visitors in this area today."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("号码", "Number"))</th><th>\(lang.t("姓名", "Name"))</th>
            <th>\(lang.t("电话", "Phone"))</th><th>\(lang.t("事项", "Matter"))</th><th>\(lang.t("状态", "State"))</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return """
        <section class="card"><h2>\(HTML.esc(area.prefix)) · \(HTML.esc(lang.t(area.name, area.nameEn)))
        <span class="muted">\(lang.t("等候 \(area.waiting) 人", "\(area.waiting) waiting"))</span></h2>
        <p>\(calls)</p>\(table)</section>
        """
    }
}
