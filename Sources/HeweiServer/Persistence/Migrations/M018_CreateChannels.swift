import Fluent

/// Channels as configuration (渠道): seeded from Defaults/channels.yaml on first start.
struct M018_CreateChannels: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ChannelModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("machine", .bool, .required)
            .field("default_request_kind", .string)
            .field("active", .bool, .required)
            .field("position", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(ChannelModel.schema).delete()
    }
}
