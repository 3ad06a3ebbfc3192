import Foundation

/// A KPI as a ratio: numerator, denominator and the rate (nil when nothing was counted).
public struct KPIRatio: Hashable, Sendable, Codable {
    public var numerator: Int
    public var denominator: Int
    public var rate: Double?

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
        rate = denominator == 0 ? nil : (Double(numerator) / Double(denominator) * 10_000).rounded() / 10_000
    }
}

/// The KPIs of DOMAIN.md for one area and period, from summed rollup counters.
public struct KPIFigures: Hashable, Sendable, Codable {
    public var intake: Int
    /// on-time sign-for rate = signed within limit / dispatched
    public var signFor: KPIRatio
    /// on-time closure rate = closed within limit (incl. approved extension) / due
    public var closure: KPIRatio
    /// resolution rate = resolved per follow-up / followed up
    public var resolution: KPIRatio
    /// satisfaction rate = (satisfied + basically satisfied) / successful follow-ups
    public var satisfaction: KPIRatio
    /// mediation success rate = agreements / accepted cases (set by the caller; mediation is not an order)
    public var mediation: KPIRatio?

    public init(_ m: RollupMeasures, mediation: KPIRatio? = nil) {
        intake = m.intake
        signFor = KPIRatio(m.signedOnTime, m.dispatched)
        closure = KPIRatio(m.closedOnTime, m.due)
        resolution = KPIRatio(m.resolved, m.followedUp)
        satisfaction = KPIRatio(m.satisfied, m.reached)
        self.mediation = mediation
    }
}

/// The change of each KPI against the previous period: intake as a relative change
/// (+0.25 = a quarter more), rates in percentage points (+0.03 = three points better); nil where
/// either side has nothing to compare.
public struct KPIChange: Hashable, Sendable, Codable {
    public var intake: Double?
    public var signFor: Double?
    public var closure: Double?
    public var resolution: Double?
    public var satisfaction: Double?
    public var mediation: Double?

    public init(current c: KPIFigures, previous p: KPIFigures) {
        intake = p.intake == 0 ? nil : Self.round(Double(c.intake - p.intake) / Double(p.intake))
        signFor = Self.points(c.signFor, p.signFor)
        closure = Self.points(c.closure, p.closure)
        resolution = Self.points(c.resolution, p.resolution)
        satisfaction = Self.points(c.satisfaction, p.satisfaction)
        mediation = c.mediation.flatMap { cm in p.mediation.flatMap { Self.points(cm, $0) } }
    }

    static func points(_ c: KPIRatio, _ p: KPIRatio) -> Double? {
        guard let a = c.rate, let b = p.rate else { return nil }
        return round(a - b)
    }

    static func round(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
}

/// A period of whole local days, inclusive, and the one just before it of the same length.
public struct DayPeriod: Hashable, Sendable {
    public var from: CivilDate
    public var to: CivilDate

    public init(from: CivilDate, to: CivilDate) {
        self.from = from
        self.to = to
    }

    public var days: Int { to.dayNumber - from.dayNumber + 1 }

    public var previous: DayPeriod {
        DayPeriod(from: CivilDate(dayNumber: from.dayNumber - days), to: CivilDate(dayNumber: from.dayNumber - 1))
    }
}
