import Fluent
import Foundation
import SQLKit

/// Runs write transactions.
///
/// PostgreSQL: each write is its own transaction; row locks order concurrent writers.
///
/// SQLite allows one writer at a time and each durable commit costs a disk flush, so the gate does
/// **group commit**: writers queue here, one leader runs everything queued in a single transaction,
/// each writer inside its own savepoint (a failing writer rolls back only its own work), then
/// commits once and answers all of them. Nobody is answered before the commit is on disk.
/// Intakes queued together are written with a few multi-row statements for the whole batch
/// (see `IntakeJob`).
public actor WriteGate {
    public nonisolated let serial: Bool
    /// The most writers committed together.
    public let maxBatch: Int
    private enum Entry {
        case job(any GateJob)
        case intake(IntakeJob)
    }

    private var queue: [Entry] = []
    private var draining = false
    /// A database used only for writing (SQLite file: its own connection, so readers never wait
    /// for a connection that a write transaction holds). Nil: the writer's own database.
    private var writer: (any Database)?
    public private(set) var batches = 0
    public private(set) var jobs = 0

    public init(serial: Bool, maxBatch: Int = 128) {
        self.serial = serial
        self.maxBatch = maxBatch
    }

    func useWriter(_ db: any Database) { writer = db }

    /// Set once a background checkpointer runs (the server); one-shot commands keep SQLite's own.
    private nonisolated(unsafe) var checkpointsElsewhere = false

    func leaveCheckpointsToBackground() { checkpointsElsewhere = true }

    func enqueue(_ job: any GateJob) { append(.job(job)) }

    /// Queues an intake for the batched path; returns the order and whether it was a replay.
    nonisolated func submit(_ job: IntakeJob) async throws -> (WorkOrderModel, Bool) {
        job.audit = AuditClaim.take()
        return try await withCheckedThrowingContinuation { continuation in
            job.continuation = continuation
            Task { await self.append(.intake(job)) }
        }
    }

    private func append(_ entry: Entry) {
        queue.append(entry)
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            batches += 1
            jobs += batch.count
            var intakes: [IntakeJob] = [], others: [any GateJob] = []
            for entry in batch {
                switch entry {
                case let .intake(job): intakes.append(job)
                case let .job(job): others.append(job)
                }
            }
            let db = writer ?? intakes.first?.database ?? others[0].database
            let (batchIntakes, batchOthers) = (intakes, others)
            do {
                let (written, anchors) = try await db.transaction { tx in
                    try await self.run(intakes: batchIntakes, others: batchOthers, on: tx)
                }
                // Committed: the entries appended with the writes are written; copy anchors out.
                for claim in intakes.compactMap(\.audit) { claim.pending.markWritten() }
                for job in others where !job.failed { job.audit?.pending.markWritten() }
                if let log = (intakes.compactMap(\.audit) + others.compactMap(\.audit)).first?.pending.log { log.appendToFile(anchors) }
                for (job, result) in zip(intakes, written) { job.continuation?.resume(returning: result) }
                for job in others { job.finish(commitError: nil) }
            } catch is GateRollback {
                for job in others { job.audit?.pending.release() }
                for job in others { job.finish(commitError: nil) }
            } catch is IntakeBatchFailed {
                // Nothing was kept: run every intake of the batch again on its own, first in line.
                queue.insert(contentsOf: intakes.map { .job($0.asWriteJob()) } + others.map { .job($0) }, at: 0)
            } catch {
                for claim in intakes.compactMap(\.audit) + others.compactMap(\.audit) { claim.pending.release() }
                for job in intakes { job.continuation?.resume(throwing: error) }
                for job in others { job.finish(commitError: error) }
            }
        }
        draining = false
    }

    /// Runs the batch in `tx`; returns the intakes' results and the audit anchors written.
    private nonisolated func run(intakes: [IntakeJob], others: [any GateJob], on tx: any Database) async throws
        -> ([(WorkOrderModel, Bool)], [(Int, String, Int64)]) {
        let sql = tx as! any SQLDatabase
        // Wait for writers in other processes (the CLI) instead of failing at once; and leave WAL
        // checkpoints to the background checkpointer (WalCheckpointer) instead of the commit path.
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: checkpointsElsewhere ? "0" : "1000")").run()
        // Statement journals in memory, and a page cache large enough for the hot indexes: both
        // showed up as file I/O inside the writer.
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
        try await sql.raw("PRAGMA cache_size = -65536").run()
        var written: [(WorkOrderModel, Bool)] = []
        var anchors: [(Int, String, Int64)] = []
        if !intakes.isEmpty {
            do {
                written = try await IntakeBatchWriter.write(intakes, on: tx)
                anchors += try await AuditClaim.append(intakes.compactMap(\.audit), on: tx)
            } catch {
                throw IntakeBatchFailed()
            }
        }
        if others.count == 1 && intakes.isEmpty {
            await others[0].run(on: tx)
            if others[0].failed { throw GateRollback() }
            if let claim = others[0].audit { anchors += try await AuditClaim.append([claim], on: tx) }
            return (written, anchors)
        }
        for (i, job) in others.enumerated() {
            try await sql.raw("SAVEPOINT \(unsafeRaw: "w\(i)")").run()
            await job.run(on: tx)
            if !job.failed, let claim = job.audit {
                do { anchors += try await AuditClaim.append([claim], on: tx) } catch { job.fail(error) }
            }
            if job.failed {
                try await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: "w\(i)")").run()
                job.audit?.pending.release()
            }
            try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: "w\(i)")").run()
        }
        return (written, anchors)
    }
}

/// The batched intake path could not write the batch; it is retried one intake at a time.
private struct IntakeBatchFailed: Error {}

/// Thrown to roll back a batch of one whose only writer failed; the writer gets its own error.
private struct GateRollback: Error {}

protocol GateJob: AnyObject, Sendable {
    var database: any Database { get }
    var failed: Bool { get }
    /// The request's audit entry, appended in the same transaction after the job succeeds.
    var audit: AuditClaim? { get }
    func run(on db: any Database) async
    /// Turns a job that ran into a failed one (its audit entry could not be appended).
    func fail(_ error: any Error)
    func finish(commitError: (any Error)?)
}

/// One writer waiting in the gate, with its result held until the batch commits.
final class WriteJob<T: Sendable>: GateJob, @unchecked Sendable {
    let database: any Database
    private let body: @Sendable (any Database) async throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var result: Result<T, any Error>?
    let audit: AuditClaim?

    init(database: any Database, audit: AuditClaim?, body: @escaping @Sendable (any Database) async throws -> T,
         continuation: CheckedContinuation<T, any Error>) {
        self.database = database
        self.audit = audit
        self.body = body
        self.continuation = continuation
    }

    var failed: Bool {
        if case .failure = result { return true }
        return false
    }

    func run(on db: any Database) async {
        do {
            result = .success(try await body(db))
        } catch {
            result = .failure(error)
        }
    }

    func fail(_ error: any Error) { result = .failure(error) }

    func finish(commitError: (any Error)?) {
        if let commitError, !failed {
            continuation.resume(throwing: commitError)
        } else {
            continuation.resume(with: result ?? .failure(HeweiError.internalFailure("write job did not run")))
        }
    }
}

extension Database {
    /// One write transaction through the gate. Everything `body` does commits together or not at
    /// all, and the call returns only after the commit.
    func write<T: Sendable>(gate: WriteGate, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard gate.serial else { return try await self.transaction { try await body($0) } }
        let audit = AuditClaim.take()
        return try await withCheckedThrowingContinuation { continuation in
            let job = WriteJob(database: self, audit: audit, body: body, continuation: continuation)
            Task { await gate.enqueue(job) }
        }
    }
}
