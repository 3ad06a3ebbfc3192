import Fluent
import Foundation
import HeweiCore
import Vapor
import Yams

/// The mediation organisation as data (mediation.yaml): settings, rooms, "3+N+1" teams, mediators.
struct MediationOrganisationFile: Codable, Sendable {
    struct Settings: Codable, Sendable {
        var caseDays: Int?
        var confirmationDays: Int?
    }
    struct Room: Codable, Sendable {
        var code: String
        var centre: String
        var name: String
        var type: String
    }
    struct Team: Codable, Sendable {
        var code: String
        var name: String
        var kind: String
        var disputeTypes: [String]
    }
    struct Mediator: Codable, Sendable {
        var code: String
        var name: String
        var title: String
        var skills: [String]
        var room: String
        var team: String?
        var username: String?
    }
    var settings: Settings?
    var rooms: [Room]
    var teams: [Team]
    var mediators: [Mediator]
}

/// Loads, checks and stores the mediation organisation; finds rooms and centres.
enum MediationOrganisation {
    /// The demo file (Defaults/demo/mediation.yaml).
    static func demo() throws -> MediationOrganisationFile {
        let url = try DeploymentFiles.defaultsDirectory().appendingPathComponent("demo/mediation.yaml")
        return try YAMLDecoder().decode(MediationOrganisationFile.self, from: String(contentsOf: url, encoding: .utf8))
    }

    /// The settings in force (the demo file's; defaults 30 + 30 statutory days).
    static let settings: (caseDays: Int, confirmationDays: Int) = {
        let s = (try? demo())?.settings
        return (s?.caseDays ?? 30, s?.confirmationDays ?? 30)
    }()

    /// Checks a file against the organisation: rooms at known centres, known types and teams.
    static func validate(_ file: MediationOrganisationFile, org: OrgDirectory) throws {
        var rooms = Set<String>(), teams = Set<String>(), mediators = Set<String>()
        for r in file.rooms {
            guard rooms.insert(r.code).inserted else { throw HeweiError.invalidField("rooms", "duplicate room '\(r.code)'") }
            guard let c = org.unit(code: r.centre), c.kind == "centre" else {
                throw HeweiError.invalidField("rooms", "'\(r.code)': '\(r.centre)' is not a centre")
            }
            guard MediationRoomType(rawValue: r.type) != nil else {
                throw HeweiError.invalidField("rooms", "'\(r.code)': type must be one of \(MediationRoomType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !r.name.isEmpty else { throw HeweiError.invalidField("rooms", "'\(r.code)': give a name") }
        }
        for t in file.teams {
            guard teams.insert(t.code).inserted else { throw HeweiError.invalidField("teams", "duplicate team '\(t.code)'") }
            guard MediationTeamKind(rawValue: t.kind) != nil else {
                throw HeweiError.invalidField("teams", "'\(t.code)': kind must be professional, specialised or confucianAdviser")
            }
        }
        for m in file.mediators {
            guard mediators.insert(m.code).inserted else { throw HeweiError.invalidField("mediators", "duplicate mediator '\(m.code)'") }
            guard rooms.contains(m.room) else { throw HeweiError.invalidField("mediators", "'\(m.code)': unknown room '\(m.room)'") }
            if let t = m.team, !teams.contains(t) { throw HeweiError.invalidField("mediators", "'\(m.code)': unknown team '\(t)'") }
            for s in m.skills where !MediationDisputeTypes.isKnown(s) {
                throw HeweiError.invalidField("mediators", "'\(m.code)': unknown skill '\(s)'")
            }
        }
    }

    /// Replaces the stored rooms, teams and mediators with the file's (rows no longer listed stay,
    /// marked inactive, since cases refer to them).
    static func write(_ file: MediationOrganisationFile, org: OrgDirectory, on db: any Database) async throws {
        try validate(file, org: org)
        let enc = JSONEncoder.mediation
        func json(_ a: [String]) throws -> String { String(decoding: try enc.encode(a), as: UTF8.self) }
        let rooms = Dictionary(uniqueKeysWithValues: try await MediationRoomModel.query(on: db).all().map { ($0.code, $0) })
        for r in rooms.values where !file.rooms.contains(where: { $0.code == r.code }) { r.active = false; try await r.save(on: db) }
        for r in file.rooms {
            let row = rooms[r.code] ?? MediationRoomModel()
            if row.id == nil { row.id = OrderedID.make(); row.code = r.code }
            row.name = r.name; row.centreID = org.unit(code: r.centre)!.id; row.type = r.type; row.active = true
            try await row.save(on: db)
        }
        let teams = Dictionary(uniqueKeysWithValues: try await MediationTeamModel.query(on: db).all().map { ($0.code, $0) })
        for t in teams.values where !file.teams.contains(where: { $0.code == t.code }) { t.active = false; try await t.save(on: db) }
        for t in file.teams {
            let row = teams[t.code] ?? MediationTeamModel()
            if row.id == nil { row.id = OrderedID.make(); row.code = t.code }
            row.name = t.name; row.kind = t.kind; row.disputeTypes = try json(t.disputeTypes); row.active = true
            try await row.save(on: db)
        }
        let mediators = Dictionary(uniqueKeysWithValues: try await MediatorModel.query(on: db).all().map { ($0.code, $0) })
        for m in mediators.values where !file.mediators.contains(where: { $0.code == m.code }) { m.active = false; try await m.save(on: db) }
        for m in file.mediators {
            let row = mediators[m.code] ?? MediatorModel()
            if row.id == nil { row.id = OrderedID.make(); row.code = m.code }
            row.name = m.name; row.title = m.title; row.skills = try json(m.skills); row.roomCode = m.room
            row.teamCode = m.team; row.username = m.username; row.active = true
            try await row.save(on: db)
        }
    }

    /// Seeds the demo organisation's mediation data (called from the demo seeder; tests get it too).
    static func seedDemo(_ app: Application) async throws {
        let file = try demo()
        let org = app.hewei.org
        try await app.db.write(gate: app.hewei.gate) { db in try await write(file, org: org, on: db) }
        try await seedMediatorAccounts(file, app: app)
    }

    /// Demo sign-ins for the mediators with a username (role mediator, unit = their room's centre),
    /// with the demo password; `mediator` (city centre) exists already.
    static func seedMediatorAccounts(_ file: MediationOrganisationFile, app: Application) async throws {
        let existing = Set(try await UserModel.query(on: app.db).all().map(\.username))
        let rooms = Dictionary(uniqueKeysWithValues: file.rooms.map { ($0.code, $0.centre) })
        var accounts: [DemoAccounts.Account] = []
        for m in file.mediators {
            guard let u = m.username, !existing.contains(u), let centre = rooms[m.room] else { continue }
            accounts.append(.init(username: u, name: "调解员 \(m.name)", role: .mediator, unitCode: centre))
        }
        guard !accounts.isEmpty else { return }
        let now = app.hewei.clock.now()
        let list = accounts
        try await app.db.write(gate: app.hewei.gate) { db in try await DemoAccounts.write(list, app: app, now: now, on: db) }
    }

    /// The room a new case goes to: the given one, else the first room of the actor's centre, else the city's.
    static func room(for code: String?, actor: Principal, context: HeweiContext, on db: any Database) async throws -> MediationRoomModel {
        if let code = code?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard let room = try await MediationRoomModel.query(on: db).filter(\.$code == code).filter(\.$active == true).first() else {
                throw HeweiError.invalidField("roomCode", "there is no active mediation room '\(code)'")
            }
            return room
        }
        let centres = [context.org.centre(of: actor.unitID)?.id, context.org.all.first { $0.kind == "centre" && $0.level == "city" }?.id]
        for case let centre? in centres {
            if let room = try await firstRoom(of: centre, on: db) { return room }
        }
        throw HeweiError.invalidField("roomCode", "no mediation room is configured; give roomCode")
    }

    static func firstRoom(of centre: UUID, on db: any Database) async throws -> MediationRoomModel? {
        try await MediationRoomModel.query(on: db).filter(\.$centreID == centre).filter(\.$active == true).sort(\.$code).first()
    }
}
