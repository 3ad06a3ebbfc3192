import Fluent
import SQLKit

/// Photos and documents attached to orders (the files themselves are on disk).
struct M017_CreateAttachments: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(AttachmentModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("path", .string, .required)
            .field("added_by_id", .uuid)
            .field("added_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_attachments_order").on(AttachmentModel.schema).column("order_id").column("created_at").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(AttachmentModel.schema).delete()
    }
}
