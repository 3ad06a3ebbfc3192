import Fluent
import Foundation
import SQLKit

/// The notification outbox's look-ups and its compare-and-set state changes. A delivery claims a
/// row with a conditional `UPDATE … RETURNING` that also moves `next_attempt_at` to the end of a
/// lease, so of several instances reading the same due rows exactly one gets each; the claim's
/// attempt number then fences the outcome (a delivery whose lease ran out and was taken over
/// cannot overwrite the newer attempt). Same SQL on SQLite and PostgreSQL.
enum NotificationRepository {
    /// Rows due for an attempt (index `(status, next_attempt_at)`), the longest-waiting first.
    static func due(before now: Date, limit: Int, on db: any Database) async throws -> [NotificationModel] {
        try await NotificationModel.query(on: db)
            .filter(\.$status ~~ NotificationStatus.claimable).filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).limit(limit).all()
    }

    /// An order's notifications, oldest first.
    static func of(order id: UUID, on db: any Database) async throws -> [NotificationModel] {
        try await NotificationModel.query(on: db).filter(\.$orderID == id).sort(\.$createdAt).sort(\.$eventSeq).all()
    }

    /// Claims a due row for one attempt until `leaseUntil`; returns the attempt's number, or nil
    /// when another delivery has it (or it is no longer due).
    static func claim(_ id: UUID, now: Date, leaseUntil: Date, on db: any Database) async throws -> Int? {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE notifications SET status = 'sending', attempts = attempts + 1, next_attempt_at = \(bind: leaseUntil)
            WHERE id = \(bind: id) AND status IN (\(binds: NotificationStatus.claimable)) AND next_attempt_at <= \(bind: now)
            RETURNING attempts
            """).all()
        return try rows.first?.decode(column: "attempts", as: Int.self)
    }

    /// Records a successful attempt; false when the claim was lost (the lease ran out and another took it).
    @discardableResult
    static func markSent(_ id: UUID, attempt: Int, at now: Date, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE notifications SET status = 'sent', sent_at = \(bind: now), last_error = NULL
            WHERE id = \(bind: id) AND status = 'sending' AND attempts = \(bind: attempt) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Records a failed attempt: `failed` with the next attempt's time, or `dead` (`retryAt` nil).
    @discardableResult
    static func markFailed(_ id: UUID, attempt: Int, error: String, retryAt: Date?, at now: Date,
                           on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let status = retryAt == nil ? NotificationStatus.dead.rawValue : NotificationStatus.failed.rawValue
        let rows = try await sql.raw("""
            UPDATE notifications SET status = \(bind: status), next_attempt_at = \(bind: retryAt ?? now), last_error = \(bind: error)
            WHERE id = \(bind: id) AND status = 'sending' AND attempts = \(bind: attempt) RETURNING id
            """).all()
        return !rows.isEmpty
    }
}
