/// A resident's booking on a leader's reception day (领导接访): booked, then cancelled before the
/// day, or on the day answered on the spot, referred into a work order / petition / mediation case,
/// or recorded as not having come.
public enum ReceptionBookingState: String, Sendable, CaseIterable, Codable {
    case booked, cancelled, answered, referred, noShow
}

/// What staff do to a booking. `answer` and the three `refer…` actions are the outcome of the day.
public enum ReceptionBookingAction: String, Sendable, CaseIterable, Codable {
    case cancel, answer, referToOrder, referToPetition, referToMediation, noShow
}

/// The kinds of outcome recorded on the day, and the action each one is.
public enum ReceptionOutcome: String, Sendable, CaseIterable, Codable {
    case answered, order, petition, mediation, noShow

    public var action: ReceptionBookingAction {
        switch self {
        case .answered: return .answer
        case .order: return .referToOrder
        case .petition: return .referToPetition
        case .mediation: return .referToMediation
        case .noShow: return .noShow
        }
    }
}

public enum ReceptionBookings {
    /// The one table of booking states.
    public static let table = TransitionTable<ReceptionBookingState, ReceptionBookingAction>(record: "reception booking", [
        (.booked, .cancel, .cancelled),
        (.booked, .answer, .answered),
        (.booked, .referToOrder, .referred),
        (.booked, .referToPetition, .referred),
        (.booked, .referToMediation, .referred),
        (.booked, .noShow, .noShow),
    ])

    /// States that hold a place within the day's capacity.
    public static func holdsPlace(_ state: ReceptionBookingState) -> Bool { state != .cancelled }
}
