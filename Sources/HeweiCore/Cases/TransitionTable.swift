/// An explicit transition table for a record type with string-named states and actions (mediation
/// cases, petitions, reception bookings, walk-in visits): `(state, action) → next state`. The server
/// asks it before every change; an action not in the table for the current state is refused with
/// the current state and the actions that are allowed there.
public struct TransitionTable<State: RawRepresentable & Hashable & Sendable, Action: RawRepresentable & Hashable & Sendable>: Sendable
where State.RawValue == String, Action.RawValue == String {
    public let record: String
    public let rows: [(from: State, action: Action, to: State)]

    public init(record: String, _ rows: [(from: State, action: Action, to: State)]) {
        self.record = record
        self.rows = rows
    }

    /// The state `action` leads to from `state`, or the refusal.
    public func next(from state: State, on action: Action) throws(RecordTransitionError) -> State {
        if let row = rows.first(where: { $0.from == state && $0.action == action }) { return row.to }
        throw RecordTransitionError(record: record, state: state.rawValue, action: action.rawValue,
                                    allowed: allowed(from: state).map(\.rawValue))
    }

    /// The actions allowed in `state`, in table order, without repeats.
    public func allowed(from state: State) -> [Action] {
        var seen: Set<Action> = []
        return rows.filter { $0.from == state }.map(\.action).filter { seen.insert($0).inserted }
    }

    /// Every state that appears in the table.
    public var states: Set<State> { Set(rows.flatMap { [$0.from, $0.to] }) }
}

/// An action refused in the current state of a case record (HTTP 409).
public struct RecordTransitionError: Error, Sendable, Equatable {
    public let record: String
    public let state: String
    public let action: String
    public let allowed: [String]

    public var reason: String {
        "'\(action)' is not allowed on a \(record) in state '\(state)'; allowed: [\(allowed.joined(separator: ", "))]"
    }
}
