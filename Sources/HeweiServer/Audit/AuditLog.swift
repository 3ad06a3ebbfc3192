import Fluent
import Foundation
import NIOConcurrencyHelpers

/// Appends to the audit trail. Callers queue drafts and wait; one leader writes everything queued
/// in a single transaction (head locked, entries chained, head moved, an anchor every
/// `anchorEvery` entries), and everyone is answered after the commit.
public actor AuditLog {
    /// An anchor is written whenever the chain passes a multiple of this.
    nonisolated let anchorEvery: Int
    /// A file the anchors are also appended to (a copy outside the database), if configured.
    nonisolated let anchorFile: String?
    private var queue: [(AuditDraft, CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    private var database: (any Database)?
    private var gate: WriteGate?
    private var clock: (any HeweiClock)?

    init(anchorEvery: Int = 1000, anchorFile: String?) {
        self.anchorEvery = anchorEvery
        self.anchorFile = anchorFile
    }

    func use(database: any Database, gate: WriteGate, clock: any HeweiClock) {
        self.database = database
        self.gate = gate
        self.clock = clock
    }

    /// Appends one entry; returns once it is committed.
    nonisolated func record(_ draft: AuditDraft) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            Task { await self.enqueue(draft, c) }
        }
    }

    /// Writes an anchor for the current head now (`hewei audit anchor`).
    func anchorNow() async throws -> (Int, String) {
        guard let database, let gate, let clock else { throw HeweiError.internalFailure("audit log not set up") }
        let now = Self.millis(clock.now())
        let (seq, hash) = try await database.write(gate: gate) { db in
            let (seq, hash) = try await AuditRepository.lockHead(on: db)
            try await Self.anchor(seq: seq, hash: hash, atMs: now, on: db)
            return (seq, hash)
        }
        appendToFile([(seq, hash, now)])
        return (seq, hash)
    }

    private func enqueue(_ draft: AuditDraft, _ c: CheckedContinuation<Void, any Error>) {
        queue.append((draft, c))
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = queue
            queue.removeAll()
            do {
                guard let database, let gate, let clock else { throw HeweiError.internalFailure("audit log not set up") }
                let now = Self.millis(clock.now())
                let drafts = batch.map(\.0)
                let every = anchorEvery
                let anchors = try await database.write(gate: gate) { db in
                    try await Self.append(drafts, atMs: now, anchorEvery: every, on: db)
                }
                appendToFile(anchors)
                for (_, c) in batch { c.resume() }
            } catch {
                for (_, c) in batch { c.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// Chains and inserts the drafts inside the caller's transaction; returns the anchors written.
    static func append(_ drafts: [AuditDraft], atMs: Int64, anchorEvery: Int, on db: any Database) async throws -> [(Int, String, Int64)] {
        var (seq, prev) = try await AuditRepository.lockHead(on: db)
        var anchors: [(Int, String, Int64)] = []
        var rows: [AuditEntryModel] = []
        for d in drafts {
            seq += 1
            let e = AuditEntryModel()
            e.id = OrderedID.make()
            e.seq = seq
            e.atMs = atMs
            e.actorID = d.actorID
            e.actor = String(d.actor.prefix(100))
            e.role = d.role
            e.kind = d.kind
            e.action = String(d.action.prefix(200))
            e.target = String(d.target.prefix(500))
            e.status = d.status
            e.reason = String(d.reason.prefix(500))
            e.ip = d.ip
            e.prevHash = prev
            e.hash = AuditChain.hash(of: e)
            prev = e.hash
            rows.append(e)
            if seq % anchorEvery == 0 { anchors.append((seq, e.hash, atMs)) }
        }
        try await AuditRepository.insert(rows, on: db)
        try await AuditRepository.setHead(seq: seq, hash: prev, on: db)
        for a in anchors { try await anchor(seq: a.0, hash: a.1, atMs: a.2, on: db) }
        return anchors
    }

    private static func anchor(seq: Int, hash: String, atMs: Int64, on db: any Database) async throws {
        let a = AuditAnchorModel()
        a.id = OrderedID.make()
        a.seq = seq
        a.hash = hash
        a.atMs = atMs
        try await a.create(on: db)
    }

    /// One line per anchor: `seq hash atMs`.
    nonisolated func appendToFile(_ anchors: [(Int, String, Int64)]) {
        guard let anchorFile, !anchors.isEmpty else { return }
        let text = anchors.map { "\($0.0) \($0.1) \($0.2)\n" }.joined()
        if let handle = FileHandle(forWritingAtPath: anchorFile) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.synchronize()
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: anchorFile, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
