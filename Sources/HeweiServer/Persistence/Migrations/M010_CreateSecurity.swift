import Fluent
import SQLKit

/// Accounts learn lockout and password age; tokens learn scopes, names, idle time and revocation;
/// the audit trail (a hash chain), its head and its anchors.
struct M010_CreateSecurity: AsyncMigration {
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        try await database.schema(UserModel.schema).field("failed_logins", .int, .required, .sql(.default(0))).update()
        try await database.schema(UserModel.schema).field("locked_until", .datetime).update()
        try await database.schema(UserModel.schema).field("password_changed_at", .datetime).update()
        try await database.schema(TokenModel.schema).field("name", .string, .required, .sql(.default(""))).update()
        try await database.schema(TokenModel.schema).field("scopes", .string, .required, .sql(.default(""))).update()
        try await database.schema(TokenModel.schema).field("last_seen_at", .datetime).update()
        try await database.schema(TokenModel.schema).field("revoked_at", .datetime).update()

        try await database.schema(AuditEntryModel.schema)
            .id()
            .field("seq", .int, .required)
            .field("at_ms", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor", .string, .required)
            .field("role", .string, .required)
            .field("kind", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("status", .int, .required)
            .field("reason", .string, .required)
            .field("ip", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema(AuditHeadModel.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema(AuditAnchorModel.schema)
            .id()
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .field("at_ms", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_audit_entries_actor").on(AuditEntryModel.schema).column("actor").column("seq").run()
        try await sql.create(index: "idx_audit_entries_at").on(AuditEntryModel.schema).column("at_ms").run()
        try await sql.create(index: "idx_tokens_user").on(TokenModel.schema).column("user_id").run()
        let head = AuditHeadModel()
        head.id = 1
        head.seq = 0
        head.hash = AuditChain.genesis
        try await head.create(on: database)
    }

    func revert(on database: Database) async throws {
        try await database.schema(AuditAnchorModel.schema).delete()
        try await database.schema(AuditHeadModel.schema).delete()
        try await database.schema(AuditEntryModel.schema).delete()
        for f in ["name", "scopes", "last_seen_at", "revoked_at"] {
            try await database.schema(TokenModel.schema).deleteField(.string(f)).update()
        }
        for f in ["failed_logins", "locked_until", "password_changed_at"] {
            try await database.schema(UserModel.schema).deleteField(.string(f)).update()
        }
    }
}
