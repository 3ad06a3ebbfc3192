import Foundation
import HeweiCore
import Vapor

/// The intake form as posted: all text, so that a bad value can be shown again as typed.
struct IntakeForm: Content, Sendable {
    var channel: String?
    var channelRef: String?
    var requestKind: String?
    var categoryCode: String?
    var urgency: String?
    var requesterName: String?
    var requesterPhone: String?
    var anonymous: String?
    var address: String?
    var longitude: String?
    var latitude: String?
    var content: String?
    /// `auto`, `none` (leave it for a dispatcher) or a unit code.
    var dispatchTo: String?
    var answerAtOnce: String?
    /// A key made when the form was shown, so that a double submit registers one order.
    var submission: String?
    /// The dispatch suggestion the page showed (hidden fields set by dispatch-suggest.js).
    var suggestionModel: String?
    var suggestionCategory: String?
    var suggestionUnit: String?
    var suggestionPreselected: String?

    static func blank() -> IntakeForm {
        IntakeForm(channel: HeweiCore.Channel.hotline12345.rawValue, dispatchTo: "auto", submission: UUID().uuidString)
    }

    /// The workflow's input; the workflow itself checks everything else.
    func input() throws -> IntakeInput {
        func given(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        func number(_ s: String?, _ field: String) throws -> Double? {
            guard let t = given(s) else { return nil }
            guard let d = Double(t), d.isFinite else { throw HeweiError.invalidField(field, "must be a decimal number") }
            return d
        }
        let answer = given(answerAtOnce)
        let target = given(dispatchTo)
        var suggestion: IntakeSuggestion?
        if let model = given(suggestionModel), let category = given(suggestionCategory) {
            guard let generation = Int(model) else { throw HeweiError.invalidField("suggestion.generation", "must be a whole number") }
            suggestion = IntakeSuggestion(generation: generation, category: category, unit: given(suggestionUnit),
                                          preselected: given(suggestionPreselected) == "true")
        }
        var input = IntakeInput(channel: given(channel) ?? "", channelRef: given(channelRef), requestKind: given(requestKind) ?? "",
                           categoryCode: given(categoryCode) ?? "", urgency: given(urgency),
                           longitude: try number(longitude, "longitude"), latitude: try number(latitude, "latitude"),
                           address: address ?? "", requesterName: requesterName, requesterPhone: requesterPhone,
                           anonymous: anonymous != nil, content: content ?? "",
                           dispatchTo: answer != nil || target == "none" ? nil : target, answerAtOnce: answer)
        input.suggestion = suggestion
        return input
    }
}

/// The intake page (受理登记), built for a hotline operator on the keyboard: the first field has the
/// focus, fields run in the order of a call, and Ctrl+Enter submits.
struct IntakePage {
    var form: IntakeForm
    var catalog: ConsoleCatalog
    var error: String?
    var errorField: String?
    var canAnswerAtOnce: Bool
    var lang: Lang

    /// `autofocus` on the field with the error, or on the first field.
    private func attrs(_ field: String) -> String {
        var a = ""
        if field == (errorField ?? "requesterName") { a += " autofocus" }
        if field == errorField { a += " aria-invalid=\"true\" class=\"invalid\"" }
        return a
    }

    private func text(_ field: String, _ label: String, _ value: String?, type: String = "text", extra: String = "") -> String {
        """
        <label for="f-\(field)">\(label)</label>
        <input id="f-\(field)" name="\(field)" type="\(type)" value="\(HTML.esc(value ?? ""))"\(attrs(field))\(extra)>
        """
    }

    private func hidden(_ field: String, _ value: String?) -> String {
        "<input type=\"hidden\" id=\"f-\(field)\" name=\"\(field)\" value=\"\(HTML.esc(value ?? ""))\">"
    }

    private func select(_ field: String, _ label: String, _ options: String, extra: String = "") -> String {
        "<label for=\"f-\(field)\">\(label)</label><select id=\"f-\(field)\" name=\"\(field)\"\(attrs(field))\(extra)>\(options)</select>"
    }

    func render() -> String {
        let f = form
        let choose = "<option value=\"\">\(lang.t("— 请选择 —", "— choose —"))</option>"
        let kinds = RequestKind.allCases.map { HTML.option($0.rawValue, ConsoleFormat.kind($0.rawValue, lang: lang), selected: f.requestKind) }.joined()
        let urgencies = Urgency.allCases.map { HTML.option($0.rawValue, ConsoleFormat.urgency($0.rawValue, lang: lang), selected: f.urgency) }.joined()
        let channels = catalog.channels.filter { !$0.machine }.map { HTML.option($0.code, lang.t($0.name, $0.nameEn), selected: f.channel) }.joined()
        let dispatch = HTML.option("auto", lang.t("自动派往分类默认单位", "Auto: the category's default unit"), selected: f.dispatchTo)
            + HTML.option("none", lang.t("暂不派单（由派单员处理）", "Leave it for a dispatcher"), selected: f.dispatchTo)
            + catalog.unitOptions(selected: f.dispatchTo, lang: lang, includeVillages: false)
        let answer = canAnswerAtOnce ? """
            <label for="f-answerAtOnce">\(lang.t("即办答复（仅咨询类；填写后直接办结，不派单）", "Answer at once (enquiries only; closes the order, no dispatch)"))</label>
            <textarea id="f-answerAtOnce" name="answerAtOnce" rows="3"\(attrs("answerAtOnce"))>\(HTML.esc(f.answerAtOnce ?? ""))</textarea>
            """ : ""
        return """
        <div class="page-head"><h1>\(lang.t("受理登记", "Register a request"))</h1>
        <p class="hint">\(lang.t("Tab 逐项填写，Ctrl+Enter 提交", "Tab through the fields; Ctrl+Enter submits"))</p></div>
        \(HTML.flash(error, error: true))
        <form class="intake" method="post" action="/console/intake" data-ctrl-enter>
        <input type="hidden" name="submission" value="\(HTML.esc(f.submission ?? UUID().uuidString))">
        \(hidden("suggestionModel", f.suggestionModel))\(hidden("suggestionCategory", f.suggestionCategory))\(hidden("suggestionUnit", f.suggestionUnit))\(hidden("suggestionPreselected", f.suggestionPreselected))
        <fieldset><legend>\(lang.t("诉求人", "Requester"))</legend>
        \(text("requesterName", lang.t("姓名", "Name"), f.requesterName, extra: " autocomplete=\"off\""))
        \(text("requesterPhone", lang.t("联系电话", "Phone"), f.requesterPhone, type: "tel", extra: " autocomplete=\"off\" inputmode=\"tel\""))
        <label class="choice"><input id="f-anonymous" name="anonymous" type="checkbox" value="on"\(f.anonymous == nil ? "" : " checked")> \(lang.t("匿名（可不填姓名）", "Anonymous (name not needed)"))</label>
        </fieldset>
        <fieldset class="request"><legend>\(lang.t("诉求", "Request"))</legend>
        \(select("requestKind", lang.t("诉求类型", "Request kind"), choose + kinds, extra: " required"))
        \(select("categoryCode", lang.t("分类", "Category"), choose + catalog.categoryOptions(selected: f.categoryCode, lang: lang), extra: " required"))
        \(select("urgency", lang.t("紧急程度", "Urgency"), "<option value=\"\">\(lang.t("按分类默认", "Category default"))</option>" + urgencies))
        <label for="f-content">\(lang.t("诉求内容", "What the resident says"))</label>
        <textarea id="f-content" name="content" rows="5" required\(attrs("content"))>\(HTML.esc(f.content ?? ""))</textarea>
        <div class="dispatch-suggest" data-dispatch-suggest hidden aria-live="polite" data-category="\(lang.t("建议分类", "Suggested category"))" data-unit="\(lang.t("建议单位", "Suggested unit"))" data-confident="\(lang.t("智能派单建议（把握较大，已预选，可修改）", "Dispatch suggestion (confident: pre-selected, you can change it)"))" data-unsure="\(lang.t("智能派单建议（仅供参考，点击采用）", "Dispatch suggestion (not sure: click one to use it)"))"></div>
        </fieldset>
        <fieldset><legend>\(lang.t("地点", "Location"))</legend>
        \(text("address", lang.t("地址", "Address"), f.address, extra: " required"))
        <div class="pair"><div>\(text("longitude", lang.t("经度（可选）", "Longitude (optional)"), f.longitude, extra: " inputmode=\"decimal\" placeholder=\"116.99\""))</div>
        <div>\(text("latitude", lang.t("纬度（可选）", "Latitude (optional)"), f.latitude, extra: " inputmode=\"decimal\" placeholder=\"35.58\""))</div></div>
        </fieldset>
        <fieldset><legend>\(lang.t("办理", "Handling"))</legend>
        \(select("dispatchTo", lang.t("派往", "Dispatch to"), dispatch))
        \(answer)
        </fieldset>
        <fieldset><legend>\(lang.t("来源", "Source"))</legend>
        \(select("channel", lang.t("渠道", "Channel"), channels))
        \(text("channelRef", lang.t("来源编号（可选）", "Channel reference (optional)"), f.channelRef, extra: " autocomplete=\"off\""))
        </fieldset>
        <div class="buttons"><button type="submit" class="primary">\(lang.t("提交受理", "Register"))</button>
        <span class="hint">Ctrl+Enter</span></div>
        </form>
        <script src="/assets/dispatch-suggest.js" defer></script>
        """
    }
}
