import Foundation
import HeweiCore
import Vapor

/// The parts of the reception page: a day with its bookings and forms, the new-day form, names.
enum ReceptionDayCard {
    static func stateName(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "booked": return lang.t("已预约", "Booked")
        case "cancelled": return lang.t("已取消", "Cancelled")
        case "answered": return lang.t("当场答复", "Answered")
        case "referred": return lang.t("已转办", "Referred")
        case "noShow": return lang.t("未到场", "No-show")
        default: return raw
        }
    }

    static func linkName(_ type: String?, _ lang: Lang) -> String {
        switch type {
        case "order": return lang.t("工单", "Order")
        case "petition": return lang.t("信访件", "Petition")
        case "mediation": return lang.t("调解案件", "Mediation case")
        case "answered": return lang.t("当场答复", "Answered")
        default: return ""
        }
    }

    static func linkHref(_ type: String?, _ ref: String?) -> String? {
        guard let ref else { return nil }
        switch type {
        case "order": return "/console/orders/\(ref)"
        case "petition": return "/console/petitions/\(ref)"
        case "mediation": return "/console/mediation/\(ref)"
        default: return nil
        }
    }

    static func link(_ type: String?, _ ref: String?, _ lang: Lang) -> String {
        guard let ref else { return "" }
        let text = "\(linkName(type, lang)) <span class=\"mono\">\(HTML.esc(ref))</span>"
        return linkHref(type, ref).map { "<a href=\"\(HTML.esc($0))\">\(text)</a>" } ?? text
    }

    static func describe(_ error: HeweiError, lang: Lang) -> String {
        if case let .illegalRecordTransition(t) = error {
            return lang.t("当前状态为「\(stateName(t.state, lang))」，不能执行此操作。", t.reason)
        }
        return ConsoleMessages.describe(error, lang: lang)
    }

    /// The outcome form of a booked booking: answered, referred (order / petition / mediation) or no-show.
    static func outcomeForm(_ b: ReceptionBookingDTO, day: UUID, lang: Lang) -> String {
        """
        <details><summary>\(lang.t("登记接访结果", "Record the outcome"))</summary>
        <form method="post" action="/console/reception/bookings/\(b.id)/outcome" class="action-form">
        <input type="hidden" name="day" value="\(day)">
        <label>\(lang.t("结果", "Outcome")) <select name="outcome">
        <option value="answered">\(lang.t("当场答复", "Answered on the spot"))</option><option value="order">\(lang.t("转为工单", "Into a work order"))</option>
        <option value="petition">\(lang.t("转为信访件", "Into a petition"))</option><option value="mediation">\(lang.t("转为调解案件", "Into a mediation case"))</option>
        <option value="noShow">\(lang.t("未到场", "Did not come"))</option></select></label>
        <label>\(lang.t("说明 / 答复内容", "Note / answer")) <textarea name="note" rows="2"></textarea></label>
        \(ReferralForm.fields(lang: lang))
        <button type="submit" class="primary">\(lang.t("保存结果", "Save the outcome"))</button></form>
        <form method="post" action="/console/reception/bookings/\(b.id)/cancel" class="inline"><input type="hidden" name="day" value="\(day)">
        <button type="submit">\(lang.t("取消预约", "Cancel the booking"))</button></form></details>
        """
    }

    static func render(_ d: ReceptionDayDetailDTO, viewer: Principal, lang: Lang) -> String {
        let change = viewer.may(.reception, .change)
        let rows = d.bookings.map { b in
            """
            <tr><td>\(HTML.esc(b.name))</td><td class="mono">\(HTML.esc(b.phone))</td><td>\(HTML.esc(b.matter))</td>
            <td><span class="state">\(stateName(b.state, lang))</span> \(link(b.linkType, b.linkRef, lang))
            \(b.outcomeNote.map { "<div class=\"muted\">\(HTML.esc($0))</div>" } ?? "")
            \(change && b.state == "booked" ? outcomeForm(b, day: d.day.id, lang: lang) : "")</td></tr>
            """
        }.joined()
        let table = d.bookings.isEmpty
            ? "<p class=\"empty\">\(lang.t("尚无群众预约。", "Nobody has booked yet."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("姓名", "Name"))</th><th>\(lang.t("电话", "Phone"))</th>
            <th>\(lang.t("反映事项", "Matter"))</th><th>\(lang.t("状态 / 结果", "State / outcome"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let bookForm = viewer.may(.reception, .create) && d.day.available > 0 ? """
            <form method="post" action="/console/reception/days/\(d.day.id)/bookings" class="action-form">
            <h3>\(lang.t("预约登记", "Book a resident"))</h3>
            <label>\(lang.t("姓名", "Name")) <input name="name" required></label>
            <label>\(lang.t("电话", "Phone")) <input name="phone" required inputmode="tel"></label>
            <label>\(lang.t("反映事项", "Matter")) <textarea name="matter" rows="2" required></textarea></label>
            <button type="submit" class="primary">\(lang.t("预约", "Book"))</button></form>
            """ : (d.day.available == 0 && d.day.state == "scheduled" ? "<p class=\"muted\">\(lang.t("名额已满。", "The day is full."))</p>" : "")
        let cancelled = d.day.state == "cancelled"
            ? "<p class=\"alert\" role=\"status\">\(lang.t("本接访日已取消", "This reception day was cancelled"))：\(HTML.esc(d.day.cancelReason ?? ""))</p>" : ""
        let manage = change && d.day.allowedActions.contains("change") ? changeForms(d.day, lang: lang) : ""
        return """
        <section class="card"><h2>\(HTML.esc(d.day.date)) \(HTML.esc(d.day.starts))–\(HTML.esc(d.day.ends)) · \(HTML.esc(d.day.leaderName))
        <span class="muted">\(HTML.esc(d.day.leaderTitle))</span></h2>
        <p>\(lang.t("地点", "Place"))：\(HTML.esc(d.day.place)) · \(lang.t("主题", "Topics"))：\(HTML.esc(d.day.topics)) ·
        \(lang.t("名额", "Capacity")) \(d.day.booked) / \(d.day.capacity)</p>
        \(cancelled)\(table)\(bookForm)\(manage)\(history(d.events, lang: lang))</section>
        """
    }

    /// Change the day's details, or cancel it (and its bookings) with a reason.
    static func changeForms(_ day: ReceptionDayDTO, lang: Lang) -> String {
        func v(_ s: String?) -> String { HTML.esc(s ?? "") }
        return """
        <details><summary>\(lang.t("调整接访日", "Change the day"))</summary>
        <form method="post" action="/console/reception/days/\(day.id)" class="action-form">
        <label>\(lang.t("领导账号（可选）", "Leader's account (optional)")) <input name="leaderUsername" value="\(v(day.leaderUsername))"></label>
        <label>\(lang.t("领导姓名", "Leader's name")) <input name="leaderName" value="\(v(day.leaderName))"></label>
        <label>\(lang.t("职务", "Title")) <input name="leaderTitle" required value="\(v(day.leaderTitle))"></label>
        <label>\(lang.t("日期", "Date")) <input type="date" name="date" required value="\(v(day.date))"></label>
        <label>\(lang.t("开始", "From")) <input type="time" name="starts" required value="\(v(day.starts))"></label>
        <label>\(lang.t("结束", "To")) <input type="time" name="ends" required value="\(v(day.ends))"></label>
        <label>\(lang.t("地点", "Place")) <input name="place" required value="\(v(day.place))"></label>
        <label>\(lang.t("接访主题", "Topics")) <input name="topics" value="\(v(day.topics))"></label>
        <label>\(lang.t("名额（不少于已约人数）", "Capacity (not below the places booked)")) <input type="number" name="capacity" min="\(max(1, day.booked))" max="500" required value="\(day.capacity)"></label>
        <label>\(lang.t("调整说明", "Why")) <input name="note"></label>
        <button type="submit" class="primary">\(lang.t("保存调整", "Save the change"))</button></form>
        <form method="post" action="/console/reception/days/\(day.id)/cancel" class="action-form">
        <label>\(lang.t("取消原因（已预约的群众将一并取消，请逐一电话告知）", "Reason for cancelling (the bookings are cancelled too; call each resident)")) <input name="reason" required></label>
        <button type="submit">\(lang.t("取消接访日", "Cancel the day"))</button></form></details>
        """
    }

    /// The day's own events: scheduled, changed (with each field's old → new), cancelled.
    static func history(_ events: [CaseEventDTO], lang: Lang) -> String {
        guard events.count > 1 || events.contains(where: { $0.action != "schedule" }) else { return "" }
        let items = events.map { e in
            let name = switch e.action {
            case "schedule": lang.t("安排", "Scheduled")
            case "change": lang.t("调整", "Changed")
            case "cancel": lang.t("取消", "Cancelled")
            default: e.action
            }
            let details = e.data.sorted { $0.key < $1.key }.map { "\($0.key)：\($0.value)" }.joined(separator: "；")
            return "<li><time>\(ConsoleFormat.time(e.at))</time> <strong>\(name)</strong> \(HTML.esc(e.actor))"
                + (e.note.isEmpty ? "" : " · \(HTML.esc(e.note))") + (details.isEmpty ? "" : " <span class=\"muted\">\(HTML.esc(details))</span>") + "</li>"
        }.joined()
        return "<h3>\(lang.t("接访日变更记录", "History of the day"))</h3><ol class=\"timeline\">\(items)</ol>"
    }

    static func newDayForm(lang: Lang, form: ReceptionPages.Form?) -> String {
        func v(_ s: String?) -> String { HTML.esc(s ?? "") }
        return """
        <section class="card"><h2>\(lang.t("新增接访日", "New reception day"))</h2>
        <form method="post" action="/console/reception/days">
        <label>\(lang.t("领导账号（可选）", "Leader's account (optional)")) <input name="leaderUsername" value="\(v(form?.leaderUsername))"></label>
        <label>\(lang.t("领导姓名", "Leader's name")) <input name="leaderName" value="\(v(form?.leaderName))"></label>
        <label>\(lang.t("职务", "Title")) <input name="leaderTitle" required value="\(v(form?.leaderTitle))"></label>
        <label>\(lang.t("日期", "Date")) <input type="date" name="date" required value="\(v(form?.date))"></label>
        <label>\(lang.t("开始", "From")) <input type="time" name="starts" required value="\(v(form?.starts ?? "09:00"))"></label>
        <label>\(lang.t("结束", "To")) <input type="time" name="ends" required value="\(v(form?.ends ?? "11:30"))"></label>
        <label>\(lang.t("地点", "Place")) <input name="place" required value="\(v(form?.place))"></label>
        <label>\(lang.t("接访主题", "Topics")) <input name="topics" value="\(v(form?.topics))"></label>
        <label>\(lang.t("名额", "Capacity")) <input type="number" name="capacity" min="1" max="500" required value="\(v(form?.capacity ?? "10"))"></label>
        <div class="buttons"><button type="submit" class="primary">\(lang.t("保存", "Save"))</button></div></form></section>
        """
    }
}
