/// A leader's reception day (领导接访日): scheduled, changed while it is upcoming (time, place,
/// capacity, leader), or cancelled — which cancels every booking still holding a place.
public enum ReceptionDayState: String, Sendable, CaseIterable, Codable {
    case scheduled, cancelled
}

public enum ReceptionDayAction: String, Sendable, CaseIterable, Codable {
    case change, cancel
}

public enum ReceptionDays {
    /// The one table of reception-day states.
    public static let table = TransitionTable<ReceptionDayState, ReceptionDayAction>(record: "reception day", [
        (.scheduled, .change, .scheduled),
        (.scheduled, .cancel, .cancelled),
    ])
}
