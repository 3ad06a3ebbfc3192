/// A visitor in the walk-in hall (只进一扇门): registered at the front desk with a queue number,
/// waiting, called to a counter, served, then triaged — or gone before being served.
public enum HallVisitState: String, Sendable, CaseIterable, Codable {
    case waiting, called, serving, triaged, noShow, left
}

public enum HallVisitAction: String, Sendable, CaseIterable, Codable {
    /// Called to a counter (through call-next).
    case call
    case serve, triage, noShow, leave
}

/// Where a served visit goes: answered at the counter, or into a work order, petition or mediation case.
public enum HallTriage: String, Sendable, CaseIterable, Codable {
    case answered, order, petition, mediation
}

public enum HallVisits {
    /// The one table of visit states.
    public static let table = TransitionTable<HallVisitState, HallVisitAction>(record: "hall visit", [
        (.waiting, .call, .called),
        (.waiting, .leave, .left),
        (.called, .serve, .serving),
        (.called, .noShow, .noShow),
        (.called, .leave, .left),
        (.serving, .triage, .triaged),
        (.serving, .leave, .left),
    ])
}

/// A queue number: the area's letter and the day's sequence, at least three digits (A001, A002 … A1000).
public struct QueueNumber: Hashable, Sendable, CustomStringConvertible {
    public let prefix: String
    public let sequence: Int

    public init(prefix: String, sequence: Int) {
        self.prefix = prefix
        self.sequence = sequence
    }

    public var description: String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
