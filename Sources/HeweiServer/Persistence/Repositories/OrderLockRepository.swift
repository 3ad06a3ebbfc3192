import Fluent
import Foundation
import SQLKit

/// Takes the order's row lock for the rest of the transaction by bumping its version: PostgreSQL
/// holds the row lock until commit, SQLite has one writer anyway. Returns the new version, which
/// also numbers the event the action appends.
enum OrderLockRepository {
    /// `bump: false` takes the lock without changing the version (a change that appends no event).
    static func lock(orderID: UUID, bump: Bool = true, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            UPDATE work_orders SET version = version + \(unsafeRaw: bump ? "1" : "0") WHERE id = \(bind: orderID) RETURNING version
            """).first()
        guard let row else { throw HeweiError.notFound("work order") }
        return try row.decode(column: "version", as: Int.self)
    }
}
