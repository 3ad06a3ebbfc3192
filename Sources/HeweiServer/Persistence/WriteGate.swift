import Fluent
import Foundation
import SQLKit

/// Runs write transactions. SQLite allows one writer at a time, so on SQLite the gate queues writers
/// in this process (first come, first served) instead of letting them fail with SQLITE_BUSY;
/// on PostgreSQL it lets them run concurrently and row locks do the ordering.
public actor WriteGate {
    private let serial: Bool
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(serial: Bool) { self.serial = serial }

    public func acquire() async {
        guard serial else { return }
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        guard serial else { return }
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension Database {
    /// One write transaction through the gate. Everything `body` does commits together or not at all.
    func write<T: Sendable>(gate: WriteGate, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        await gate.acquire()
        do {
            let result = try await self.transaction { db in
                if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                    // Wait for writers in other processes (the CLI) instead of failing at once.
                    try await sql.raw("PRAGMA busy_timeout = 5000").run()
                }
                return try await body(db)
            }
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }
}
