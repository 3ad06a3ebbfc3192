import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Writes rollup deltas and the per-order marks. `ON CONFLICT … DO UPDATE` adds to the counters,
/// which SQLite (3.24+) and PostgreSQL both understand.
struct RollupWriter {
    let sql: any SQLDatabase
    /// Rows per INSERT statement (bounded by the binds a statement may carry).
    var chunk = 400

    func apply(_ delta: RollupContribution.Result) async throws {
        let flows = delta.flows.sorted { $0.key < $1.key }
        let measureCols = RollupMeasures.columns
        for part in stride(from: 0, to: flows.count, by: chunk) {
            let rows = flows[part..<min(part + chunk, flows.count)]
            let values = SQLList(rows.map { k, m in
                SQLGroupExpression(SQLList([SQLBind(k.bucket), SQLBind(k.area), SQLBind(k.dim)] + m.values.map { SQLBind($0) }))
            })
            let set = measureCols.map { "\($0) = \(RollupTables.flows).\($0) + excluded.\($0)" }.joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: RollupTables.flows) (bucket, area, dim, \(unsafeRaw: measureCols.joined(separator: ", ")))
                VALUES \(values) ON CONFLICT (bucket, area, dim) DO UPDATE SET \(unsafeRaw: set)
                """).run()
        }
        let gauges = delta.gauges.sorted { $0.key < $1.key }
        let gaugeCols = RollupGauges.columns
        for part in stride(from: 0, to: gauges.count, by: chunk) {
            let rows = gauges[part..<min(part + chunk, gauges.count)]
            let values = SQLList(rows.map { k, g in
                SQLGroupExpression(SQLList([SQLBind(k.area), SQLBind(k.dim)] + g.values.map { SQLBind($0) }))
            })
            let set = gaugeCols.map { "\($0) = \(RollupTables.gauges).\($0) + excluded.\($0)" }.joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: RollupTables.gauges) (area, dim, \(unsafeRaw: gaugeCols.joined(separator: ", ")))
                VALUES \(values) ON CONFLICT (area, dim) DO UPDATE SET \(unsafeRaw: set)
                """).run()
        }
    }

    /// The facts each order was last counted with.
    func marks(of ids: [UUID]) async throws -> [UUID: RollupFacts] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: RollupFacts] = [:]
        for part in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[part..<min(part + 500, ids.count)])
            for r in try await sql.raw("SELECT order_id, facts FROM \(unsafeRaw: RollupTables.marks) WHERE order_id IN (\(binds: slice))").all() {
                if let f = RollupFacts(encoded: try r.decode(column: "facts", as: String.self)) {
                    out[try r.decode(column: "order_id", as: UUID.self)] = f
                }
            }
        }
        return out
    }

    func saveMarks(_ facts: [(UUID, RollupFacts)]) async throws {
        for part in stride(from: 0, to: facts.count, by: chunk) {
            let rows = facts[part..<min(part + chunk, facts.count)]
            let values = SQLList(rows.map { id, f in SQLGroupExpression(SQLList([SQLBind(id), SQLBind(f.encoded)])) })
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: RollupTables.marks) (order_id, facts) VALUES \(values)
                ON CONFLICT (order_id) DO UPDATE SET facts = excluded.facts
                """).run()
        }
    }

    /// Takes the sweeper's row lock (PostgreSQL holds it to commit; SQLite has one writer) and returns
    /// the watermark; creates the row at `initial` the first time.
    func lockWatermark(initial: Date) async throws -> Date {
        let rows = try await sql.raw("""
            UPDATE \(unsafeRaw: RollupTables.state) SET watermark = watermark WHERE name = 'orders' RETURNING watermark
            """).all()
        if let row = rows.first { return try row.decode(column: "watermark", as: Date.self) }
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: RollupTables.state) (name, watermark) VALUES ('orders', \(bind: initial))
            ON CONFLICT (name) DO NOTHING
            """).run()
        return try await lockWatermark(initial: initial)
    }

    func setWatermark(_ at: Date, sweptAt: Date) async throws {
        try await sql.raw("""
            UPDATE \(unsafeRaw: RollupTables.state) SET watermark = \(bind: at), swept_at = \(bind: sweptAt) WHERE name = 'orders'
            """).run()
    }

    /// Empties the derived tables (a rebuild recomputes them in the same transaction).
    func clear() async throws {
        for table in [RollupTables.flows, RollupTables.gauges, RollupTables.marks, RollupTables.state] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
        }
    }
}
