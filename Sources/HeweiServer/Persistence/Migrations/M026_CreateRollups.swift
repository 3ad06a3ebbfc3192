import Fluent
import HeweiCore
import SQLKit

/// Rollups for the figures (issue 7): counters per bucket × area × breakdown, gauges per area, the
/// facts last counted per order, and the sweeper's watermark. Derived data: `hewei rollups rebuild`
/// recomputes all of it from the orders.
struct M026_CreateRollups: AsyncMigration {
    func prepare(on database: Database) async throws {
        var flows = database.schema(RollupTables.flows)
            .field("bucket", .int, .required)
            .field("area", .string, .required)
            .field("dim", .string, .required)
        for column in RollupMeasures.columns { flows = flows.field(.string(column), .int, .required) }
        try await flows.unique(on: "bucket", "area", "dim").create()
        var gauges = database.schema(RollupTables.gauges)
            .field("area", .string, .required)
            .field("dim", .string, .required)
        for column in RollupGauges.columns { gauges = gauges.field(.string(column), .int, .required) }
        try await gauges.unique(on: "area", "dim").create()
        try await database.schema(RollupTables.marks)
            .field("order_id", .uuid, .identifier(auto: false))
            .field("facts", .string, .required)
            .create()
        try await database.schema(RollupTables.state)
            .field("name", .string, .identifier(auto: false))
            .field("watermark", .datetime, .required)
            .field("swept_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // Figures read one area over a range of buckets.
        try await sql.create(index: "idx_rollup_flows_area").on(RollupTables.flows).column("area").column("bucket").run()
        // The sweeper finds changed orders by their last change.
        try await sql.create(index: "idx_work_orders_updated").on(WorkOrderModel.schema).column("updated_at").run()
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "idx_work_orders_updated").run()
        for table in [RollupTables.state, RollupTables.marks, RollupTables.gauges, RollupTables.flows] {
            try await database.schema(table).delete()
        }
    }
}

enum RollupTables {
    static let flows = "rollup_flows"
    static let gauges = "rollup_gauges"
    static let marks = "rollup_marks"
    static let state = "rollup_state"
}
