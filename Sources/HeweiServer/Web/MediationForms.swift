import Foundation
import HeweiCore

/// Console form fields → the API's inputs (lists separated by commas or 、; times in UTC+8).
enum MediationForms {
    static func opening(_ f: [String: String]) -> MediationOpening {
        func g(_ k: String) -> String? { ConsoleAPI.given(f[k]) }
        func consent(_ k: String) -> Bool? { g(k).flatMap { $0 == "yes" ? true : ($0 == "no" ? false : nil) } }
        return MediationOpening(
            source: g("source") ?? "walkIn", sourceRef: g("sourceRef"), disputeType: g("disputeType") ?? "", summary: g("summary") ?? "",
            applicant: MediationParty(name: g("applicantName") ?? "", kind: g("applicantKind") ?? "person", phone: g("applicantPhone"),
                                      idNumber: g("applicantIdNumber"), address: g("applicantAddress")),
            respondent: MediationParty(name: g("respondentName") ?? "", kind: g("respondentKind") ?? "person", phone: g("respondentPhone"),
                                       idNumber: g("respondentIdNumber"), address: g("respondentAddress")),
            applicantConsent: consent("applicantConsent"), respondentConsent: consent("respondentConsent"),
            roomCode: g("roomCode"), major: g("major") == "true")
    }

    static func input(_ f: [String: String]) throws -> MediationActionInput {
        func g(_ k: String) -> String? { ConsoleAPI.given(f[k]) }
        func list(_ k: String) -> [String]? {
            g(k).map { $0.split(whereSeparator: { ",，、;；\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        func bool(_ k: String) -> Bool? { g(k).flatMap { $0 == "true" ? true : ($0 == "false" ? false : nil) } }
        func time(_ k: String) throws -> Date? { try g(k).map { try localTime($0, k) } }
        return MediationActionInput(
            note: g("note"), party: g("party"), agrees: bool("agrees"), roomCode: g("roomCode"), teamCode: g("teamCode"),
            mediators: list("mediators"), at: try time("at"), place: g("place"), attendees: list("attendees"), record: g("record"),
            reason: g("reason"), scheduledAt: try time("scheduledAt"), units: list("units"), conclusions: g("conclusions"),
            kind: g("kind"), responsibilities: g("responsibilities"), terms: g("terms"), performanceManner: g("performanceManner"),
            performanceDeadline: try time("performanceDeadline"), effectiveAt: try time("effectiveAt"), advice: g("advice"),
            court: g("court"), decision: g("decision"), performed: bool("performed"), satisfaction: g("satisfaction"))
    }

    /// `YYYY-MM-DD` (end of that day) or `YYYY-MM-DDTHH:MM` in UTC+8.
    static func localTime(_ text: String, _ field: String) throws -> Date {
        let parts = text.split(separator: "T")
        guard let day = CivilDate(String(parts[0])) else { throw HeweiError.invalidField(field, "use YYYY-MM-DD or YYYY-MM-DDTHH:MM") }
        var seconds = 86_400 - 60
        if parts.count == 2 {
            let hm = parts[1].split(separator: ":").compactMap { Int($0) }
            guard hm.count >= 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]) else { throw HeweiError.invalidField(field, "use HH:MM") }
            seconds = hm[0] * 3600 + hm[1] * 60
        }
        return Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 + seconds - 8 * 3600))
    }
}

/// Chinese and English names of mediation's terms for the pages.
enum MediationText {
    static func state(_ raw: String, _ lang: Lang) -> String {
        lang == .zh ? (MediationState(rawValue: raw)?.zh ?? raw) : raw
    }

    static func action(_ raw: String, _ lang: Lang) -> String {
        let zh: [String: String] = [
            "open": "受理登记", "consent": "记录当事人意愿", "decline": "不予调解（当事人拒绝）", "assign": "指派调解室、团队和调解员",
            "recordSession": "记录调解过程", "escalate": "提请上级调解", "convene": "召集会商研判", "conclude": "记录会商结论",
            "settle": "达成调解协议", "fail": "调解不成", "applyConfirmation": "记录司法确认申请", "recordConfirmation": "记录法院确认结果",
            "followUp": "回访履行情况", "close": "结案", "overdue": "逾期",
        ]
        return lang == .zh ? (zh[raw] ?? raw) : raw
    }

    static func source(_ raw: String, _ lang: Lang) -> String {
        lang == .zh ? (MediationSource(rawValue: raw)?.zh ?? raw) : raw
    }

    static func type(_ raw: String, _ lang: Lang) -> String {
        lang == .zh ? MediationDisputeTypes.zh(raw) : raw
    }

    static func clock(_ raw: String, _ lang: Lang) -> String {
        switch raw {
        case "duration": return lang.t("调解期限", "Case duration")
        case "confirmation": return lang.t("司法确认申请期限", "Judicial-confirmation window")
        case "performance": return lang.t("履行期限（回访）", "Performance deadline (follow-up)")
        default: return raw
        }
    }

    static func percent(_ v: Double?) -> String {
        v.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }
}
