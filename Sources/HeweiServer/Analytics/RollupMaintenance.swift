import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// The rollups' maintenance entry points for the CLI (`hewei rollups rebuild|verify|sweep`).
public enum RollupMaintenance {
    public struct RebuildReport: Sendable {
        public let orders: Int
        public let flowRows: Int
        public let gaugeRows: Int
        public let seconds: Double
    }

    /// Recomputes every rollup from the orders in one transaction.
    public static func rebuild(_ app: Application) async throws -> RebuildReport {
        let started = Date()
        let r = try await RollupRebuild(db: app.db, gate: app.hewei.gate, calendar: app.hewei.rules.current.calendar, org: app.hewei.org).run()
        return RebuildReport(orders: r.orders, flowRows: r.flowRows, gaugeRows: r.gaugeRows, seconds: Date().timeIntervalSince(started))
    }

    /// Sweeps pending changes into the rollups now; returns the orders whose figures changed.
    public static func sweep(_ app: Application) async throws -> Int {
        try await RollupSweep(db: app.db, gate: app.hewei.gate, calendar: app.hewei.rules.current.calendar, org: app.hewei.org)
            .sweep(now: app.hewei.clock.now()).changed
    }

    /// Compares the stored rollups with a full recomputation; returns one line per differing row
    /// (empty: they agree). Run `sweep` first, or pending changes show as differences.
    public static func verify(_ app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        var expected = try await RollupRebuild.compute(sql: sql, calendar: app.hewei.rules.current.calendar, org: app.hewei.org).result
        expected.compact()
        var problems: [String] = []
        var seen = Set<RollupKey>()
        for r in try await sql.raw("SELECT * FROM \(unsafeRaw: RollupTables.flows)").all() {
            let key = RollupKey(bucket: try r.decode(column: "bucket", as: Int.self), area: try r.decode(column: "area", as: String.self),
                                dim: try r.decode(column: "dim", as: String.self))
            let m = RollupMeasures(values: try RollupMeasures.columns.map { try r.decode(column: $0, as: Int.self) })
            seen.insert(key)
            let want = expected.flows[key] ?? RollupMeasures()
            if m != want { problems.append("flow \(key.bucket) \(key.area) \(key.dim): stored \(m.values) expected \(want.values)") }
        }
        for (key, m) in expected.flows where !seen.contains(key) {
            problems.append("flow \(key.bucket) \(key.area) \(key.dim): missing, expected \(m.values)")
        }
        var seenGauges = Set<RollupGaugeKey>()
        for r in try await sql.raw("SELECT * FROM \(unsafeRaw: RollupTables.gauges)").all() {
            let key = RollupGaugeKey(area: try r.decode(column: "area", as: String.self), dim: try r.decode(column: "dim", as: String.self))
            let v = try RollupGauges.columns.map { try r.decode(column: $0, as: Int.self) }
            seenGauges.insert(key)
            let want = expected.gauges[key] ?? RollupGauges()
            if v != want.values { problems.append("gauge \(key.area) \(key.dim): stored \(v) expected \(want.values)") }
        }
        for (key, g) in expected.gauges where !seenGauges.contains(key) {
            problems.append("gauge \(key.area) \(key.dim): missing, expected \(g.values)")
        }
        return problems
    }
}
