import Foundation

/// Where a rollup row counts: an area and a breakdown.
///
/// - `area`: `city` (everything), a grid cell code (large = town, medium = community, small,
///   micro = the finest cell), or `unit:<code>` for the lead unit.
/// - `dim`: `""` (all), `ch:<channel>`, `cat:<category code>`.
/// - `bucket`: a day `yyyymmdd` or a month `yyyymm` (deployment's local time).
public struct RollupKey: Hashable, Sendable, Comparable {
    public var bucket: Int
    public var area: String
    public var dim: String

    public init(bucket: Int, area: String, dim: String = "") {
        self.bucket = bucket
        self.area = area
        self.dim = dim
    }

    public static func < (a: RollupKey, b: RollupKey) -> Bool {
        (a.bucket, a.area, a.dim) < (b.bucket, b.area, b.dim)
    }

    public static let city = "city"
    public static func unit(_ code: String) -> String { "unit:\(code)" }
    public static func channel(_ code: String) -> String { "ch:\(code)" }
    public static func category(_ code: String) -> String { "cat:\(code)" }
}

/// A gauge row's key: an area and a breakdown, no time.
public struct RollupGaugeKey: Hashable, Sendable, Comparable {
    public var area: String
    public var dim: String

    public init(area: String, dim: String = "") {
        self.area = area
        self.dim = dim
    }

    public static func < (a: RollupGaugeKey, b: RollupGaugeKey) -> Bool { (a.area, a.dim) < (b.area, b.dim) }
}

/// Days and months as rollup buckets, and how a period of days is covered by whole months plus the
/// days left over (so a year's KPI reads 12 month rows, not 365 day rows).
public enum RollupBuckets {
    public static func day(_ d: CivilDate) -> Int { d.year * 10_000 + d.month * 100 + d.day }
    public static func month(_ d: CivilDate) -> Int { d.year * 100 + d.month }
    public static func isMonth(_ bucket: Int) -> Bool { bucket < 1_000_000 }

    public static func civil(day bucket: Int) -> CivilDate? {
        CivilDate(year: bucket / 10_000, month: bucket / 100 % 100, day: bucket % 100)
    }

    /// The buckets that together count each day of `from...to` (inclusive) exactly once.
    public static func cover(from: CivilDate, to: CivilDate) -> (months: [Int], days: [Int]) {
        guard from <= to else { return ([], []) }
        var months: [Int] = []
        var days: [Int] = []
        var n = from.dayNumber
        let last = to.dayNumber
        while n <= last {
            let d = CivilDate(dayNumber: n)
            let monthDays = CivilDate.daysIn(month: d.month, year: d.year)
            let monthEnd = n + (monthDays - d.day)
            if d.day == 1 && monthEnd <= last {
                months.append(month(d))
                n = monthEnd + 1
            } else {
                days.append(day(d))
                n += 1
            }
        }
        return (months, days)
    }
}
