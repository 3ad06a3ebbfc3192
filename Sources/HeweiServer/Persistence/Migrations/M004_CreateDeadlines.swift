import Fluent
import SQLKit

struct M004_CreateDeadlines: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DeadlineModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("kind", .string, .required)
            .field("round", .int, .required)
            .field("started_at", .datetime, .required)
            .field("time_limit", .string, .required)
            .field("extensions", .string, .required)
            .field("pauses", .string, .required)
            .field("warn_at", .datetime)
            .field("due_at", .datetime)
            .field("status", .string, .required)
            .field("light", .string, .required)
            .field("stopped_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // The sweeper's two look-ups: open clocks whose yellow or red time has come.
        try await sql.create(index: "idx_deadlines_due").on(DeadlineModel.schema).column("status").column("due_at").run()
        try await sql.create(index: "idx_deadlines_warn").on(DeadlineModel.schema).column("status").column("warn_at").run()
        try await sql.create(index: "idx_deadlines_order").on(DeadlineModel.schema).column("order_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DeadlineModel.schema).delete()
    }
}
