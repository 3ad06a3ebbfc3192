/// Which clock a deadline row belongs to.
public enum ClockKind: String, Sendable, Codable, CaseIterable {
    case signFor
    case objection
    case handling
    case followUp
    case supervision
    /// How long an order stays in the claim pool before the rules dispatch it.
    case claim
    /// An assisting unit's sign-for (joint handling).
    case assistSignFor
    /// An assisting unit's report to the lead unit (joint handling).
    case assistHandling
}

/// How urgent a work order is; each level has its own sign-for and handling limits.
public enum Urgency: String, Sendable, Codable, CaseIterable {
    /// General orders (Shandong default: 5 working days).
    case general
    /// Water, power, gas, heating and similar (default 24 hours).
    case urgent
    /// Life and safety (default 2 hours).
    case critical
}

/// The deployment's time limits. Every number is data (see Defaults/policy.yaml), not code.
public struct TimeLimitPolicy: Hashable, Sendable, Codable {
    public struct Limits: Hashable, Sendable, Codable {
        public var signFor: TimeLimit
        public var handling: TimeLimit
        public init(signFor: TimeLimit, handling: TimeLimit) {
            self.signFor = signFor
            self.handling = handling
        }
    }

    /// Qufu's "八小时异议" (8 natural hours); Shandong's provincial rule is 2 working days.
    public var objectionWindow: TimeLimit
    public var general: Limits
    public var urgent: Limits
    public var critical: Limits
    /// The most an extension may add in total (default 10 working days).
    public var extensionMaximum: TimeLimit
    /// From the reply to the resident until the follow-up call is due.
    public var followUp: TimeLimit
    /// How long a unit has to respond to a supervision notice.
    public var supervisionResponse: TimeLimit
    public var warning: WarningRule
    /// How long an order stays in the claim pool (抢单) before the rules dispatch it.
    public var claimWindow: TimeLimit = TimeLimitPolicy.defaultClaimWindow
    /// How many unanswered follow-up calls before the requester counts as unreachable.
    public var followUpAttempts: Int = TimeLimitPolicy.defaultFollowUpAttempts

    public static let defaultClaimWindow = TimeLimit.workingHours(2)
    public static let defaultFollowUpAttempts = 3

    public init(objectionWindow: TimeLimit, general: Limits, urgent: Limits, critical: Limits,
                extensionMaximum: TimeLimit, followUp: TimeLimit, supervisionResponse: TimeLimit, warning: WarningRule) {
        self.objectionWindow = objectionWindow
        self.general = general
        self.urgent = urgent
        self.critical = critical
        self.extensionMaximum = extensionMaximum
        self.followUp = followUp
        self.supervisionResponse = supervisionResponse
        self.warning = warning
    }

    enum CodingKeys: String, CodingKey {
        case objectionWindow, general, urgent, critical, extensionMaximum, followUp, supervisionResponse, warning
        case claimWindow, followUpAttempts
    }

    /// The two later additions may be absent from older policy files and requests: they take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        objectionWindow = try c.decode(TimeLimit.self, forKey: .objectionWindow)
        general = try c.decode(Limits.self, forKey: .general)
        urgent = try c.decode(Limits.self, forKey: .urgent)
        critical = try c.decode(Limits.self, forKey: .critical)
        extensionMaximum = try c.decode(TimeLimit.self, forKey: .extensionMaximum)
        followUp = try c.decode(TimeLimit.self, forKey: .followUp)
        supervisionResponse = try c.decode(TimeLimit.self, forKey: .supervisionResponse)
        warning = try c.decode(WarningRule.self, forKey: .warning)
        claimWindow = try c.decodeIfPresent(TimeLimit.self, forKey: .claimWindow) ?? Self.defaultClaimWindow
        followUpAttempts = try c.decodeIfPresent(Int.self, forKey: .followUpAttempts) ?? Self.defaultFollowUpAttempts
    }

    /// Shandong provincial defaults with Qufu's 8-hour objection window.
    public static let standard = TimeLimitPolicy(
        objectionWindow: .hours(8),
        general: .init(signFor: .workingHours(2), handling: .workingDays(5)),
        urgent: .init(signFor: .minutes(30), handling: .hours(24)),
        critical: .init(signFor: .minutes(10), handling: .hours(2)),
        extensionMaximum: .workingDays(10),
        followUp: .workingDays(3),
        supervisionResponse: .workingDays(1),
        warning: WarningRule())

    public func limits(for urgency: Urgency) -> Limits {
        switch urgency {
        case .general: return general
        case .urgent: return urgent
        case .critical: return critical
        }
    }
}
