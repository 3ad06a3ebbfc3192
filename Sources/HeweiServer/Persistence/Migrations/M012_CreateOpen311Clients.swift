import Fluent

/// Open311 GeoReport v2: the API clients (key hashes) and the extras of requests filed through it.
struct M012_CreateOpen311Clients: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Open311ClientModel.schema)
            .id()
            .field("name", .string, .required)
            .field("key_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "name")
            .unique(on: "key_hash")
            .create()
        try await database.schema(Open311RequestModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("client_id", .uuid, .required, .references(Open311ClientModel.schema, "id"))
            .field("media_url", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "order_id")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(Open311RequestModel.schema).delete()
        try await database.schema(Open311ClientModel.schema).delete()
    }
}
