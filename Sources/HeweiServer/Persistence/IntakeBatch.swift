import Fluent
import Foundation
import SQLKit

/// The rows of one new order.
struct OrderRows: @unchecked Sendable {
    var order: WorkOrderModel
    var events: [OrderEventModel]
    var deadlines: [DeadlineModel]
    /// Outbox rows for the requester (受理 / 办结 at once), written with the order.
    var notifications: [NotificationModel] = []
    /// Risk warnings the intake raises (extreme-risk words), written in the same transaction.
    var riskWarnings: [RiskWarningModel] = []
}

/// An intake waiting in the write gate. Intakes queued together are written as a handful of
/// multi-row statements for the whole batch — one code-sequence bump per day, then all orders,
/// all events, all clocks, all notifications — instead of several statements per order. If the batch cannot be
/// written that way (a concurrent duplicate idempotency key…), the batch is rolled back and every
/// intake runs again on its own (`fallback`), so each gets its own answer.
final class IntakeJob: @unchecked Sendable {
    let dayKey: String
    let idempotencyKey: String?
    let database: any Database
    let build: @Sendable (Int) throws -> OrderRows
    let fallback: @Sendable (any Database) async throws -> WorkOrderModel
    var continuation: CheckedContinuation<(WorkOrderModel, Bool), any Error>?
    /// The request's audit entry, appended in the batch's transaction.
    var audit: AuditClaim?

    init(dayKey: String, idempotencyKey: String?, database: any Database,
         build: @escaping @Sendable (Int) throws -> OrderRows,
         fallback: @escaping @Sendable (any Database) async throws -> WorkOrderModel) {
        self.dayKey = dayKey
        self.idempotencyKey = idempotencyKey
        self.database = database
        self.build = build
        self.fallback = fallback
    }

    /// The same intake as an ordinary gate job (its own savepoint, its own statements).
    func asWriteJob() -> any GateJob {
        let fallback = self.fallback, key = idempotencyKey
        let continuation = self.continuation!
        return ReplyingJob(database: database, audit: audit) { db -> (WorkOrderModel, Bool) in
            if let key, let existing = try await WorkOrderModel.query(on: db).filter(\.$idempotencyKey == key).first() {
                return (existing, true)
            }
            return (try await fallback(db), false)
        } reply: { continuation.resume(with: $0) }
    }
}

/// A gate job that hands its result to a callback after the commit.
final class ReplyingJob<T: Sendable>: GateJob, @unchecked Sendable {
    let database: any Database
    private let body: @Sendable (any Database) async throws -> T
    private let reply: (Result<T, any Error>) -> Void
    private var result: Result<T, any Error>?
    let audit: AuditClaim?

    init(database: any Database, audit: AuditClaim? = nil, body: @escaping @Sendable (any Database) async throws -> T,
         reply: @escaping (Result<T, any Error>) -> Void) {
        self.database = database
        self.audit = audit
        self.body = body
        self.reply = reply
    }

    var failed: Bool {
        if case .failure = result { return true }
        return false
    }

    func run(on db: any Database) async {
        do { result = .success(try await body(db)) } catch { result = .failure(error) }
    }

    func fail(_ error: any Error) { result = .failure(error) }

    func finish(commitError: (any Error)?) {
        if let commitError, !failed { reply(.failure(commitError)) } else { reply(result ?? .failure(HeweiError.internalFailure("job did not run"))) }
    }
}

enum IntakeBatchWriter {
    /// Writes a batch of intakes; returns each job's order and whether it was an idempotent replay.
    static func write(_ jobs: [IntakeJob], on db: any Database) async throws -> [(WorkOrderModel, Bool)] {
        // Idempotency: keys already stored, and keys repeated inside the batch.
        let keys = Array(Set(jobs.compactMap(\.idempotencyKey)))
        var existing: [String: WorkOrderModel] = [:]
        if !keys.isEmpty {
            for order in try await WorkOrderModel.query(on: db).filter(\.$idempotencyKey ~~ keys).all() {
                existing[order.idempotencyKey!] = order
            }
        }
        var fresh: [Int] = []
        var firstWithKey: [String: Int] = [:]
        for (i, job) in jobs.enumerated() {
            guard let key = job.idempotencyKey else { fresh.append(i); continue }
            if existing[key] != nil || firstWithKey[key] != nil { continue }
            firstWithKey[key] = i
            fresh.append(i)
        }
        // One sequence bump per day for all new orders of that day.
        var sequences: [Int: Int] = [:]
        for (day, members) in Dictionary(grouping: fresh, by: { jobs[$0].dayKey }) {
            let last = try await CodeSequenceRepository.next(dayKey: day, count: members.count, on: db)
            for (offset, i) in members.enumerated() { sequences[i] = last - members.count + 1 + offset }
        }
        var built: [Int: OrderRows] = [:]
        for i in fresh { built[i] = try jobs[i].build(sequences[i]!) }
        let rows = fresh.map { built[$0]! }
        try await OrderRowsRepository.insert(rows, on: db)
        return jobs.enumerated().map { i, job in
            if let rows = built[i] { return (rows.order, false) }
            let key = job.idempotencyKey!
            return (existing[key] ?? built[firstWithKey[key]!]!.order, true)
        }
    }
}
