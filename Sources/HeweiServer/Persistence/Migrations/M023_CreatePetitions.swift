import Fluent
import SQLKit

/// Petitions (信访, issue 5): the record table; events and clocks live in case_events / case_clocks.
struct M023_CreatePetitions: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(PetitionModel.schema)
            .id()
            .field("code", .string, .required)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("stage", .string, .required)
            .field("parent_id", .uuid)
            .field("root_id", .uuid)
            .field("channel", .string, .required)
            .field("type", .string, .required)
            .field("matter", .string, .required)
            .field("petitioners", .string, .required)
            .field("petitioner_key", .string)
            .field("concerned_unit_id", .uuid)
            .field("handling_unit_id", .uuid)
            .field("registering_unit_id", .uuid)
            .field("source_order_id", .uuid)
            .field("earlier_case_id", .uuid)
            .field("repeat", .bool, .required)
            .field("decision_text", .string)
            .field("extension_reason", .string)
            .field("reply_text", .string)
            .field("replied_at", .datetime)
            .field("review_window_ends_at", .datetime)
            .field("mediation_case_id", .uuid)
            .field("registered_at", .datetime, .required)
            .field("registered_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("closed_at", .datetime)
            .unique(on: "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_petitions_state").on(PetitionModel.schema).column("state").column("registered_at").run()
        try await sql.create(index: "idx_petitions_handling_unit").on(PetitionModel.schema).column("handling_unit_id").run()
        try await sql.create(index: "idx_petitions_petitioner_key").on(PetitionModel.schema).column("petitioner_key").run()
        try await sql.create(index: "idx_petitions_parent").on(PetitionModel.schema).column("parent_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(PetitionModel.schema).delete()
    }
}
