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

    /// Entries with `seq` in `after+1 ... after+limit`, in order.
    static func page(after: Int, limit: Int, on db: any Database) async throws -> [AuditEntryModel] {
        try await AuditEntryModel.query(on: db).filter(\.$seq > after).sort(\.$seq).limit(limit).all()
    }
}
