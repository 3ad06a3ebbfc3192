/// Risk early warnings (风险预警, issue 7): what raised them, their states and the one table of
/// legal changes. A warning is raised, acknowledged (someone owns it) and handled, each with a
/// note; it is never deleted.
public enum RiskWarningKind: String, Sendable, Codable, CaseIterable {
    /// Extreme-risk words in a request's text (self-harm, violence, gatherings, wage arrears…).
    case extremeWords
    /// A town × category whose count in the last window is improbably high against its baseline.
    case spike
    /// The same requester phone many times in a few days.
    case repeatCaller
    /// A requester left unsatisfied after follow-up who comes back with a new complaint.
    case escalationRisk
    /// A unit whose overdue count rose against the week before.
    case overdueRising
}

public enum RiskWarningState: String, Sendable, Codable, CaseIterable {
    case raised, acknowledged, handled
}

public enum RiskWarningAction: String, Sendable, Codable, CaseIterable {
    case acknowledge, handle
}

public enum RiskWarningLifecycle {
    /// raised → acknowledged → handled; a raised warning may also be handled at once.
    public static let table = TransitionTable<RiskWarningState, RiskWarningAction>(record: "risk warning", [
        (.raised, .acknowledge, .acknowledged),
        (.raised, .handle, .handled),
        (.acknowledged, .handle, .handled),
    ])
}
