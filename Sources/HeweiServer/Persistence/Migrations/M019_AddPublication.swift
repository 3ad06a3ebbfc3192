import Fluent
import SQLKit

/// Letters to the secretary's mailbox and online inquiries may be published with their answer.
struct M019_AddPublication: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(WorkOrderModel.schema).field("public_consent", .bool).update()
        try await database.schema(WorkOrderModel.schema).field("public_text", .string).update()
        try await database.schema(WorkOrderModel.schema).field("published_at", .datetime).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_work_orders_published").on(WorkOrderModel.schema).column("published_at").run()
    }

    func revert(on database: Database) async throws {
        for column in ["published_at", "public_text", "public_consent"] {
            try await database.schema(WorkOrderModel.schema).deleteField(.string(column)).update()
        }
    }
}
