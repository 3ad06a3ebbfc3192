import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Reads sums from the rollup tables — the only place the figures query, never `work_orders`.
/// A period is covered by whole-month rows plus the days left over (`RollupBuckets.cover`).
struct RollupReader {
    let sql: any SQLDatabase

    enum Dims {
        /// The area's total (`dim = ''`).
        case total
        /// One breakdown: `ch:` (channel) or `cat:` (category).
        case prefix(String)
        case exact(String)
    }

    struct Sum {
        var area: String
        var dim: String
        var measures: RollupMeasures
    }

    /// Sums over the period per (area, dim). `monthsOnly` widens the period to whole months (the
    /// finer cells keep their category breakdown per month only).
    func sums(areas: [String], dims: Dims, period: DayPeriod, monthsOnly: Bool = false) async throws -> [Sum] {
        guard !areas.isEmpty else { return [] }
        // PostgreSQL sums a bigint column as NUMERIC: cast back to an integer on both databases.
        let cols = RollupMeasures.columns.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT area, dim, \(unsafeRaw: cols) FROM \(unsafeRaw: RollupTables.flows)
            WHERE area IN (\(binds: areas)) AND \(Self.dimCondition(dims)) AND \(Self.bucketCondition(period, monthsOnly: monthsOnly))
            GROUP BY area, dim
            """).all()
        return try rows.map { r in
            Sum(area: try r.decode(column: "area", as: String.self), dim: try r.decode(column: "dim", as: String.self),
                measures: RollupMeasures(values: try RollupMeasures.columns.map { try r.decode(column: $0, as: Int?.self) ?? 0 }))
        }
    }

    /// One area's total per day of the period (missing days are zero).
    func daily(area: String, period: DayPeriod) async throws -> [(day: CivilDate, measures: RollupMeasures)] {
        let cols = RollupMeasures.columns.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT bucket, \(unsafeRaw: cols) FROM \(unsafeRaw: RollupTables.flows)
            WHERE area = \(bind: area) AND dim = '' AND bucket BETWEEN \(bind: RollupBuckets.day(period.from)) AND \(bind: RollupBuckets.day(period.to))
            """).all()
        var byDay: [Int: RollupMeasures] = [:]
        for r in rows {
            byDay[try r.decode(column: "bucket", as: Int.self)] = RollupMeasures(values: try RollupMeasures.columns.map { try r.decode(column: $0, as: Int.self) })
        }
        return (period.from.dayNumber...period.to.dayNumber).map { n in
            let d = CivilDate(dayNumber: n)
            return (d, byDay[RollupBuckets.day(d)] ?? RollupMeasures())
        }
    }

    struct Gauge {
        var area: String
        var dim: String
        var gauges: RollupGauges
    }

    func gauges(areas: [String], dims: Dims = .total) async throws -> [Gauge] {
        guard !areas.isEmpty else { return [] }
        let cols = RollupGauges.columns.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT area, dim, \(unsafeRaw: cols) FROM \(unsafeRaw: RollupTables.gauges)
            WHERE area IN (\(binds: areas)) AND \(Self.dimCondition(dims))
            """).all()
        return try rows.map { r in
            let v = try RollupGauges.columns.map { try r.decode(column: $0, as: Int.self) }
            return Gauge(area: try r.decode(column: "area", as: String.self), dim: try r.decode(column: "dim", as: String.self),
                         gauges: RollupGauges(open: v[0], yellow: v[1], red: v[2]))
        }
    }

    static func dimCondition(_ dims: Dims) -> SQLQueryString {
        switch dims {
        case .total: return "dim = ''"
        case .exact(let d): return "dim = \(bind: d)"
        // A range, not LIKE: exact on both databases and served by the index order.
        case .prefix(let p): return "dim >= \(bind: p) AND dim < \(bind: String(p.dropLast()) + ";")"
        }
    }

    static func bucketCondition(_ period: DayPeriod, monthsOnly: Bool) -> SQLQueryString {
        if monthsOnly {
            let first = RollupBuckets.month(period.from), last = RollupBuckets.month(period.to)
            return "bucket BETWEEN \(bind: first) AND \(bind: last)"
        }
        let cover = RollupBuckets.cover(from: period.from, to: period.to)
        var parts: [SQLQueryString] = []
        if !cover.months.isEmpty { parts.append("bucket BETWEEN \(bind: cover.months.first!) AND \(bind: cover.months.last!)") }
        // Leftover days form at most two runs (before and after the whole months).
        var runs: [(Int, Int)] = []
        for d in cover.days {
            if let last = runs.last, let prev = RollupBuckets.civil(day: last.1), CivilDate(dayNumber: prev.dayNumber + 1) == RollupBuckets.civil(day: d) {
                runs[runs.count - 1].1 = d
            } else {
                runs.append((d, d))
            }
        }
        for (a, b) in runs { parts.append("bucket BETWEEN \(bind: a) AND \(bind: b)") }
        if parts.isEmpty { return "1 = 0" }
        var out: SQLQueryString = "("
        for (i, p) in parts.enumerated() {
            if i > 0 { out = out + " OR " }
            out = out + p
        }
        return out + ")"
    }
}
