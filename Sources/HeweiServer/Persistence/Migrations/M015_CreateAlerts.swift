import Fluent
import SQLKit

/// Video and IoT alerts (视频/物联告警): the device registry, what each alert type means, and every
/// alert received with the order it created or was folded into.
struct M015_CreateAlerts: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AlertSourceModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("longitude", .double, .required)
            .field("latitude", .double, .required)
            .field("cell_code", .string)
            .field("address", .string, .required)
            .field("secret", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema(AlertTypeModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("category_code", .string, .required)
            .field("urgency", .string, .required)
            .field("fold_minutes", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema(AlertModel.schema)
            .id()
            .field("source_id", .uuid, .required, .references(AlertSourceModel.schema, "id"))
            .field("type_code", .string, .required)
            .field("external_id", .string)
            .field("occurred_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("description", .string, .required)
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("folded", .bool, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_alerts_source").on(AlertModel.schema).column("source_id").column("type_code").column("received_at").run()
        try await sql.create(index: "idx_alerts_order").on(AlertModel.schema).column("order_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AlertModel.schema).delete()
        try await database.schema(AlertTypeModel.schema).delete()
        try await database.schema(AlertSourceModel.schema).delete()
    }
}
