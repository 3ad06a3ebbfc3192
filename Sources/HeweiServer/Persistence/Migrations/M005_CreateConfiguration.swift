import Fluent

struct M005_CreateConfiguration: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(CalendarDayModel.schema)
            .id()
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .unique(on: "date")
            .create()
        try await database.schema(SettingModel.schema)
            .id()
            .field("key", .string, .required)
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "key")
            .create()
        try await database.schema(ConfigChangeModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("subject", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("note", .string, .required)
            .field("deadlines_moved", .int, .required)
            .create()
        // Daily sequence numbers of order codes; bumped with INSERT … ON CONFLICT … RETURNING.
        try await database.schema("code_sequences")
            .field("day_key", .string, .identifier(auto: false))
            .field("last", .int, .required)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("code_sequences").delete()
        try await database.schema(ConfigChangeModel.schema).delete()
        try await database.schema(SettingModel.schema).delete()
        try await database.schema(CalendarDayModel.schema).delete()
    }
}
