import Fluent
import Foundation
import HeweiCore
import Vapor

/// The application's shared services, made once in `configure`.
public final class HeweiContext: Sendable {
    public let options: HeweiOptions
    public let rules: RulesStore
    public let org: OrgDirectory
    public let gate: WriteGate
    public let metrics: HeweiMetrics
    public let grid = GridStore()
    public let routing = RoutingStore()
    public let principals = PrincipalCache()
    public let categories = CategoryDirectory()
    public let channels = ChannelDirectory()
    /// Risk early-warning rules (issue 7).
    public let risk = RiskRulesStore()
    /// The trained dispatch-suggestion model (issue 7).
    public let dispatch = DispatchModelStore()
    // Issue 7 (dispatch): the trained suggestion model
    public let audit: AuditLog
    /// Seals ID numbers at rest.
    public let cipher: FieldCipher
    /// Sends residents' notifications from the outbox (`HEWEI_NOTIFY`; the log adapter by default).
    public let notifier: any NotificationAdapter
    /// Sign-in and public endpoints: attempts per client address.
    let loginLimiter = RateLimiter(capacity: 10, perSecond: 10.0 / 60)
    let publicLimiter = RateLimiter(capacity: 60, perSecond: 1)

    init(options: HeweiOptions, rules: Rules, gate: WriteGate, metrics: HeweiMetrics, cipher: FieldCipher) {
        self.options = options
        self.cipher = cipher
        self.audit = AuditLog(anchorFile: options.auditAnchorFile)
        self.rules = RulesStore(rules)
        self.org = OrgDirectory()
        self.gate = gate
        self.metrics = metrics
        self.notifier = options.notifier
    }

    public var clock: any HeweiClock { options.clock }

    func workflow(on db: any Database) -> OrderWorkflow {
        OrderWorkflow(db: db, gate: gate, rules: rules.current, org: org, now: clock.now(), grid: grid.current,
                      routes: routing.current, categories: categories,
                      notifications: NotificationOutbox.Settings(cipher: cipher, channel: notifier.channel), channels: channels,
                      riskWords: risk.current.riskWords)
    }

    func sweeper(on db: any Database, logger: Logger) -> DeadlineSweeper {
        DeadlineSweeper(db: db, gate: gate, rules: rules.current, org: org, logger: logger,
                        grid: grid.current, routes: routing.current, categories: categories, risk: risk)
    }

    /// The outbox's delivery; tests pass their own adapter.
    func delivery(on db: any Database, logger: Logger, adapter: (any NotificationAdapter)? = nil) -> NotificationDelivery {
        NotificationDelivery(db: db, gate: gate, cipher: cipher, adapter: adapter ?? notifier, logger: logger)
    }
}

extension Application {
    private struct ContextKey: StorageKey { typealias Value = HeweiContext }

    public var hewei: HeweiContext {
        get {
            guard let value = storage[ContextKey.self] else { fatalError("configure(_:options:) has not run") }
            return value
        }
        set { storage[ContextKey.self] = newValue }
    }
}

extension Request {
    var hewei: HeweiContext { application.hewei }
}
