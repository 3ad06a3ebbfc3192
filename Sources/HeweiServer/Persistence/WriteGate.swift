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
public actor WriteGate {
    public nonisolated let serial: Bool
    /// The most writers committed together.
    public let maxBatch: Int
    private var queue: [any GateJob] = []
    /// A database used only for writing (SQLite file: its own connection, so readers never wait
    /// for a connection that a write transaction holds). Nil: the writer's own database.
    private var writer: (any Database)?
    private var draining = false
    public private(set) var batches = 0
    public private(set) var jobs = 0

    public init(serial: Bool, maxBatch: Int = 128) {
        self.serial = serial
        self.maxBatch = maxBatch
    }

    func useWriter(_ db: any Database) { writer = db }

    func enqueue(_ job: any GateJob) {
        queue.append(job)
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
            let db = writer ?? batch[0].database
            do {
                try await db.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    // Wait for writers in other processes (the CLI) instead of failing at once.
                    try await sql.raw("PRAGMA busy_timeout = 5000").run()
                    for (i, job) in batch.enumerated() {
                        if batch.count == 1 {
                            await job.run(on: tx)
                            if job.failed { throw GateRollback() }
                            continue
                        }
                        try await sql.raw("SAVEPOINT \(unsafeRaw: "w\(i)")").run()
                        await job.run(on: tx)
                        if job.failed { try await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: "w\(i)")").run() }
                        try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: "w\(i)")").run()
                    }
                }
                for job in batch { job.finish(commitError: nil) }
            } catch is GateRollback {
                for job in batch { job.finish(commitError: nil) }
            } catch {
                for job in batch { job.finish(commitError: error) }
            }
        }
        draining = false
    }
}

/// Thrown to roll back a batch of one whose only writer failed; the writer gets its own error.
private struct GateRollback: Error {}

protocol GateJob: AnyObject, Sendable {
    var database: any Database { get }
    var failed: Bool { get }
    func run(on db: any Database) async
    func finish(commitError: (any Error)?)
}

/// One writer waiting in the gate, with its result held until the batch commits.
final class WriteJob<T: Sendable>: GateJob, @unchecked Sendable {
    let database: any Database
    private let body: @Sendable (any Database) async throws -> T
    private let continuation: CheckedContinuation<T, any Error>
    private var result: Result<T, any Error>?

    init(database: any Database, body: @escaping @Sendable (any Database) async throws -> T,
         continuation: CheckedContinuation<T, any Error>) {
        self.database = database
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
        return try await withCheckedThrowingContinuation { continuation in
            let job = WriteJob(database: self, body: body, continuation: continuation)
            Task { await gate.enqueue(job) }
        }
    }
}
