import Fluent
import Foundation
import HeweiCore
import Vapor

/// Starts, stops and extends the clocks of case records on the working calendar, with the same
/// `DeadlineClock` arithmetic, yellow-light rule and stored derivation as order deadlines.
struct CaseClockBook {
    let rules: Rules

    func clock(of row: CaseClockModel) throws -> DeadlineClock {
        try StoredClock.clock(startedAt: row.startedAt, limit: row.timeLimit, extensions: row.extensions, pauses: row.pauses, row: row.id)
    }

    func store(_ clock: DeadlineClock, in row: CaseClockModel, now: Date) throws {
        row.startedAt = clock.startedAt
        (row.timeLimit, row.extensions, row.pauses) = try StoredClock.parts(of: clock)
        row.dueAt = clock.dueAt(on: rules.calendar)
        row.warnAt = clock.warnAt(on: rules.calendar, rule: rules.policy.warning)
        row.light = clock.light(at: now, on: rules.calendar, rule: rules.policy.warning).rawValue
    }

    /// Starts a clock of `kind` (e.g. `duration`, `forward`, `handling`) at `start` (default: now).
    @discardableResult
    func start(_ type: CaseRecordType, _ id: UUID, kind: String, limit: TimeLimit, startedAt start: Date? = nil,
               now: Date, on db: any Database) async throws -> CaseClockModel {
        let row = CaseClockModel()
        row.id = OrderedID.make()
        row.recordType = type.rawValue
        row.recordID = id
        row.kind = kind
        row.status = "open"
        row.light = Light.green.rawValue
        try store(DeadlineClock(startedAt: start ?? now, limit: limit), in: row, now: now)
        try await row.create(on: db)
        return row
    }

    /// Open clocks of a record, optionally of some kinds only.
    func open(_ type: CaseRecordType, _ id: UUID, kinds: [String]? = nil, on db: any Database) async throws -> [CaseClockModel] {
        var q = CaseClockModel.query(on: db).filter(\.$recordType == type.rawValue).filter(\.$recordID == id)
            .filter(\.$status == "open")
        if let kinds { q = q.filter(\.$kind ~~ kinds) }
        return try await q.all()
    }

    /// Every clock of a record, oldest first.
    func all(_ type: CaseRecordType, _ id: UUID, on db: any Database) async throws -> [CaseClockModel] {
        try await CaseClockModel.query(on: db).filter(\.$recordType == type.rawValue).filter(\.$recordID == id)
            .sort(\.$startedAt).sort(\.$id).all()
    }

    /// Stops open clocks: `met` or `late` against their due time, or `cancelled`. Returns kind → status.
    @discardableResult
    func stop(_ type: CaseRecordType, _ id: UUID, kinds: [String]? = nil, cancel: Bool = false, now: Date,
              on db: any Database) async throws -> [String: String] {
        var stopped: [String: String] = [:]
        for row in try await open(type, id, kinds: kinds, on: db) {
            row.status = cancel ? "cancelled" : ((row.dueAt.map { now <= $0 } ?? true) ? "met" : "late")
            row.stoppedAt = now
            try await row.save(on: db)
            stopped[row.kind] = row.status
        }
        return stopped
    }

    /// Adds an approved extension to the open clock of `kind`; returns the new due time.
    @discardableResult
    func extend(_ type: CaseRecordType, _ id: UUID, kind: String, by extra: TimeLimit, now: Date,
                on db: any Database) async throws -> Date? {
        guard let row = try await open(type, id, kinds: [kind], on: db).first else {
            throw HeweiError.conflict("there is no running \(kind) clock to extend")
        }
        var clock = try clock(of: row)
        clock.extensions.append(extra)
        try store(clock, in: row, now: now)
        try await row.save(on: db)
        return row.dueAt
    }
}

/// A clock as the API shows it.
struct CaseClockDTO: Content {
    var kind: String
    var startedAt: Date
    var limit: String
    var extensions: [String]
    var dueAt: Date?
    var status: String
    var light: String
    var stoppedAt: Date?

    init(_ row: CaseClockModel) {
        kind = row.kind
        startedAt = row.startedAt
        limit = row.timeLimit
        extensions = (try? JSONDecoder().decode([String].self, from: Data(row.extensions.utf8))) ?? []
        dueAt = row.dueAt
        status = row.status
        light = row.light
        stoppedAt = row.stoppedAt
    }
}
