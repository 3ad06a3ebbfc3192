import Fluent
import SQLKit

/// Reception days get a state (scheduled / cancelled), a version numbering their events, and the
/// reason a day was cancelled. Days stored before are scheduled, at version 1.
struct M028_AddReceptionDayState: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite adds columns one ALTER TABLE at a time.
        try await database.schema(ReceptionDayModel.schema)
            .field("state", .string, .required, .sql(.default("scheduled"))).update()
        try await database.schema(ReceptionDayModel.schema)
            .field("version", .int, .required, .sql(.default(1))).update()
        try await database.schema(ReceptionDayModel.schema).field("cancel_reason", .string).update()
    }

    func revert(on database: Database) async throws {
        for column in ["cancel_reason", "version", "state"] {
            try await database.schema(ReceptionDayModel.schema).deleteField(.string(column)).update()
        }
    }
}
