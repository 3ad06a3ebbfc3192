import Foundation
import Fluent

/// The audit entry of the request being served, handed to the write gate so that on SQLite the
/// entry is appended **in the same transaction** as the request's write (one commit, not two; and
/// no committed write without its entry). Set by `AuditMiddleware` as a task-local value; read by
/// `Database.write(gate:)` and `WriteGate.submit` when a job is queued. On PostgreSQL (no gate)
/// and for requests that write nothing, the middleware appends the entry after the response.
final class AuditPending: @unchecked Sendable {
    @TaskLocal static var current: AuditPending?

    let log: AuditLog
    /// Builds the entry when the write is queued (the actor is signed in by then).
    private let make: @Sendable () -> AuditDraft
    let atMs: Int64
    /// Set once the write and its entry committed.
    private(set) var written = false
    private var claimed = false
    private let lock = NSLock()

    init(log: AuditLog, atMs: Int64, make: @escaping @Sendable () -> AuditDraft) {
        self.log = log
        self.atMs = atMs
        self.make = make
    }

    /// The entry for the first write of the request; nil for later writes of the same request.
    func claim() -> AuditDraft? {
        lock.lock()
        defer { lock.unlock() }
        guard !claimed else { return nil }
        claimed = true
        return make()
    }

    /// The write was rolled back: the entry is not written yet.
    func release() {
        lock.lock()
        claimed = false
        lock.unlock()
    }

    func markWritten() {
        lock.lock()
        written = true
        lock.unlock()
    }

    /// Runs `body` without an audit context: writes that are not the request's own change (the
    /// session's last-seen time, a failed sign-in's counter) must not take its entry.
    static func outside<T>(_ body: () async throws -> T) async rethrows -> T {
        try await $current.withValue(nil) { try await body() }
    }
}

/// One queued write's claim on an audit entry, appended inside the gate's transaction.
struct AuditClaim: Sendable {
    let pending: AuditPending
    let draft: AuditDraft

    /// Claims the current request's entry, if there is one and it is still free.
    static func take() -> AuditClaim? {
        guard let p = AuditPending.current, let draft = p.claim() else { return nil }
        return AuditClaim(pending: p, draft: draft)
    }

    /// Appends the claims' entries in the caller's transaction; returns the anchors to copy out.
    static func append(_ claims: [AuditClaim], on db: any Database) async throws -> [(Int, String, Int64)] {
        guard let first = claims.first else { return [] }
        return try await AuditLog.append(claims.map(\.draft), atMs: first.pending.atMs, anchorEvery: first.pending.log.anchorEvery, on: db)
    }
}
