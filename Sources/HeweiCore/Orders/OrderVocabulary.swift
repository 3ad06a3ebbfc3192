/// Where a request came in (渠道).
public enum Channel: String, Sendable, Codable, CaseIterable {
    case hotline12345
    case app
    case secretaryMailbox
    case onlineInquiry
    case onlinePetition
    case opinionLine
    case gridPatrol
    case walkIn
    case videoAlert
    /// Filed by a machine client through the Open311 GeoReport v2 interface (`/open311/v2`).
    case open311

    public var nameZh: String {
        switch self {
        case .hotline12345: return "12345热线"
        case .app: return "济时办App"
        case .secretaryMailbox: return "书记信箱"
        case .onlineInquiry: return "网络问政"
        case .onlinePetition: return "阳光信访"
        case .opinionLine: return "民意“5”来听"
        case .gridPatrol: return "网格上报"
        case .walkIn: return "来访"
        case .videoAlert: return "视频/物联告警"
        case .open311: return "Open311接口"
        }
    }
}

/// What kind of request it is (诉求类型).
public enum RequestKind: String, Sendable, Codable, CaseIterable {
    case enquiry
    case help
    case complaint
    case report
    case suggestion
    case praise

    public var nameZh: String {
        switch self {
        case .enquiry: return "咨询"
        case .help: return "求助"
        case .complaint: return "投诉"
        case .report: return "举报"
        case .suggestion: return "建议"
        case .praise: return "表扬"
        }
    }
}

/// The resident's satisfaction at the follow-up call (回访).
public enum Satisfaction: String, Sendable, Codable, CaseIterable {
    case satisfied
    case basicallySatisfied
    case unsatisfied
    /// The resident could not be reached.
    case unreachable

    public var nameZh: String {
        switch self {
        case .satisfied: return "满意"
        case .basicallySatisfied: return "基本满意"
        case .unsatisfied: return "不满意"
        case .unreachable: return "未接通"
        }
    }
}

/// The result of a follow-up call.
public struct FollowUpResult: Hashable, Sendable, Codable {
    public var resolved: Bool?
    public var satisfaction: Satisfaction

    public init(resolved: Bool?, satisfaction: Satisfaction) {
        self.resolved = resolved
        self.satisfaction = satisfaction
    }

    /// Unresolved or unsatisfied orders go back for redo instead of closing.
    public var requiresRedo: Bool {
        satisfaction == .unsatisfied || (satisfaction != .unreachable && resolved == false)
    }
}
