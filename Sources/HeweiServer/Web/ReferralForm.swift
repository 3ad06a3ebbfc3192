import Foundation
import HeweiCore
import Vapor

/// The "turn this into…" part of the reception-outcome and hall-triage forms: the fields a work
/// order, a petition or a mediation case needs, and the parties' consent to mediation, which is
/// asked and recorded (a case whose consents are not both recorded waits in `awaitingConsent`; no
/// mediation when a party refuses — 人民调解法 art. 17).
struct ReferralForm: Content {
    var categoryCode, address, petitionType, concernedUnitCode, disputeType, respondentName, respondentPhone: String?
    /// Checkboxes: present ("on") when ticked.
    var applicantConsent, respondentConsent: String?

    var input: CaseReferral.Input {
        var r = CaseReferral.Input.empty
        r.categoryCode = categoryCode
        r.address = address
        r.petitionType = petitionType
        r.concernedUnitCode = concernedUnitCode
        r.disputeType = disputeType
        r.respondentName = respondentName
        r.respondentPhone = respondentPhone
        // Ticked: agreed. Not ticked: not yet asked (the case waits for the mediator to record it),
        // never a refusal, which only a mediator records.
        r.applicantConsent = Self.ticked(applicantConsent) ? true : nil
        r.respondentConsent = Self.ticked(respondentConsent) ? true : nil
        return r
    }

    static func ticked(_ value: String?) -> Bool { value.map { ["on", "yes", "true"].contains($0) } ?? false }

    static func fields(lang: Lang) -> String {
        let types = MediationDisputeTypes.defaults.map { HTML.option($0.code, MediationText.type($0.code, lang), selected: "other") }.joined()
        return """
        <fieldset><legend>\(lang.t("转工单", "For an order"))</legend>
        <label>\(lang.t("分类（小类代码）", "Category (minor code)")) <input name="categoryCode" placeholder="0106"></label>
        <label>\(lang.t("地址", "Address")) <input name="address"></label></fieldset>
        <fieldset><legend>\(lang.t("转信访", "For a petition"))</legend>
        <label>\(lang.t("信访类型", "Type")) <select name="petitionType"><option value="suggestion">\(lang.t("建议意见类", "Suggestion"))</option>
        <option value="appealClaim">\(lang.t("申诉求决类", "Appeal / claim"))</option><option value="accusation">\(lang.t("检举控告类", "Accusation"))</option></select></label>
        <label>\(lang.t("涉及单位代码", "Unit concerned (code)")) <input name="concernedUnitCode"></label></fieldset>
        <fieldset><legend>\(lang.t("转调解（须双方同意）", "For mediation (both parties must consent)"))</legend>
        <label>\(lang.t("纠纷类型", "Dispute type")) <select name="disputeType">\(types)</select></label>
        <label>\(lang.t("被申请人", "Respondent")) <input name="respondentName"></label>
        <label>\(lang.t("被申请人电话", "Respondent's phone")) <input name="respondentPhone" inputmode="tel"></label>
        <label><input type="checkbox" name="applicantConsent"> \(lang.t("申请人同意调解", "The applicant consents"))</label>
        <label><input type="checkbox" name="respondentConsent"> \(lang.t("被申请人同意调解", "The respondent consents"))</label></fieldset>
        """
    }
}
