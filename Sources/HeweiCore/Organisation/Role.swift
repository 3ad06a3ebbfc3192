/// Who a user is in the centre (DOMAIN.md §4). Roles decide which actions a user may take; the
/// user's unit decides which records they may see.
public enum Role: String, Sendable, Codable, CaseIterable {
    case resident
    case intakeClerk
    case dispatcher
    case unitHandler
    case gridWorker
    case mediator
    case petitionStaff
    case supervisor
    case followUpAgent
    case leader
    case systemAdmin
    case securityAdmin
    case auditor

    public var nameZh: String {
        switch self {
        case .resident: return "群众"
        case .intakeClerk: return "话务受理员"
        case .dispatcher: return "派单员"
        case .unitHandler: return "承办人员"
        case .gridWorker: return "网格员"
        case .mediator: return "调解员"
        case .petitionStaff: return "信访工作人员"
        case .supervisor: return "督查员"
        case .followUpAgent: return "回访员"
        case .leader: return "领导"
        case .systemAdmin: return "系统管理员"
        case .securityAdmin: return "安全管理员"
        case .auditor: return "审计员"
        }
    }

    /// Roles that take part in the work-order loop and so may read orders in their scope.
    public var readsOrders: Bool {
        switch self {
        case .intakeClerk, .dispatcher, .unitHandler, .gridWorker, .supervisor, .followUpAgent, .leader: return true
        default: return false
        }
    }
}

/// Which roles may perform which order action. The unit handler may act only on orders whose
/// current lead unit is their own; that check is made by the server with the order at hand.
public enum OrderPermissions {
    public static func roles(for action: OrderAction) -> Set<Role> {
        switch action {
        case .accept: return [.intakeClerk, .dispatcher, .gridWorker]
        case .answerAtOnce: return [.intakeClerk, .dispatcher]
        case .dispatch:
            // 12345 operators dispatch straight from the call (直派) as well as dispatchers.
            return [.dispatcher, .intakeClerk]
        case .reassign, .approveObjection, .amend, .rejectObjection, .approveExtension, .rejectExtension,
             .close, .redo, .suspend, .resume:
            return [.dispatcher]
        case .signFor, .object, .requestExtension, .report: return [.unitHandler]
        case .reply: return [.dispatcher, .unitHandler]
        case .recordFollowUp: return [.followUpAgent, .dispatcher]
        case .supervise: return [.supervisor]
        case .recomputeDeadlines: return []
        // The resident rates on the portal (as the portal's own principal), never a staff role.
        case .rate: return []
        case .publish: return [.dispatcher]
        case .residentUpdate: return []
        case .pool, .addAssisting, .waiveAssist, .merge, .unmerge: return [.dispatcher]
        case .claim, .assistSignFor, .assistReport: return [.unitHandler]
        case .escalate, .respondSupervision: return [.dispatcher, .unitHandler]
        case .followUpAttempt: return [.followUpAgent, .dispatcher]
        }
    }

    /// Actions a unit handler may take only on their own unit's orders.
    public static let unitBound: Set<OrderAction> = [.signFor, .object, .requestExtension, .report, .reply, .escalate]

    /// Who may add photos and documents to an order they can see (the staff who work it).
    public static let attachRoles: Set<Role> = [.intakeClerk, .dispatcher, .unitHandler, .gridWorker]

    public static func may(_ role: Role, _ action: OrderAction) -> Bool { roles(for: action).contains(role) }
}
