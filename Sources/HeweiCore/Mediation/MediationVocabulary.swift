/// People's mediation (人民调解) vocabulary: where a case comes from, who the parties are, how it ends.
/// Names follow DOMAIN.md §1 and §5.

/// Where a mediation case came from.
public enum MediationSource: String, Sendable, Codable, CaseIterable {
    case walkIn, workOrder, petition, courtReferral, gridWorker, reception, hall

    public var zh: String {
        switch self {
        case .walkIn: return "来访申请"
        case .workOrder: return "工单转入"
        case .petition: return "信访导入"
        case .courtReferral: return "法院委派"
        case .gridWorker: return "网格员发现"
        case .reception: return "领导接访"
        case .hall: return "大厅分流"
        }
    }
}

/// A party of a dispute: a natural person or an organisation.
public enum PartyKind: String, Sendable, Codable, CaseIterable {
    case person, organisation
}

/// How a mediation ended.
public enum MediationOutcome: String, Sendable, Codable, CaseIterable {
    /// 书面调解协议
    case writtenAgreement
    /// 口头调解协议 (recorded)
    case oralAgreement
    /// 调解不成
    case failed

    public var zh: String {
        switch self {
        case .writtenAgreement: return "书面协议"
        case .oralAgreement: return "口头协议"
        case .failed: return "调解不成"
        }
    }
}

/// The route a failed mediation advises the parties to take (mediation does not block them).
public enum MediationAdvice: String, Sendable, Codable, CaseIterable {
    case litigation, arbitration, administrative

    public var zh: String {
        switch self {
        case .litigation: return "依法向人民法院提起诉讼"
        case .arbitration: return "申请仲裁"
        case .administrative: return "通过行政途径解决"
        }
    }
}

/// A follow-up's satisfaction answer (满意 / 基本满意 / 不满意).
public enum MediationSatisfaction: String, Sendable, Codable, CaseIterable {
    case satisfied, basicallySatisfied, unsatisfied

    public var zh: String {
        switch self {
        case .satisfied: return "满意"
        case .basicallySatisfied: return "基本满意"
        case .unsatisfied: return "不满意"
        }
    }
}

/// The kind of a mediation room.
public enum MediationRoomType: String, Sendable, Codable, CaseIterable {
    case general, family, market, heartToHeart, labour, traffic, medical

    public var zh: String {
        switch self {
        case .general: return "综合调解室"
        case .family: return "婚姻家庭调解室"
        case .market: return "市场纠纷调解室"
        case .heartToHeart: return "知心小屋"
        case .labour: return "劳动争议调解室"
        case .traffic: return "交通事故调解室"
        case .medical: return "医疗纠纷调解室"
        }
    }
}

/// "3+N+1": three professional teams, N specialised teams, one Confucian adviser.
public enum MediationTeamKind: String, Sendable, Codable, CaseIterable {
    case professional, specialised, confucianAdviser
}

/// Dispute types (the defaults; a deployment's mediation.yaml may add more).
public enum MediationDisputeTypes {
    public static let defaults: [(code: String, zh: String)] = [
        ("family", "婚姻家庭纠纷"), ("neighbourhood", "邻里纠纷"), ("landHousing", "土地房屋纠纷"),
        ("contract", "合同纠纷"), ("damages", "损害赔偿纠纷"), ("labour", "劳动争议"),
        ("traffic", "道路交通事故纠纷"), ("medical", "医疗纠纷"), ("property", "物业纠纷"), ("other", "其他纠纷"),
    ]

    public static func zh(_ code: String) -> String { defaults.first { $0.code == code }?.zh ?? code }
    public static func isKnown(_ code: String) -> Bool { defaults.contains { $0.code == code } }
}
