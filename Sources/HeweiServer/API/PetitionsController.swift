import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/petitions`: 信访 — register, list, read, actions, history, clocks, reveal, export, figures.
/// Every route takes its scope from `PetitionScope` (a petition out of scope does not exist: 404).
struct PetitionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let p = routes.grouped("petitions")
        p.get(use: list)
        p.post(use: register)
        p.get("export", use: export)
        p.get("figures", use: figures)
        p.get(":code", use: show)
        p.get(":code", "events", use: events)
        p.get(":code", "clocks", use: clocks)
        p.post(":code", "reveal", use: reveal)
        p.post(":code", "actions", ":action", use: act)
    }

    func list(req: Request) async throws -> Page<PetitionDTO> {
        let viewer = try req.principal()
        let scope = try PetitionScope.of(viewer, .list, context: req.hewei)
        let filter = try PetitionFilter.parse(try req.query.decode([String: String].self), org: req.hewei.org)
        let (rows, total) = try await filter.run(scope: scope, on: req.db)
        return Page(items: rows.map { PetitionView.dto($0, scope: scope, viewer: viewer, context: req.hewei) },
                    page: filter.page, per: filter.per, total: total)
    }

    func register(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.petitions, .create)
        let input = try req.content.decode(PetitionRegistration.self)
        let ctx = req.hewei
        let now = ctx.clock.now()
        let row = try await req.db.write(gate: ctx.gate) { db in
            try await PetitionIntake.register(input, by: viewer, context: ctx, now: now, on: db)
        }
        let scope = try PetitionScope.of(viewer, .create, context: ctx)
        let dto = try await PetitionView.detail(row, scope: scope, viewer: viewer, context: ctx, on: req.db)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/petitions/\(row.code)")
        try response.content.encode(dto, as: .json)
        return response
    }

    func show(req: Request) async throws -> PetitionDTO {
        let viewer = try req.principal()
        let (scope, row) = try await PetitionScope.load(try code(req), viewer, .read, context: req.hewei, on: req.db)
        return try await PetitionView.detail(row, scope: scope, viewer: viewer, context: req.hewei, on: req.db)
    }

    func events(req: Request) async throws -> [CaseEventDTO] {
        let viewer = try req.principal()
        let (scope, row) = try await PetitionScope.load(try code(req), viewer, .read, context: req.hewei, on: req.db)
        return try await PetitionHistory.events(row, scope: scope, on: req.db)
    }

    func clocks(req: Request) async throws -> [CaseClockDTO] {
        let viewer = try req.principal()
        let (_, row) = try await PetitionScope.load(try code(req), viewer, .read, context: req.hewei, on: req.db)
        return try await CaseClockBook(rules: req.hewei.rules.current).all(.petition, row.id!, on: req.db).map(CaseClockDTO.init)
    }

    func reveal(req: Request) async throws -> PetitionersDTO {
        let viewer = try req.principal()
        let (_, row) = try await PetitionScope.load(try code(req), viewer, .reveal, context: req.hewei, on: req.db)
        let reason = try RevealInput.reason(req)
        req.audit.note = AuditNote(kind: "reveal", action: "petitions.reveal", target: "petition \(row.code)", reason: reason)
        let people = try PetitionPeople.open(row.petitioners, req.hewei.cipher)
        return PetitionersDTO(code: row.code, petitioners: people.map {
            PetitionerInput(name: $0.name, idNumber: $0.idNumber, phone: $0.phone, address: $0.address)
        })
    }

    func act(req: Request) async throws -> PetitionDTO {
        let viewer = try req.principal()
        let name = req.parameters.get("action") ?? ""
        guard let action = PetitionAction(rawValue: name), action != .register else { throw HeweiError.notFound("action '\(name)'") }
        let input = req.body.data == nil ? PetitionActionInput() : try req.content.decode(PetitionActionInput.self)
        let ctx = req.hewei
        let row = try await PetitionWorkflow(context: ctx, now: ctx.clock.now()).perform(action, code: try code(req), input: input,
                                                                                            by: viewer, on: req.db)
        let scope = try PetitionScope.of(viewer, .change, context: ctx)
        return try await PetitionView.detail(row, scope: scope, viewer: viewer, context: ctx, on: req.db)
    }

    /// The list as CSV (same filters; petitioners never in it; accusation material masked as in the API).
    func export(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let scope = try PetitionScope.of(viewer, .export, context: req.hewei)
        var filter = try PetitionFilter.parse(try req.query.decode([String: String].self), org: req.hewei.org)
        filter.page = 1
        filter.per = 10_000
        let (rows, total) = try await filter.run(scope: scope, on: req.db)
        req.audit.note = AuditNote(kind: "export", action: "petitions.export", target: req.url.string, reason: "\(rows.count) of \(total) petitions")
        let csv = PetitionExport.csv(rows.map { PetitionView.dto($0, scope: scope, viewer: viewer, context: req.hewei) })
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"petitions.csv\"")
        return response
    }

    func figures(req: Request) async throws -> PetitionFiguresDTO {
        let viewer = try req.principal()
        let scope = try PetitionScope.of(viewer, .list, context: req.hewei)
        let q = try req.query.decode([String: String].self)
        return try await PetitionFigures.compute(from: q["from"], to: q["to"], scope: scope, context: req.hewei, on: req.db)
    }

    func code(_ req: Request) throws -> String {
        try Validate.text(req.parameters.get("code"), "code", max: 40)
    }
}

/// A petition's history; for viewers who may not see accusation material, the notes of an
/// accusation's events (decisions, replies) are masked.
enum PetitionHistory {
    static func events(_ row: PetitionModel, scope: PetitionScope, on db: any Database) async throws -> [CaseEventDTO] {
        let shows = scope.showsMatter(row)
        return try await CaseEventLog.history(.petition, row.id!, on: db).map {
            var e = CaseEventDTO($0)
            if !shows && !e.note.isEmpty { e.note = PetitionPeople.hidden }
            if !shows { e.data["noticeToPetitioner"] = e.data["noticeToPetitioner"].map { _ in PetitionPeople.hidden } }
            return e
        }
    }
}

enum PetitionExport {
    static let columns = ["code", "registeredAt", "channel", "type", "stage", "state", "concernedUnit", "handlingUnit",
                          "petitioner", "matter", "repliedAt"]

    static func csv(_ items: [PetitionDTO]) -> String {
        let iso = ISO8601DateFormatter()
        var rows = [columns]
        for d in items {
            rows.append([d.code, iso.string(from: d.registeredAt), d.channel, d.type, d.stage, d.state, d.concernedUnit ?? "",
                         d.handlingUnit ?? "", d.petitioner, d.matter, d.repliedAt.map(iso.string) ?? ""])
        }
        return rows.map { $0.map(OrderExport.field).joined(separator: ",") + "\r\n" }.joined()
    }
}
