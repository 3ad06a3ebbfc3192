import Fluent
import Foundation
import SQLKit
import HeweiCore

/// The sweeper's indexed look-ups and its compare-and-set light changes. The conditional UPDATE …
/// RETURNING makes each light change happen once even when several instances sweep the same rows.
enum DeadlineSweepRepository {
    static func dueForYellow(before now: Date, limit: Int, on db: any Database) async throws -> [DeadlineModel] {
        try await DeadlineModel.query(on: db)
            .filter(\.$status == "open").filter(\.$warnAt <= now)
            .filter(\.$light == "green").filter(\.$kind ~~ DeadlineBook.lightKinds)
            .limit(limit).all()
    }

    static func dueForRed(before now: Date, limit: Int, on db: any Database) async throws -> [DeadlineModel] {
        try await DeadlineModel.query(on: db)
            .filter(\.$status == "open").filter(\.$dueAt <= now)
            .filter(\.$light != "red").filter(\.$kind ~~ DeadlineBook.lightKinds)
            .limit(limit).all()
    }

    /// Open clocks of a kind whose time has run out: objection windows, claim pools, notices' response clocks.
    static func expired(_ kind: ClockKind, before now: Date, limit: Int, on db: any Database) async throws -> [DeadlineModel] {
        try await DeadlineModel.query(on: db)
            .filter(\.$status == "open").filter(\.$dueAt <= now).filter(\.$kind == kind.rawValue)
            .limit(limit).all()
    }

    /// The two tables of clocks with lights: order deadlines and case clocks (mediation, petitions).
    enum ClockTable: String {
        case deadlines
        case caseClocks = "case_clocks"
    }

    /// Turns an open clock's light yellow (from green) or red (from green or yellow); true when this
    /// call made the change, so a light changes once however many instances sweep.
    static func changeLight(of id: UUID, to light: Light, in table: ClockTable = .deadlines, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let from = light == .red ? ["green", "yellow"] : ["green"]
        let rows = try await sql.raw("""
            UPDATE \(ident: table.rawValue) SET light = \(bind: light.rawValue)
            WHERE id = \(bind: id) AND status = 'open' AND light IN (\(binds: from)) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    static func expire(_ id: UUID, at now: Date, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE deadlines SET status = 'expired', stopped_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'open' RETURNING id
            """).all()
        return !rows.isEmpty
    }
}
