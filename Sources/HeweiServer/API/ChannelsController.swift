import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/channels`: the channels requests arrive on (渠道), as configuration. Any staff member
/// reads them; the system administrator adds, renames, deactivates them or sets their default
/// request kind; every change is recorded in the configuration changes. Channels are never deleted.
struct ChannelsController: RouteCollection {
    struct ChannelDTO: Content {
        var code: String
        var name: String
        var nameEn: String
        /// Requests only from a machine interface (device webhooks, Open311 clients, machine tokens).
        var machine: Bool
        var defaultRequestKind: String?
        var active: Bool
    }

    struct ChannelInput: Content {
        var name: String
        var nameEn: String
        var machine: Bool?
        var defaultRequestKind: String?
        var active: Bool?
        var note: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("channels", use: list)
        routes.put("channels", ":code", use: set)
    }

    func list(req: Request) async throws -> [ChannelDTO] {
        try req.principal().require(.reference, .read)
        return req.hewei.channels.all.map(Self.dto)
    }

    func set(req: Request) async throws -> ChannelDTO {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let code = try Validate.text(req.parameters.get("code"), "code", max: 40)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw HeweiError.invalidField("code", "letters, digits and _ only")
        }
        let input = try req.content.decode(ChannelInput.self)
        let kind = try input.defaultRequestKind.map { try Validate.choice($0, "defaultRequestKind", as: RequestKind.self).rawValue }
        let note = try Validate.text(input.note, "note", max: 500)
        let now = req.hewei.clock.now()
        let existing = try await ChannelModel.query(on: req.db).filter(\.$code == code).first()
        let row = existing ?? ChannelModel()
        let before = existing.map { Self.describe(ChannelDirectory.Entry($0)) } ?? "(none)"
        if existing == nil {
            row.id = UUID()
            row.code = code
            row.position = (try await ChannelModel.query(on: req.db).max(\.$position) ?? 0) + 1
        }
        row.name = try Validate.text(input.name, "name", max: 50)
        row.nameEn = try Validate.text(input.nameEn, "nameEn", max: 80)
        row.machine = input.machine ?? row.$machine.value ?? false
        row.defaultRequestKind = kind
        row.active = input.active ?? true
        row.updatedAt = now
        let after = Self.describe(ChannelDirectory.Entry(row))
        try await req.db.write(gate: req.hewei.gate) { db in
            if existing == nil { try await row.create(on: db) } else { try await row.save(on: db) }
            try await ConfigChangeModel.record("channels", before: before, after: after, note: note, by: actor, at: now, on: db)
        }
        try await req.hewei.channels.reload(from: req.db, now: now)
        return Self.dto(ChannelDirectory.Entry(row))
    }

    static func dto(_ e: ChannelDirectory.Entry) -> ChannelDTO {
        ChannelDTO(code: e.code, name: e.name, nameEn: e.nameEn, machine: e.machine, defaultRequestKind: e.defaultRequestKind, active: e.active)
    }

    static func describe(_ e: ChannelDirectory.Entry) -> String {
        (try? RulesRepository.encode(dto(e))) ?? e.code
    }
}
