/// The words of petitions (信访, 信访工作条例 2022): how a petition arrived, what kind it is, where it
/// stands, and which stage of the review chain it is (original, review 复查, re-review 复核).

/// 登记渠道: letter, visit, online, phone.
public enum PetitionChannel: String, Sendable, CaseIterable, Codable {
    case letter, visit, online, phone

    public var zh: String {
        switch self {
        case .letter: return "来信"
        case .visit: return "来访"
        case .online: return "网上信访"
        case .phone: return "电话"
        }
    }
}

/// 信访类别: 建议意见类, 检举控告类, 申诉求决类.
public enum PetitionType: String, Sendable, CaseIterable, Codable {
    case suggestion, accusation, appealClaim

    public var zh: String {
        switch self {
        case .suggestion: return "建议意见"
        case .accusation: return "检举控告"
        case .appealClaim: return "申诉求决"
        }
    }
}

/// Which link of the chain a petition is: the original matter, its review (复查) or re-review (复核).
public enum PetitionStage: String, Sendable, CaseIterable, Codable {
    case original, review, reReview

    public var zh: String {
        switch self {
        case .original: return "初次办理"
        case .review: return "复查"
        case .reReview: return "复核"
        }
    }
}

public enum PetitionState: String, Sendable, CaseIterable, Codable {
    /// 登记: registered, waiting to be forwarded or assigned (15 days).
    case registered
    /// 转送/交办: forwarded to the handling unit, which decides on acceptance (15 days).
    case forwarded
    /// 受理: accepted, handling not yet begun.
    case accepted
    /// 不予受理: refused in writing (final).
    case notAccepted
    /// 办理中 (60 days).
    case handling
    /// 延期办理: handling extended once (at most 30 days), the petitioner told why.
    case extended
    /// 已答复: written reply given; the review window runs (30 days).
    case replied
    /// 转入调解: moved into people's mediation with both parties' consent (final).
    case transferredToMediation
    /// 办结.
    case closed

    public var zh: String {
        switch self {
        case .registered: return "已登记"
        case .forwarded: return "已转送交办"
        case .accepted: return "已受理"
        case .notAccepted: return "不予受理"
        case .handling: return "办理中"
        case .extended: return "延期办理"
        case .replied: return "已答复"
        case .transferredToMediation: return "已转入调解"
        case .closed: return "已办结"
        }
    }
}

public enum PetitionAction: String, Sendable, CaseIterable, Codable {
    case register
    /// 转送 / 交办 to a handling unit.
    case forward
    case accept
    case notAccept
    case startHandling
    /// 延期 (once, ≤ 30 days, reason and a notice to the petitioner).
    case extend
    /// 书面答复.
    case reply
    case close
    case transferToMediation

    public var zh: String {
        switch self {
        case .register: return "登记"
        case .forward: return "转送交办"
        case .accept: return "受理"
        case .notAccept: return "不予受理"
        case .startHandling: return "开始办理"
        case .extend: return "延期办理"
        case .reply: return "书面答复"
        case .close: return "办结"
        case .transferToMediation: return "导入调解"
        }
    }
}
