import Foundation

// 考核 — value types for the pure evaluation module. No database, no clock: the
// caller supplies records, the period and the "as of" instant.

/// One work order as seen by one responsible unit in one handling round.
///
/// A work order with two responsible units gives two records; a redo (重办,
/// `round > 1`) gives one more record per round for the same `orderId`. All
/// records of the same `(orderId, unitCode)` are **one order** for the KPIs —
/// see ``Evaluation`` for how rounds are collapsed.
public struct EvaluationRecord: Hashable, Sendable, Codable {
    /// The work order's id (or code). Rounds of a redo share it.
    public var orderId: String
    /// The responsible unit (责任单位).
    public var unitCode: String
    /// The town (乡镇/街道) the unit belongs to, or the order's town. Used for `groupBy: .town`.
    public var townCode: String?
    /// When this round was dispatched to the unit (派单).
    public var dispatchedAt: Date?
    /// When the unit signed for it (签收).
    public var signedAt: Date?
    /// The sign-for deadline of this round. `nil` = no limit configured.
    public var signForDueAt: Date?
    /// The handling deadline of this round, including any approved extension (延期).
    public var dueAt: Date?
    /// When the unit finished handling this round (办结/答复).
    public var closedAt: Date?
    /// Whether a follow-up call (回访) was made for this round, reachable or not.
    public var followedUp: Bool
    /// When the follow-up was made. A follow-up without a time cannot be placed in a period and is ignored.
    public var followedUpAt: Date?
    /// Whether the resident said the matter is resolved; `nil` = not asked / not recorded.
    public var resolved: Bool?
    /// The follow-up satisfaction. From a database string use `Satisfaction(rawValue:)`
    /// (raw values: `satisfied`, `basicallySatisfied`, `unsatisfied`, `unreachable`).
    public var satisfaction: Satisfaction?
    /// Handling round, 1 for the first dispatch, 2 after the first redo, …
    public var round: Int

    public init(
        orderId: String,
        unitCode: String,
        townCode: String? = nil,
        dispatchedAt: Date? = nil,
        signedAt: Date? = nil,
        signForDueAt: Date? = nil,
        dueAt: Date? = nil,
        closedAt: Date? = nil,
        followedUp: Bool = false,
        followedUpAt: Date? = nil,
        resolved: Bool? = nil,
        satisfaction: Satisfaction? = nil,
        round: Int = 1
    ) {
        self.orderId = orderId
        self.unitCode = unitCode
        self.townCode = townCode
        self.dispatchedAt = dispatchedAt
        self.signedAt = signedAt
        self.signForDueAt = signForDueAt
        self.dueAt = dueAt
        self.closedAt = closedAt
        self.followedUp = followedUp
        self.followedUpAt = followedUpAt
        self.resolved = resolved
        self.satisfaction = satisfaction
        self.round = round
    }
}

/// A half-open evaluation period `[from, to)`: `from` is inclusive, `to` exclusive,
/// so consecutive months never share an instant. Build the bounds in the deployment's
/// time zone (e.g. Asia/Shanghai midnight); this module only compares instants.
public struct EvaluationPeriod: Hashable, Sendable, Codable {
    public var from: Date
    public var to: Date

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// `from <= date < to`. An empty or inverted period contains nothing.
    public func contains(_ date: Date) -> Bool { date >= from && date < to }
}

/// One KPI: numerator, denominator and the rate (numerator / denominator, in 0…1).
public struct KPI: Hashable, Sendable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int = 0, denominator: Int = 0) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `nil` when the denominator is 0 (nothing to judge), otherwise numerator / denominator.
    public var rate: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    /// The rate as a percentage with one decimal, rounded half up exactly (integer arithmetic),
    /// e.g. 2/3 → "66.7", 1/16 → "6.3"; `nil` when the denominator is 0.
    public var percentText: String? {
        guard denominator > 0 else { return nil }
        let tenths = (numerator * 2000 + denominator) / (2 * denominator)
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func += (a: inout KPI, b: KPI) {
        a.numerator += b.numerator
        a.denominator += b.denominator
    }
}

/// Weights of the composite score. Defaults: 0.25 each. When a KPI has no rate
/// (denominator 0) its weight is dropped and the others are re-normalised; weights
/// that are zero or negative are ignored.
public struct EvaluationWeights: Hashable, Sendable, Codable {
    public var signFor: Double
    public var closure: Double
    public var resolution: Double
    public var satisfaction: Double

    public init(signFor: Double = 0.25, closure: Double = 0.25, resolution: Double = 0.25, satisfaction: Double = 0.25) {
        self.signFor = signFor
        self.closure = closure
        self.resolution = resolution
        self.satisfaction = satisfaction
    }

    public static let standard = EvaluationWeights()
}

/// Why a row has no rank.
public enum NotRankedReason: Hashable, Sendable, Codable {
    /// Fewer orders dispatched in the period than `minimumSample`.
    case belowMinimumSample(sample: Int, minimum: Int)
    /// No KPI has a rate (or every weight of the available rates is ≤ 0), so there is no score.
    case noScore

    public var descriptionZh: String {
        switch self {
        case .belowMinimumSample(let s, let m): return "样本不足（派单\(s)件，少于\(m)件）"
        case .noScore: return "无可计算指标"
        }
    }

    public var descriptionEn: String {
        switch self {
        case .belowMinimumSample(let s, let m): return "sample \(s) below minimum \(m)"
        case .noScore: return "no KPI to score"
        }
    }
}

/// One row of the evaluation table: a unit (`groupBy: .unit`) or a town (`groupBy: .town`).
public struct UnitScore: Hashable, Sendable, Codable {
    /// The unit code, or the town code when grouped by town ("" for records without a town).
    public var code: String
    /// The unit's town (first non-nil `townCode` among its records, in input order); equals `code` for towns.
    public var townCode: String?
    /// Sample size used for `minimumSample`: distinct orders dispatched to the group in the period.
    public var sample: Int
    /// On-time sign-for: signed within limit / dispatched (decided ones).
    public var signFor: KPI
    /// On-time closure: closed within limit (incl. approved extension) / due.
    public var closure: KPI
    /// Resolution: resolved / successful follow-ups that recorded a resolved answer.
    public var resolution: KPI
    /// Satisfaction: (satisfied + basically satisfied) / successful follow-ups.
    public var satisfaction: KPI
    /// Composite score in 0…1 (weighted mean of the available rates), `nil` if none.
    public var score: Double?
    /// Competition rank (1, 2, 2, 4) among ranked rows; `nil` when not ranked.
    public var rank: Int?
    /// Why `rank` is `nil`.
    public var notRankedReason: NotRankedReason?

    public init(
        code: String, townCode: String?, sample: Int,
        signFor: KPI, closure: KPI, resolution: KPI, satisfaction: KPI,
        score: Double?, rank: Int?, notRankedReason: NotRankedReason?
    ) {
        self.code = code
        self.townCode = townCode
        self.sample = sample
        self.signFor = signFor
        self.closure = closure
        self.resolution = resolution
        self.satisfaction = satisfaction
        self.score = score
        self.rank = rank
        self.notRankedReason = notRankedReason
    }
}
