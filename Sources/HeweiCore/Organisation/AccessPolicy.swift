/// The kinds of record and the operations on them that access is decided for. The server asks
/// `AccessPolicy` before anything else; the caller's place (unit, cells) then narrows what they
/// reach (see the server's `Access`). Work-order actions have their own table, `OrderPermissions`.
public enum Resource: String, Sendable, CaseIterable, Codable {
    /// Work orders: list, read, export, create (intake), reveal the requester's contact.
    case orders
    /// Reference data: units, categories, calendar, time limits, grid cells and map, routing rules.
    case reference
    /// Working calendar, time limits, routing rules, the grid itself: change.
    case configuration
    /// The log of configuration changes.
    case configChanges
    /// Grid base data (人房事物组织).
    case baseData
    /// Grid patrols and their findings.
    case patrols
    /// Which grid worker looks after which cell.
    case gridAssignments
    /// Accounts and their roles.
    case users
    /// Bearer tokens for machine clients.
    case tokens
    /// The tamper-evident audit trail.
    case audit
    /// Unit evaluation (考核) and the figures: KPIs of units and areas, rankings, hotspots, the dashboard, briefings.
    case evaluation
    /// People's mediation (人民调解): cases, sessions, agreements, consultations, figures.
    case mediation
    /// Petitions (信访). `reveal` is the petitioner's identity and accusation material (need-to-know).
    case petitions
    /// Leader reception (领导接访): reception days and residents' bookings.
    case reception
    /// The walk-in hall (只进一扇门): visitors, queue numbers, calling, triage.
    case hall
    /// Risk early warnings (风险预警): list, read, acknowledge and handle.
    case riskWarnings
}

public enum AccessOperation: String, Sendable, CaseIterable, Codable {
    case list, read, export, create, change, reveal, verify
}

/// Which roles may do what to which kind of record: the one table behind every route, page and
/// export. Separation of duties (等保 2.0): the system administrator changes configuration but can
/// neither grant roles nor read the audit trail; the security administrator manages accounts and
/// tokens and changes nothing else (it reads reference data: accounts belong to units); the
/// auditor reads the audit trail (and the configuration-change log) and nothing else.
public enum AccessPolicy {
    static let staffWorkingOrders: Set<Role> = [.intakeClerk, .dispatcher, .unitHandler, .gridWorker, .supervisor, .followUpAgent, .leader]
    static let everyStaff: Set<Role> = Set(Role.allCases).subtracting([.resident, .auditor])

    public static func roles(_ resource: Resource, _ operation: AccessOperation) -> Set<Role> {
        switch (resource, operation) {
        case (.orders, .list), (.orders, .read): return staffWorkingOrders
        case (.orders, .export): return [.dispatcher, .supervisor, .leader]
        case (.orders, .create): return [.intakeClerk, .dispatcher, .gridWorker]
        // Those who must call the requester back: to register, dispatch, handle, follow up.
        case (.orders, .reveal): return [.intakeClerk, .dispatcher, .unitHandler, .followUpAgent]

        case (.reference, .list), (.reference, .read): return everyStaff
        case (.configuration, .change): return [.systemAdmin]
        case (.configChanges, .list): return [.systemAdmin, .auditor, .supervisor, .leader]

        case (.baseData, .list), (.baseData, .read): return [.gridWorker, .dispatcher, .supervisor, .leader]
        case (.baseData, .create): return [.gridWorker, .systemAdmin]
        case (.baseData, .change): return [.gridWorker]
        case (.baseData, .reveal): return [.gridWorker]

        case (.patrols, .list), (.patrols, .read): return [.gridWorker, .dispatcher, .supervisor, .leader]
        case (.patrols, .create), (.patrols, .change): return [.gridWorker]

        case (.gridAssignments, .list): return [.systemAdmin, .dispatcher, .supervisor, .leader, .gridWorker]
        case (.gridAssignments, .create), (.gridAssignments, .change): return [.systemAdmin, .dispatcher]

        case (.users, .list), (.users, .read), (.users, .create), (.users, .change): return [.securityAdmin]
        case (.tokens, .list), (.tokens, .create), (.tokens, .change): return [.securityAdmin]

        case (.audit, .list), (.audit, .verify): return [.auditor]
        case (.evaluation, .list), (.evaluation, .export): return [.dispatcher, .supervisor, .leader]

        case (.mediation, .list), (.mediation, .read): return [.mediator, .supervisor, .leader, .petitionStaff]
        case (.mediation, .create): return [.mediator, .intakeClerk, .dispatcher, .gridWorker, .petitionStaff]
        case (.mediation, .change), (.mediation, .reveal): return [.mediator]
        case (.mediation, .export): return [.mediator, .supervisor, .leader]

        // A unit handler sees only petitions assigned to their unit, never the petitioner, and never
        // an accusation against their own unit (the server's PetitionScope).
        case (.petitions, .list), (.petitions, .read): return [.petitionStaff, .unitHandler, .supervisor, .leader]
        case (.petitions, .create): return [.petitionStaff, .intakeClerk]
        case (.petitions, .change): return [.petitionStaff, .unitHandler]
        case (.petitions, .reveal): return [.petitionStaff]
        case (.petitions, .export): return [.petitionStaff, .leader]

        case (.reception, .list), (.reception, .read): return [.leader, .petitionStaff, .intakeClerk, .dispatcher]
        case (.reception, .create): return [.petitionStaff, .intakeClerk]
        case (.reception, .change): return [.petitionStaff, .leader]

        case (.hall, .list), (.hall, .read): return [.intakeClerk, .petitionStaff, .mediator, .dispatcher]
        case (.hall, .create): return [.intakeClerk]
        case (.hall, .change): return [.intakeClerk, .petitionStaff, .mediator, .dispatcher]

        case (.riskWarnings, .list), (.riskWarnings, .read), (.riskWarnings, .change): return [.leader, .supervisor, .dispatcher]
        default: return []
        }
    }

    public static func may(_ role: Role, _ operation: AccessOperation, _ resource: Resource) -> Bool {
        roles(resource, operation).contains(role)
    }

    /// The token scope an operation needs: `orders:read`, `orders:write`, `orders:reveal`, …
    /// A bearer token for a machine client carries a list of these; a signed-in user has them all.
    public static func tokenScope(_ resource: Resource, _ operation: AccessOperation) -> String {
        switch operation {
        case .list, .read, .export, .verify: return "\(resource.rawValue):read"
        case .create, .change: return "\(resource.rawValue):write"
        case .reveal: return "\(resource.rawValue):reveal"
        }
    }

    /// Every scope a token may be given.
    public static var allTokenScopes: [String] {
        Resource.allCases.flatMap { r in ["read", "write", "reveal"].map { "\(r.rawValue):\($0)" } }
            .filter { scope in Resource.allCases.contains { r in AccessOperation.allCases.contains { o in
                tokenScope(r, o) == scope && !roles(r, o).isEmpty } } }
    }
}
