import Foundation
import Fluent
import SQLKit

/// Raw SQL of the walk-in hall and leader reception, on SQLite and PostgreSQL alike.
enum HallRepository {
    /// The next queue number of an area on a local day: one statement bumps and returns it under
    /// the counter row's lock, so concurrent registrations never share a number.
    static func nextNumber(area: String, day: String, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let key = "\(area):\(day)"
        let row = try await sql.raw("""
            INSERT INTO hall_queue_counters (counter_key, last) VALUES (\(bind: key), 1)
            ON CONFLICT (counter_key) DO UPDATE SET last = hall_queue_counters.last + 1
            RETURNING last
            """).first()
        guard let row else { throw HeweiError.internalFailure("queue counter returned no row") }
        return try row.decode(column: "last", as: Int.self)
    }

    /// Takes a place on a reception day under its row lock; false when the day is full or cancelled.
    static func takePlace(day id: UUID, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            UPDATE reception_days SET booked = booked + 1
            WHERE id = \(bind: id) AND booked < capacity AND state = 'scheduled' RETURNING booked
            """).first()
        return row != nil
    }

    /// Gives a place back (a cancelled booking).
    static func freePlace(day id: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("UPDATE reception_days SET booked = booked - 1 WHERE id = \(bind: id) AND booked > 0").run()
    }
}
