import Foundation

/// The counters one rollup row keeps. Flows (intake, clocks, follow-ups) are counted in the day
/// or month they happened; `RollupGauges` keep what is open right now.
///
/// The KPIs of DOMAIN.md are ratios of these counters, so a period's KPI is the ratio of the
/// period's sums — never an average of daily rates.
public struct RollupMeasures: Hashable, Sendable, Codable {
    /// Orders registered.
    public var intake = 0
    /// Sign-for clocks started (每次派单一个签收时限).
    public var dispatched = 0
    /// … of which signed for within the limit.
    public var signedOnTime = 0
    /// Handling clocks that came due: finished (in time or late), or still open and red.
    public var due = 0
    /// … of which finished within the limit (including an approved extension).
    public var closedOnTime = 0
    /// Follow-up calls recorded (reachable or not).
    public var followedUp = 0
    /// … the resident said the matter is resolved.
    public var resolved = 0
    /// … the resident was reached (satisfaction other than `unreachable`).
    public var reached = 0
    /// … satisfied or basically satisfied.
    public var satisfied = 0

    public init() {}

    public static let columns = ["intake", "dispatched", "signed_on_time", "due", "closed_on_time",
                                 "followed_up", "resolved", "reached", "satisfied"]

    public var values: [Int] { [intake, dispatched, signedOnTime, due, closedOnTime, followedUp, resolved, reached, satisfied] }

    public init(values v: [Int]) {
        precondition(v.count == Self.columns.count)
        (intake, dispatched, signedOnTime, due, closedOnTime) = (v[0], v[1], v[2], v[3], v[4])
        (followedUp, resolved, reached, satisfied) = (v[5], v[6], v[7], v[8])
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (a: RollupMeasures, b: RollupMeasures) -> RollupMeasures {
        RollupMeasures(values: zip(a.values, b.values).map { $0 + $1 })
    }

    public static func - (a: RollupMeasures, b: RollupMeasures) -> RollupMeasures {
        RollupMeasures(values: zip(a.values, b.values).map { $0 - $1 })
    }

    public static func += (a: inout RollupMeasures, b: RollupMeasures) { a = a + b }
}

/// What is open now in an area: the backlog and its lights.
public struct RollupGauges: Hashable, Sendable, Codable {
    public var open = 0
    public var yellow = 0
    public var red = 0

    public init(open: Int = 0, yellow: Int = 0, red: Int = 0) {
        self.open = open
        self.yellow = yellow
        self.red = red
    }

    public static let columns = ["open_count", "yellow", "red"]
    public var values: [Int] { [open, yellow, red] }
    public var isZero: Bool { open == 0 && yellow == 0 && red == 0 }

    public static func + (a: RollupGauges, b: RollupGauges) -> RollupGauges {
        RollupGauges(open: a.open + b.open, yellow: a.yellow + b.yellow, red: a.red + b.red)
    }

    public static func - (a: RollupGauges, b: RollupGauges) -> RollupGauges {
        RollupGauges(open: a.open - b.open, yellow: a.yellow - b.yellow, red: a.red - b.red)
    }
}
