import Fluent
import SQLKit

/// Orders remember the grid cells they were located in (micro → large), for scopes and figures.
struct M007_AddOrderCells: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in ["cell_micro", "cell_small", "cell_medium", "cell_large"] {
            try await database.schema(WorkOrderModel.schema).field(.string(column), .string).update()
        }
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_work_orders_cell_large").on(WorkOrderModel.schema).column("cell_large").column("created_at").run()
        try await sql.create(index: "idx_work_orders_cell_medium").on(WorkOrderModel.schema).column("cell_medium").run()
    }

    func revert(on database: Database) async throws {
        for column in ["cell_micro", "cell_small", "cell_medium", "cell_large"] {
            try await database.schema(WorkOrderModel.schema).deleteField(.string(column)).update()
        }
    }
}
