import Foundation
import HeweiCore
import Vapor

/// An action form as posted: every field is text, empty means "not given".
struct ActionForm: Content, Sendable {
    var note: String?
    var unit: String?
    var `extension`: String?
    var reply: String?
    var resolved: String?
    var satisfaction: String?
    var categoryCode: String?
    var longitude: String?
    var latitude: String?
    var address: String?
    /// pool and addAssisting: a multiple select posted as `units[]`.
    var units: [String]?
    var window: String?
    var notice: String?
    var parent: String?

    func input() -> ActionInput {
        func given(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        return ActionInput(note: given(note), unit: given(unit), extension: given(`extension`), reply: given(reply),
                           resolved: given(resolved).map { $0 == "true" }, satisfaction: given(satisfaction),
                           categoryCode: given(categoryCode), longitude: given(longitude).flatMap(Double.init),
                           latitude: given(latitude).flatMap(Double.init), address: given(address),
                           units: units.map { $0.compactMap(given) }, window: given(window),
                           notice: given(notice).flatMap(UUID.init(uuidString:)), parent: given(parent))
    }
}

/// One form per action the signed-in user may take now, each with the fields that action needs.
struct OrderActionForms {
    /// A submission that failed, shown again with its values and the error.
    struct Draft {
        var action: String
        var form: ActionForm
        var error: String
    }

    var code: String
    var state: String
    var actions: [String]
    var catalog: ConsoleCatalog
    var draft: Draft?
    var lang: Lang

    static let unitActions: Set<OrderAction> = [.dispatch, .reassign, .approveObjection, .redo]

    /// The fields of the pool, joint-handling, supervision and merge actions.
    private func handlingFields(_ action: OrderAction, id: String, values: ActionForm) -> [String] {
        switch action {
        case .pool:
            return [unitsField(action, id: id, selected: values.units ?? []), """
            <label for="\(id)-window">\(lang.t("抢单时长（留空按规则）", "How long the pool stays open (empty: the policy)"))</label>
            <input id="\(id)-window" name="window" value="\(HTML.esc(values.window ?? ""))" placeholder="2 working hours" autocomplete="off">
            """]
        case .addAssisting:
            return [unitsField(action, id: id, selected: values.units ?? [])]
        case .waiveAssist, .supervise:
            let label = action == .waiveAssist ? lang.t("免除哪个协办单位", "Which assisting unit") : lang.t("督办对象（留空为承办单位）", "Addressed to (empty: the lead unit)")
            let none = action == .supervise ? HTML.option("", lang.t("承办单位", "The lead unit"), selected: values.unit ?? "") : ""
            return ["""
            <label for="\(id)-unit">\(label)</label>
            <select id="\(id)-unit" name="unit"\(action == .waiveAssist ? " required" : "")>\(none)\(catalog.unitOptions(selected: values.unit, lang: lang))</select>
            """]
        case .merge:
            return ["""
            <label for="\(id)-parent">\(lang.t("并入主单（工单编号）", "Parent order (its code)")) <span class="req">*</span></label>
            <input id="\(id)-parent" name="parent" value="\(HTML.esc(values.parent ?? ""))" required autocomplete="off">
            """]
        default:
            return []
        }
    }

    private func unitsField(_ action: OrderAction, id: String, selected: [String]) -> String {
        let label = action == .pool ? lang.t("可抢单单位（至少两个）", "Units that may claim it (two or more)") : lang.t("协办单位", "Assisting units")
        let marked = selected.reduce(catalog.unitOptions(selected: nil, lang: lang)) { html, code in
            html.replacingOccurrences(of: "value=\"\(HTML.esc(code))\"", with: "value=\"\(HTML.esc(code))\" selected")
        }
        return """
        <label for="\(id)-units">\(label) <span class="req">*</span></label>
        <select id="\(id)-units" name="units[]" multiple size="6" required>\(marked)</select>
        """
    }

    func render() -> String {
        guard !actions.isEmpty else {
            return "<p class=\"muted\">\(lang.t("您当前对此工单没有可执行的操作。", "There is nothing you can do on this order now."))</p>"
        }
        return actions.compactMap(OrderAction.init(rawValue:)).map(form).joined(separator: "\n")
    }

    private func form(_ action: OrderAction) -> String {
        let mine = draft?.action == action.rawValue ? draft : nil
        let values = mine?.form ?? ActionForm()
        let id = "act-\(action.rawValue)"
        var fields: [String] = []
        if Self.unitActions.contains(action) { fields.append(unitField(action, id: id, selected: values.unit)) }
        if action == .requestExtension { fields.append(extensionField(id: id, value: values.extension)) }
        if action == .recordFollowUp { fields.append(followUpFields(id: id, values: values)) }
        if action == .amend { fields.append(amendFields(id: id, values: values)) }
        fields.append(contentsOf: handlingFields(action, id: id, values: values))
        if action == .reply || action == .answerAtOnce {
            fields.append(textarea("reply", id: id, label: lang.t("答复内容", "Answer to the resident"), value: values.reply, required: true))
        } else {
            let (label, required) = noteLabel(action)
            fields.append(textarea("note", id: id, label: label, value: values.note, required: required))
        }
        let error = mine.map { "<p class=\"flash error\" role=\"alert\">\(HTML.esc($0.error))</p>" } ?? ""
        let danger: Set<OrderAction> = [.object, .rejectObjection, .rejectExtension, .suspend, .redo, .supervise, .escalate, .unmerge]
        return """
        <form id="\(id)" class="action-form\(mine == nil ? "" : " failed")" method="post" action="/console/orders/\(HTML.esc(code))/actions/\(action.rawValue)" data-ctrl-enter>
        <h3>\(HTML.esc(lang.t(action.nameZh, action.nameEn)))</h3>\(error)
        \(fields.joined(separator: "\n"))
        <button type="submit" class="\(danger.contains(action) ? "secondary" : "primary")">\(HTML.esc(lang.t(action.nameZh, action.nameEn)))</button>
        </form>
        """
    }

    private func noteLabel(_ action: OrderAction) -> (String, Bool) {
        switch action {
        case .object: return (lang.t("异议理由", "Reasons for the objection"), true)
        case .approveObjection: return (lang.t("改派说明", "Reason for reassigning"), true)
        case .rejectObjection, .rejectExtension: return (lang.t("驳回理由", "Reasons for rejecting"), true)
        case .requestExtension: return (lang.t("延期理由", "Reasons for more time"), true)
        case .report: return (lang.t("办理结果", "What was done"), true)
        case .redo: return (lang.t("重办原因", "Why it must be redone"), true)
        case .supervise: return (lang.t("督办意见", "Supervision notice"), true)
        case .suspend: return (lang.t("挂起原因", "Why the clock stops"), true)
        case .amend: return (lang.t("修改原因", "Why it is corrected"), true)
        case .close: return (lang.t("办结说明", "Closing note"), state == WorkOrderState.replied.rawValue)
        case .assistReport: return (lang.t("协办结果", "What your unit did"), true)
        case .waiveAssist: return (lang.t("免除理由", "Why the report is waived"), true)
        case .escalate: return (lang.t("提请上级协调的理由", "Why the level above must coordinate"), true)
        case .respondSupervision: return (lang.t("督办回复", "Response to the notice"), true)
        case .merge, .unmerge: return (lang.t("理由", "Reason"), true)
        case .followUpAttempt: return (lang.t("回访情况（如：无人接听）", "What happened (e.g. no answer)"), false)
        default: return (lang.t("备注（可选）", "Note (optional)"), false)
        }
    }

    private func textarea(_ name: String, id: String, label: String, value: String?, required: Bool) -> String {
        """
        <label for="\(id)-\(name)">\(label)\(required ? " <span class=\"req\">*</span>" : "")</label>
        <textarea id="\(id)-\(name)" name="\(name)" rows="3"\(required ? " required" : "")>\(HTML.esc(value ?? ""))</textarea>
        """
    }

    private func unitField(_ action: OrderAction, id: String, selected: String?) -> String {
        let keep = action == .redo ? HTML.option("", lang.t("原承办单位", "The current unit"), selected: selected ?? "") : ""
        let auto = HTML.option("auto", lang.t("自动（分类默认单位）", "Auto (the category's default unit)"), selected: selected ?? (action == .redo ? "" : "auto"))
        return """
        <label for="\(id)-unit">\(lang.t("承办单位", "Unit"))</label>
        <select id="\(id)-unit" name="unit">\(keep)\(auto)\(catalog.unitOptions(selected: selected, lang: lang))</select>
        """
    }

    private func extensionField(id: String, value: String?) -> String {
        let choices = ["1 working day", "2 working days", "3 working days", "5 working days", "10 working days"]
        let options = choices.map { "<option value=\"\($0)\">\(ConsoleFormat.limit($0, lang: lang))</option>" }.joined()
        return """
        <label for="\(id)-extension">\(lang.t("延期时长（如 3 working days）", "Extra time (e.g. 3 working days)")) <span class="req">*</span></label>
        <input id="\(id)-extension" name="extension" list="\(id)-choices" value="\(HTML.esc(value ?? "3 working days"))" required autocomplete="off">
        <datalist id="\(id)-choices">\(options)</datalist>
        """
    }

    /// Amend: any of a new category, location or address (empty fields stay as they are).
    private func amendFields(id: String, values: ActionForm) -> String {
        """
        <label for="\(id)-category">\(lang.t("新分类（不改则留空）", "New category (leave empty to keep)"))</label>
        <select id="\(id)-category" name="categoryCode"><option value="">\(lang.t("— 不修改 —", "— keep —"))</option>\(catalog.categoryOptions(selected: values.categoryCode, lang: lang))</select>
        <label for="\(id)-lon">\(lang.t("经度", "Longitude"))</label>
        <input id="\(id)-lon" name="longitude" inputmode="decimal" value="\(HTML.esc(values.longitude ?? ""))">
        <label for="\(id)-lat">\(lang.t("纬度", "Latitude"))</label>
        <input id="\(id)-lat" name="latitude" inputmode="decimal" value="\(HTML.esc(values.latitude ?? ""))">
        <label for="\(id)-address">\(lang.t("地址", "Address"))</label>
        <input id="\(id)-address" name="address" value="\(HTML.esc(values.address ?? ""))">
        """
    }

    private func followUpFields(id: String, values: ActionForm) -> String {
        let resolved = values.resolved ?? ""
        let radios = [("true", lang.t("已解决", "Resolved")), ("false", lang.t("未解决", "Not resolved"))].map { v, l in
            "<label class=\"choice\"><input type=\"radio\" name=\"resolved\" value=\"\(v)\"\(resolved == v ? " checked" : "")> \(l)</label>"
        }.joined()
        let options = Satisfaction.allCases.filter { $0 != .unreachable }.map {
            HTML.option($0.rawValue, ConsoleFormat.satisfaction($0.rawValue, lang: lang), selected: values.satisfaction)
        }.joined()
        return """
        <fieldset class="choices"><legend>\(lang.t("是否解决", "Resolved?"))</legend>\(radios)</fieldset>
        <label for="\(id)-satisfaction">\(lang.t("满意度", "Satisfaction")) <span class="req">*</span></label>
        <select id="\(id)-satisfaction" name="satisfaction" required><option value="">\(lang.t("— 请选择 —", "— choose —"))</option>\(options)</select>
        """
    }
}
