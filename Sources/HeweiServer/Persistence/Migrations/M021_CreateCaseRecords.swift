import Fluent
import SQLKit

/// The event log and clocks shared by mediation cases, petitions, reception bookings and visits.
struct M021_CreateCaseRecords: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(CaseEventModel.schema)
            .id()
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("seq", .int, .required)
            .field("action", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("actor_role", .string, .required)
            .field("actor_unit_id", .uuid)
            .field("at", .datetime, .required)
            .field("note", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("data", .string, .required)
            .unique(on: "record_type", "record_id", "seq")
            .create()
        try await database.schema(CaseClockModel.schema)
            .id()
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("started_at", .datetime, .required)
            .field("time_limit", .string, .required)
            .field("extensions", .string, .required)
            .field("pauses", .string, .required)
            .field("warn_at", .datetime)
            .field("due_at", .datetime)
            .field("status", .string, .required)
            .field("light", .string, .required)
            .field("stopped_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_case_events_at").on(CaseEventModel.schema).column("at").run()
        // The sweeper's look-ups, as for order deadlines.
        try await sql.create(index: "idx_case_clocks_due").on(CaseClockModel.schema).column("status").column("due_at").run()
        try await sql.create(index: "idx_case_clocks_warn").on(CaseClockModel.schema).column("status").column("warn_at").run()
        try await sql.create(index: "idx_case_clocks_record").on(CaseClockModel.schema).column("record_type").column("record_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(CaseClockModel.schema).delete()
        try await database.schema(CaseEventModel.schema).delete()
    }
}
