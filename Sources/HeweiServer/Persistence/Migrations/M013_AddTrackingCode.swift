import Fluent
import SQLKit

/// The resident portal's tracking code (查询码): a random, unguessable code per portal submission,
/// separate from the sequential order code. Nullable (orders from other channels have none) and
/// unique (several NULLs are allowed on both SQLite and PostgreSQL).
struct M013_AddTrackingCode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkOrderModel.schema).field("tracking_code", .string).update()
        // SQLite cannot add a constraint to an existing table: a unique index does the same job.
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_work_orders_tracking_code").unique().on(WorkOrderModel.schema).column("tracking_code").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "idx_work_orders_tracking_code").run()
        try await database.schema(WorkOrderModel.schema).deleteField("tracking_code").update()
    }
}
