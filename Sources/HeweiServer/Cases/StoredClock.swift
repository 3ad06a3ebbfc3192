import Foundation
import HeweiCore

/// How a clock's parts are kept in a row — the limit as text, approved extensions and pauses as JSON —
/// for order deadlines (`deadlines`) and case clocks (`case_clocks`) alike, so that either can be
/// recomputed exactly from what it was derived from.
enum StoredClock {
    static func clock(startedAt: Date, limit text: String, extensions: String, pauses: String, row: UUID?) throws -> DeadlineClock {
        guard let limit = TimeLimit(parsing: text) else {
            throw HeweiError.internalFailure("clock \(row?.uuidString ?? "?") has an unreadable limit")
        }
        let decoder = JSONDecoder()
        return DeadlineClock(startedAt: startedAt, limit: limit,
                             extensions: try decoder.decode([TimeLimit].self, from: Data(extensions.utf8)),
                             pauses: try decoder.decode([DeadlineClock.Pause].self, from: Data(pauses.utf8)))
    }

    /// The limit, extensions and pauses columns of `clock`.
    static func parts(of clock: DeadlineClock) throws -> (limit: String, extensions: String, pauses: String) {
        let encoder = JSONEncoder()
        return (clock.limit.description, String(decoding: try encoder.encode(clock.extensions), as: UTF8.self),
                String(decoding: try encoder.encode(clock.pauses), as: UTF8.self))
    }
}
