import Foundation
import HeweiCore

/// How the console writes times, lights and the domain's names, in Chinese or English.
/// Times are shown in the deployment's local time (Asia/Shanghai, UTC+8) whatever the server's zone.
enum ConsoleFormat {
    static let utcOffset = 8 * 3600

    /// `2026-11-26 09:00`, or `—` for no time.
    static func time(_ date: Date?, utcOffset: Int = utcOffset) -> String {
        guard let date else { return "—" }
        let local = Int((date.timeIntervalSince1970 + Double(utcOffset)).rounded(.down))
        let day = CivilDate(dayNumber: Int((Double(local) / 86_400).rounded(.down)))
        let second = local - day.dayNumber * 86_400
        return "\(day) \(pad2(second / 3600)):\(pad2(second % 3600 / 60))"
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// A coloured dot with its name for screen readers (and tests): `<span class="dot dot-red">`.
    static func lightDot(_ raw: String?, lang: Lang) -> String {
        guard let raw, let light = Light(rawValue: raw) else {
            return "<span class=\"dot dot-none\" title=\"—\"></span>"
        }
        let name = lightName(light, lang: lang)
        return "<span class=\"dot dot-\(light.rawValue)\" title=\"\(name)\"><span class=\"sr\">\(name)</span></span>"
    }

    static func lightName(_ light: Light, lang: Lang) -> String {
        switch light {
        case .green: return lang.t("绿灯", "green")
        case .yellow: return lang.t("黄灯", "yellow")
        case .red: return lang.t("红灯", "red")
        }
    }

    static func state(_ raw: String?, lang: Lang) -> String {
        guard let raw else { return "—" }
        guard let s = WorkOrderState(rawValue: raw) else { return raw }
        return lang.t(s.nameZh, s.nameEn)
    }

    static func action(_ raw: String, lang: Lang) -> String {
        guard let a = OrderAction(rawValue: raw) else { return raw }
        return lang.t(a.nameZh, a.nameEn)
    }

    static func channel(_ raw: String, lang: Lang) -> String {
        guard let c = HeweiCore.Channel(rawValue: raw) else { return raw }
        let en: String
        switch c {
        case .hotline12345: en = "12345 hotline"
        case .app: en = "Jishiban app"
        case .secretaryMailbox: en = "Secretary's mailbox"
        case .onlineInquiry: en = "Online inquiry"
        case .onlinePetition: en = "Online petition"
        case .opinionLine: en = "Opinion line"
        case .gridPatrol: en = "Grid patrol"
        case .walkIn: en = "Walk-in"
        case .videoAlert: en = "Video / IoT alert"
        case .open311: en = "Open311 interface"
        }
        return lang.t(c.nameZh, en)
    }

    static func kind(_ raw: String, lang: Lang) -> String {
        guard let k = RequestKind(rawValue: raw) else { return raw }
        let en: [RequestKind: String] = [.enquiry: "Enquiry", .help: "Help", .complaint: "Complaint", .report: "Report",
                                         .suggestion: "Suggestion", .praise: "Praise"]
        return lang.t(k.nameZh, en[k] ?? raw)
    }

    static func urgency(_ raw: String, lang: Lang) -> String {
        switch Urgency(rawValue: raw) {
        case .general?: return lang.t("一般", "General")
        case .urgent?: return lang.t("紧急", "Urgent")
        case .critical?: return lang.t("特急（生命安全）", "Critical (life and safety)")
        case nil: return raw
        }
    }

    static func satisfaction(_ raw: String, lang: Lang) -> String {
        guard let s = Satisfaction(rawValue: raw) else { return raw }
        let en: [Satisfaction: String] = [.satisfied: "Satisfied", .basicallySatisfied: "Basically satisfied",
                                          .unsatisfied: "Unsatisfied", .unreachable: "Not reached"]
        return lang.t(s.nameZh, en[s] ?? raw)
    }

    static func clockKind(_ raw: String, lang: Lang) -> String {
        switch ClockKind(rawValue: raw) {
        case .signFor?: return lang.t("签收", "Sign-for")
        case .objection?: return lang.t("异议期", "Objection window")
        case .handling?: return lang.t("办理", "Handling")
        case .followUp?: return lang.t("回访", "Follow-up")
        case .supervision?: return lang.t("督办回复", "Supervision response")
        case .claim?: return lang.t("抢单期", "Claim pool")
        case .assistSignFor?: return lang.t("协办签收", "Assisting sign-for")
        case .assistHandling?: return lang.t("协办反馈", "Assisting report")
        case nil: return raw
        }
    }

    static func deadlineStatus(_ raw: String, paused: Bool, lang: Lang) -> String {
        if paused { return lang.t("已挂起", "paused") }
        switch raw {
        case "open": return lang.t("计时中", "running")
        case "met": return lang.t("按时完成", "met")
        case "late": return lang.t("超时完成", "late")
        case "cancelled": return lang.t("已取消", "cancelled")
        case "expired": return lang.t("已到期", "expired")
        default: return raw
        }
    }

    /// "5 working days" → "5个工作日" in Chinese; unchanged in English.
    static func limit(_ text: String, lang: Lang) -> String {
        guard lang == .zh, let l = TimeLimit(parsing: text) else { return text }
        switch l.unit {
        case .minutes: return "\(l.amount)分钟"
        case .hours: return "\(l.amount)小时"
        case .days: return "\(l.amount)天"
        case .workingHours: return "\(l.amount)个工作小时"
        case .workingDays: return "\(l.amount)个工作日"
        case .statutoryDays: return "\(l.amount)日（法定期间）"
        }
    }

    static func unitName(_ unit: OrgDirectory.Unit?, lang: Lang) -> String {
        guard let unit else { return "—" }
        return lang.t(unit.name, unit.nameEn)
    }

    static func yesNo(_ value: Bool?, lang: Lang) -> String {
        switch value {
        case true?: return lang.t("是", "yes")
        case false?: return lang.t("否", "no")
        case nil: return "—"
        }
    }
}
