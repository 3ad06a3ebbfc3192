import Fluent
import Foundation
import SQLKit
import Vapor

/// Locks a case record and appends its events. A change takes the record's row lock by bumping its
/// `version` (as orders do); the new version numbers the event, so two writers can never append the
/// same sequence number, and the unique index on (record_type, record_id, seq) would refuse it anyway.
enum CaseEventLog {
    /// Takes the row lock for the rest of the transaction; returns the new version (the event's seq).
    static func lock(_ type: CaseRecordType, _ id: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            UPDATE \(unsafeRaw: type.table) SET version = version + 1 WHERE id = \(bind: id) RETURNING version
            """).first()
        guard let row else { throw HeweiError.notFound(type.rawValue) }
        return try row.decode(column: "version", as: Int.self)
    }

    /// The record's current state (nil when there is no such record).
    static func state(_ type: CaseRecordType, _ id: UUID, on db: any Database) async throws -> String? {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT state FROM \(unsafeRaw: type.table) WHERE id = \(bind: id)").first()?
            .decode(column: "state", as: String.self)
    }

    /// Appends one event with the given sequence number (from `lock`, or 1 for a new record).
    @discardableResult
    static func append(_ type: CaseRecordType, _ id: UUID, seq: Int, action: String, from: String?, to: String,
                       by actor: Principal, note: String = "", data: [String: String] = [:], at now: Date,
                       on db: any Database) async throws -> CaseEventModel {
        let event = CaseEventModel()
        event.id = OrderedID.make()
        event.recordType = type.rawValue
        event.recordID = id
        event.seq = seq
        event.action = action
        event.actorID = actor.id
        event.actorName = actor.name
        event.actorRole = actor.roleName
        event.actorUnitID = actor.unitID
        event.at = now
        event.note = note
        event.fromState = from
        event.toState = to
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        event.data = String(decoding: try encoder.encode(data), as: UTF8.self)
        try await event.create(on: db)
        return event
    }

    /// Every event of one record, oldest first.
    static func history(_ type: CaseRecordType, _ id: UUID, on db: any Database) async throws -> [CaseEventModel] {
        try await CaseEventModel.query(on: db).filter(\.$recordType == type.rawValue).filter(\.$recordID == id)
            .sort(\.$seq).all()
    }
}

/// An event as the API shows it.
struct CaseEventDTO: Content {
    var seq: Int
    var action: String
    var at: Date
    var actor: String
    var actorRole: String
    var fromState: String?
    var toState: String
    var note: String
    var data: [String: String]

    init(_ e: CaseEventModel) {
        seq = e.seq
        action = e.action
        at = e.at
        actor = e.actorName
        actorRole = e.actorRole
        fromState = e.fromState
        toState = e.toState
        note = e.note
        data = (try? JSONDecoder().decode([String: String].self, from: Data(e.data.utf8))) ?? [:]
    }
}
