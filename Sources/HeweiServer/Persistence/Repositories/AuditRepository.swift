import Fluent
import Foundation
import SQLKit

/// The audit chain's storage: the head's row lock (so that servers sharing a PostgreSQL database
/// extend one chain), appends, anchors and the ordered walk used by `verify`.
enum AuditRepository {
    /// Locks the head for the rest of the transaction and returns it (seq, hash).
    static func lockHead(on db: any Database) async throws -> (Int, String) {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash").first() else {
            throw HeweiError.internalFailure("the audit head row is missing")
        }
        return (try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self))
    }

    static func setHead(seq: Int, hash: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.update(AuditHeadModel.schema).set("seq", to: seq).set("hash", to: hash).where("id", .equal, 1).run()
    }

    static func head(on db: any Database) async throws -> (Int, String) {
        guard let head = try await AuditHeadModel.find(1, on: db) else { throw HeweiError.internalFailure("the audit head row is missing") }
        return (head.seq, head.hash)
    }

    static let entryColumns = ["id", "seq", "at_ms", "actor_id", "actor", "role", "kind", "action", "target", "status",
                                "reason", "ip", "prev_hash", "hash"]

    /// Appends chained entries with multi-row INSERTs (the write gate's hot path: no per-row model work).
    static func insert(_ rows: [AuditEntryModel], on db: any Database) async throws {
        let values: [[any SQLExpression]] = rows.map { e in
            [SQLBind(e.id!), SQLBind(e.seq), SQLBind(e.atMs), e.actorID.map { SQLBind($0) } ?? SQLLiteral.null, SQLBind(e.actor),
             SQLBind(e.role), SQLBind(e.kind), SQLBind(e.action), SQLBind(e.target), SQLBind(e.status), SQLBind(e.reason),
             SQLBind(e.ip), SQLBind(e.prevHash), SQLBind(e.hash)]
        }
        try await OrderRowsRepository.insertChunked(db as! any SQLDatabase, AuditEntryModel.schema, entryColumns, values)
    }

    /// Entries with `seq` in `after+1 ... after+limit`, in order.
    static func page(after: Int, limit: Int, on db: any Database) async throws -> [AuditEntryModel] {
        try await AuditEntryModel.query(on: db).filter(\.$seq > after).sort(\.$seq).limit(limit).all()
    }
}
