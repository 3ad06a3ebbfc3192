/// The traffic light of a clock: green while there is time, yellow shortly before the deadline,
/// red once it has passed.
public enum Light: String, Sendable, Codable, CaseIterable, Comparable {
    case green
    case yellow
    case red

    private var rank: Int {
        switch self {
        case .green: return 0
        case .yellow: return 1
        case .red: return 2
        }
    }

    public static func < (a: Light, b: Light) -> Bool { a.rank < b.rank }
}

/// When the yellow light comes on: `before` the deadline, but never earlier than `fraction` of the
/// whole limit before it (so that a 2-hour urgent clock is not yellow from the start).
public struct WarningRule: Hashable, Sendable, Codable {
    public var before: TimeLimit
    public var fraction: Double

    public init(before: TimeLimit = .workingDays(1), fraction: Double = 0.25) {
        self.before = before
        self.fraction = fraction
    }

    /// Lead time in the clock's own measure.
    func lead(forBudget budget: Double, limit: TimeLimit, on calendar: WorkCalendar) -> Double {
        let share = max(0, min(1, fraction)) * budget
        guard before.isWorking == limit.isWorking else { return share }
        return min(before.seconds(on: calendar), share)
    }
}
