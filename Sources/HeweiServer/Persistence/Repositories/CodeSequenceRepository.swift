import Fluent
import SQLKit

/// Daily order-code sequence numbers. One statement bumps and returns the number, on SQLite and
/// PostgreSQL alike, so two intakes never get the same code.
enum CodeSequenceRepository {
    /// Reserves `count` numbers for the day and returns the last of them.
    static func next(dayKey: String, count: Int = 1, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            INSERT INTO code_sequences (day_key, last) VALUES (\(bind: dayKey), \(bind: count))
            ON CONFLICT (day_key) DO UPDATE SET last = code_sequences.last + \(bind: count)
            RETURNING last
            """).first()
        guard let row else { throw HeweiError.internalFailure("code sequence returned no row") }
        return try row.decode(column: "last", as: Int.self)
    }
}
