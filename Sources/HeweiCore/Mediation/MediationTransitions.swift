/// The states of a people's-mediation case.
public enum MediationState: String, Sendable, Codable, CaseIterable {
    /// Registered; waiting for a party's consent (自愿原则).
    case awaitingConsent
    /// Both parties consented; the case is accepted (受理) and waits for a room, team and mediators.
    case accepted
    /// A room, team and mediators are assigned.
    case assigned
    /// At least one session has been held.
    case inMediation
    /// An agreement (written or recorded oral) was reached.
    case settled
    /// Mediation failed; the parties were advised of litigation, arbitration or the administrative route.
    case failed
    /// A party refused mediation: no mediation takes place.
    case declined
    /// Closed (结案) after settlement and follow-up, or after failure.
    case closed

    public var zh: String {
        switch self {
        case .awaitingConsent: return "待征得同意"
        case .accepted: return "已受理"
        case .assigned: return "已指派"
        case .inMediation: return "调解中"
        case .settled: return "达成协议"
        case .failed: return "调解不成"
        case .declined: return "当事人不同意调解"
        case .closed: return "已结案"
        }
    }

    public var isOpen: Bool { ![.settled, .failed, .declined, .closed].contains(self) }
}

/// What can be done to a mediation case.
public enum MediationAction: String, Sendable, Codable, CaseIterable {
    case open, consent, decline, assign, recordSession, escalate, convene, conclude, settle, fail
    case applyConfirmation, recordConfirmation, followUp, close
}

/// The one table of legal mediation transitions: `(state, action) → next state`.
public enum MediationTransitions {
    public static let table = TransitionTable<MediationState, MediationAction>(record: "mediation case", [
        (.awaitingConsent, .consent, .accepted),
        (.awaitingConsent, .decline, .declined),
        (.accepted, .assign, .assigned),
        (.accepted, .decline, .declined),
        (.accepted, .escalate, .accepted),
        (.accepted, .convene, .accepted),
        (.accepted, .conclude, .accepted),
        (.assigned, .assign, .assigned),
        (.assigned, .recordSession, .inMediation),
        (.assigned, .escalate, .accepted),
        (.assigned, .convene, .assigned),
        (.assigned, .conclude, .assigned),
        (.assigned, .decline, .declined),
        (.inMediation, .recordSession, .inMediation),
        (.inMediation, .assign, .inMediation),
        (.inMediation, .escalate, .accepted),
        (.inMediation, .convene, .inMediation),
        (.inMediation, .conclude, .inMediation),
        (.inMediation, .settle, .settled),
        (.inMediation, .fail, .failed),
        (.settled, .applyConfirmation, .settled),
        (.settled, .recordConfirmation, .settled),
        (.settled, .followUp, .settled),
        (.settled, .close, .closed),
        (.failed, .close, .closed),
    ])
}
