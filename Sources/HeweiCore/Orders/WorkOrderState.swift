/// Where a work order stands in the closed loop 受理→派单→签收→办理→反馈→回复→回访→办结.
public enum WorkOrderState: String, Sendable, Codable, CaseIterable {
    case accepted
    /// In the claim pool (抢单池): eligible units may claim it; the first claim wins.
    case pooled
    case dispatched
    case objectionPending
    case handling
    case extensionPending
    case reported
    case replied
    case followedUp
    case closed
    /// Merged under a parent order (并单): handled there; answered and followed up with the parent's reply.
    case merged

    public var isOpen: Bool { self != .closed }

    public var nameZh: String {
        switch self {
        case .accepted: return "已受理"
        case .dispatched: return "待签收"
        case .objectionPending: return "异议审核"
        case .handling: return "办理中"
        case .extensionPending: return "延期审核"
        case .reported: return "已反馈"
        case .replied: return "待回访"
        case .followedUp: return "已回访"
        case .closed: return "已办结"
        case .pooled: return "抢单池"
        case .merged: return "已并单"
        }
    }

    public var nameEn: String {
        switch self {
        case .accepted: return "Accepted"
        case .dispatched: return "Awaiting sign-for"
        case .objectionPending: return "Objection under review"
        case .handling: return "Handling"
        case .extensionPending: return "Extension under review"
        case .reported: return "Reported"
        case .replied: return "Awaiting follow-up"
        case .followedUp: return "Followed up"
        case .closed: return "Closed"
        case .pooled: return "In the claim pool"
        case .merged: return "Merged into another order"
        }
    }
}
