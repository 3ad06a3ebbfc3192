import Fluent
import SQLKit

/// Base data per grid cell (人、房、事、物、组织) and the audit trail of its changes.
struct M008_CreateBaseData: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(BaseRecordModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("cell_code", .string, .required)
            .field("name", .string, .required)
            .field("attributes", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(BaseDataChangeModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("kind", .string, .required)
            .field("record_id", .uuid, .required)
            .field("action", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_base_records_kind_cell").on(BaseRecordModel.schema).column("kind").column("cell_code").run()
        try await sql.create(index: "idx_base_data_changes_record").on(BaseDataChangeModel.schema).column("record_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(BaseDataChangeModel.schema).delete()
        try await database.schema(BaseRecordModel.schema).delete()
    }
}
