/// The one transition table of a work order. The server asks it before every action; nothing else
/// decides which actions are legal in which state.
public enum WorkOrderTransitions {
    /// What an action does from a state: the next state, or `nil` when it is not allowed there.
    /// `accept` is the intake itself and has no "from" state.
    public static let table: [WorkOrderState: [OrderAction: WorkOrderState]] = [
        .accepted: [
            .residentUpdate: .accepted,
            .answerAtOnce: .closed,
            .dispatch: .dispatched,
            .pool: .pooled,
            .supervise: .accepted,
            .amend: .accepted,
            .merge: .merged,
            .respondSupervision: .accepted,
        ],
        .pooled: [
            .residentUpdate: .pooled,
            .claim: .handling,
            // A dispatcher takes it out of the pool, or the pool's time runs out (dispatched by the rules).
            .dispatch: .dispatched,
            .supervise: .pooled,
            .respondSupervision: .pooled,
        ],
        .dispatched: [
            .residentUpdate: .dispatched,
            .signFor: .handling,
            .object: .objectionPending,
            .reassign: .dispatched,
            .supervise: .dispatched,
            .suspend: .dispatched,
            .amend: .dispatched,
            .addAssisting: .dispatched,
            .assistSignFor: .dispatched,
            .assistReport: .dispatched,
            .waiveAssist: .dispatched,
            .escalate: .dispatched,
            .respondSupervision: .dispatched,
            .merge: .merged,
        ],
        .objectionPending: [
            .residentUpdate: .objectionPending,
            .approveObjection: .dispatched,
            .rejectObjection: .handling,
            .supervise: .objectionPending,
            .assistSignFor: .objectionPending,
            .assistReport: .objectionPending,
            .waiveAssist: .objectionPending,
            .respondSupervision: .objectionPending,
        ],
        .handling: [
            .residentUpdate: .handling,
            .object: .objectionPending,
            .requestExtension: .extensionPending,
            .report: .reported,
            .supervise: .handling,
            .suspend: .handling,
            .addAssisting: .handling,
            .assistSignFor: .handling,
            .assistReport: .handling,
            .waiveAssist: .handling,
            .escalate: .handling,
            .respondSupervision: .handling,
            .merge: .merged,
        ],
        .extensionPending: [
            .residentUpdate: .extensionPending,
            .approveExtension: .handling,
            .rejectExtension: .handling,
            .supervise: .extensionPending,
            .assistSignFor: .extensionPending,
            .assistReport: .extensionPending,
            .waiveAssist: .extensionPending,
            .respondSupervision: .extensionPending,
        ],
        .reported: [
            .residentUpdate: .reported,
            .reply: .replied,
            .redo: .dispatched,
            .supervise: .reported,
            .respondSupervision: .reported,
        ],
        .replied: [
            .residentUpdate: .replied,
            .recordFollowUp: .followedUp,
            .followUpAttempt: .replied,
            .close: .closed,
            .supervise: .replied,
            .respondSupervision: .replied,
            // The resident's rating on the portal (群众评价) records an event and changes nothing.
            .rate: .replied,
            .publish: .replied,
        ],
        .followedUp: [
            .residentUpdate: .followedUp,
            .close: .closed,
            .redo: .dispatched,
            .supervise: .followedUp,
            .respondSupervision: .followedUp,
            .rate: .followedUp,
            .publish: .followedUp,
        ],
        .merged: [
            .residentUpdate: .merged,
            // The parent's reply answers every merged requester; each is then followed up on its own.
            .reply: .replied,
            .unmerge: .accepted,
            .supervise: .merged,
            .respondSupervision: .merged,
        ],
        // Closed is final: the only thing still recorded is the resident's rating.
        // The resident's rating and publishing the answer to a letter are the events still recorded here.
        .closed: [.rate: .closed, .publish: .closed, .residentUpdate: .closed],
    ]

    /// While a clock is suspended (挂起) only these may happen.
    public static let whileSuspended: [OrderAction] = [.resume, .supervise, .respondSupervision, .residentUpdate]

    /// The actions allowed now, in a stable order (the order of `OrderAction.allCases`).
    public static func allowedActions(from state: WorkOrderState, suspended: Bool = false) -> [OrderAction] {
        if suspended {
            return OrderAction.allCases.filter { whileSuspended.contains($0) }
        }
        let row = table[state] ?? [:]
        return OrderAction.allCases.filter { row[$0] != nil }
    }

    /// The next state, or an error naming the current state and what is allowed.
    public static func next(from state: WorkOrderState, suspended: Bool = false, on action: OrderAction) throws(IllegalTransition) -> WorkOrderState {
        if suspended {
            guard whileSuspended.contains(action) else {
                throw IllegalTransition(state: state, suspended: true, action: action,
                                        allowed: allowedActions(from: state, suspended: true))
            }
            return state
        }
        guard let target = table[state]?[action] else {
            throw IllegalTransition(state: state, suspended: false, action: action, allowed: allowedActions(from: state))
        }
        return target
    }
}

/// An action that the transition table does not allow in the current state.
public struct IllegalTransition: Error, Sendable, Equatable {
    public let state: WorkOrderState
    public let suspended: Bool
    public let action: OrderAction
    public let allowed: [OrderAction]

    public var reason: String {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        let where_ = suspended ? "state '\(state.rawValue)' (clock suspended)" : "state '\(state.rawValue)'"
        return "'\(action.rawValue)' is not allowed in \(where_); allowed: [\(list)]"
    }
}
