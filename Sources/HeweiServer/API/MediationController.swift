import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/mediation`: people's-mediation cases (open, act, read, reveal, agreement document),
/// the mediation organisation (rooms, teams, mediators) and the figures.
struct MediationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let m = routes.grouped("mediation")
        m.get("rooms", use: rooms)
        m.get("teams", use: teams)
        m.get("mediators", use: mediators)
        m.put("organisation", use: changeOrganisation)
        m.get("figures", use: figures)
        m.get("cases", use: list)
        m.post("cases", use: create)
        m.get("cases", "export", use: export)
        m.get("cases", ":code", use: read)
        m.get("cases", ":code", "agreement", use: agreement)
        m.post("cases", ":code", "reveal", use: reveal)
        m.post("cases", ":code", ":action", use: act)
    }

    /// Reference data for staff who work with mediation (list or create).
    static func requireReference(_ req: Request) throws {
        let p = try req.principal()
        if !p.may(.mediation, .list) && !p.may(.mediation, .create) && !p.may(.configuration, .change) {
            try p.require(.mediation, .list)
        }
    }

    func rooms(req: Request) async throws -> [MediationRoomDTO] {
        try Self.requireReference(req)
        let org = req.hewei.org
        return try await MediationRoomModel.query(on: req.db).sort(\.$code).all().map {
            MediationRoomDTO(code: $0.code, name: $0.name, centre: org.unit($0.centreID)?.code ?? "",
                             level: org.unit($0.centreID)?.level ?? "", type: $0.type, active: $0.active)
        }
    }

    func teams(req: Request) async throws -> [MediationTeamDTO] {
        try Self.requireReference(req)
        return try await MediationTeamModel.query(on: req.db).sort(\.$code).all().map {
            MediationTeamDTO(code: $0.code, name: $0.name, kind: $0.kind,
                             disputeTypes: MediationJSON.decode([String].self, $0.disputeTypes) ?? [], active: $0.active)
        }
    }

    func mediators(req: Request) async throws -> [MediatorDTO] {
        try Self.requireReference(req)
        return try await MediatorModel.query(on: req.db).sort(\.$code).all().map {
            MediatorDTO(code: $0.code, name: $0.name, title: $0.title, skills: MediationJSON.decode([String].self, $0.skills) ?? [],
                        room: $0.roomCode, team: $0.teamCode, username: $0.username, active: $0.active)
        }
    }

    /// The system administrator replaces the mediation organisation (recorded as a configuration change).
    func changeOrganisation(req: Request) async throws -> HTTPStatus {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let file = try req.content.decode(MediationOrganisationFile.self)
        let org = req.hewei.org
        try MediationOrganisation.validate(file, org: org)
        let now = req.hewei.clock.now()
        try await req.db.write(gate: req.hewei.gate) { db in
            let before = try await MediationRoomModel.query(on: db).filter(\.$active == true).count()
            try await MediationOrganisation.write(file, org: org, on: db)
            try await ConfigChangeModel.record("mediation organisation", before: "\(before) rooms",
                                               after: "\(file.rooms.count) rooms, \(file.teams.count) teams, \(file.mediators.count) mediators",
                                               note: "", by: actor, at: now, on: db)
        }
        return .noContent
    }

    func list(req: Request) async throws -> Page<MediationCaseSummaryDTO> {
        let scope = try MediationScope.of(try req.principal(), .list, context: req.hewei)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        let filter = try MediationFilter.parse(req)
        let (items, total) = try await MediationQueries.page(scope: scope, filter: filter, page: page, per: per, on: req.db)
        return Page(items: items.map { MediationCaseSummaryDTO($0, org: req.hewei.org) }, page: page, per: per, total: total)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.mediation, .create)
        let opening = try req.content.decode(MediationOpening.self)
        let context = req.hewei
        let now = context.clock.now()
        let row = try await req.db.write(gate: context.gate) { db in
            try await MediationIntake.open(opening, by: actor, context: context, now: now, on: db)
        }
        let dto = try await MediationQueries.detail(row, reveal: false, context: context, on: req.db)
        let res = try await dto.encodeResponse(status: .created, for: req)
        res.headers.replaceOrAdd(name: .location, value: "/api/v1/mediation/cases/\(row.code)")
        return res
    }

    /// The filtered list as CSV (at most 10,000 rows; no phones or ID numbers), recorded in the audit trail.
    func export(req: Request) async throws -> Response {
        let scope = try MediationScope.of(try req.principal(), .export, context: req.hewei)
        let filter = try MediationFilter.parse(req)
        let (items, _) = try await MediationQueries.page(scope: scope, filter: filter, page: 1, per: 10_000, on: req.db)
        let org = req.hewei.org
        let header = "code,state,source,disputeType,applicant,respondent,centre,room,outcome,createdAt,endedAt,satisfaction"
        let iso = ISO8601DateFormatter()
        let lines = items.map { r in
            [r.code, r.state, r.source, r.disputeType, r.applicantName, r.respondentName, org.unit(r.centreID)?.code ?? "", r.roomCode,
             r.outcome ?? "", iso.string(from: r.createdAt), r.endedAt.map(iso.string) ?? "", r.satisfaction ?? ""]
                .map(OrderExport.field).joined(separator: ",")
        }
        req.audit.note = AuditNote(kind: "export", action: "mediation.export", target: "\(items.count) mediation cases", reason: nil)
        let res = Response(status: .ok, body: .init(string: ([header] + lines).joined(separator: "\r\n") + "\r\n"))
        res.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mediation-cases.csv\"")
        return res
    }

    func read(req: Request) async throws -> MediationCaseDTO {
        let scope = try MediationScope.of(try req.principal(), .read, context: req.hewei)
        let row = try await scope.find(try req.parameters.require("code"), on: req.db)
        return try await MediationQueries.detail(row, reveal: false, context: req.hewei, on: req.db)
    }

    /// The parties' phones and ID numbers in full, with a reason kept in the audit trail.
    func reveal(req: Request) async throws -> MediationPartiesDTO {
        let scope = try MediationScope.of(try req.principal(), .reveal, context: req.hewei)
        let row = try await scope.find(try req.parameters.require("code"), on: req.db)
        let reason = try RevealInput.reason(req)
        req.audit.note = AuditNote(kind: "reveal", action: "mediation.reveal", target: "mediation case \(row.code)", reason: reason)
        return MediationPartiesDTO(applicant: try MediationParty.opened(row.applicant, req.hewei.cipher),
                                   respondent: try MediationParty.opened(row.respondent, req.hewei.cipher))
    }

    func act(req: Request) async throws -> MediationCaseDTO {
        let actor = try req.principal()
        let scope = try MediationScope.of(actor, .change, context: req.hewei)
        let name = try req.parameters.require("action")
        guard let action = MediationAction(rawValue: name), action != .open else {
            throw HeweiError.notFound("mediation action '\(name)'")
        }
        let row = try await scope.find(try req.parameters.require("code"), on: req.db)
        let input = req.body.data == nil ? MediationActionInput() : try req.content.decode(MediationActionInput.self)
        let context = req.hewei
        let now = context.clock.now()
        let id = row.id!
        let changed = try await req.db.write(gate: context.gate) { db in
            try await MediationWorkflow(context: context, actor: actor, now: now, db: db).perform(action, on: id, input)
        }
        return try await MediationQueries.detail(changed, reveal: false, context: context, on: req.db)
    }

    func agreement(req: Request) async throws -> Response {
        let scope = try MediationScope.of(try req.principal(), .read, context: req.hewei)
        let row = try await scope.find(try req.parameters.require("code"), on: req.db)
        // Full ID numbers and phones only with `?reason=` (4–200 characters) for a role that may reveal; audited.
        var reveal = false
        if let reason = req.query[String.self, at: "reason"]?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty {
            try req.principal().require(.mediation, .reveal)
            guard reason.count >= 4, reason.count <= 200 else {
                throw HeweiError.invalidField("reason", "say in 4 to 200 characters why the full data is needed")
            }
            req.audit.note = AuditNote(kind: "reveal", action: "mediation.reveal", target: "mediation agreement \(row.code)", reason: reason)
            reveal = true
        }
        let html = try await MediationAgreementDocument.html(row, context: req.hewei, reveal: reveal, on: req.db)
        let res = Response(status: .ok, body: .init(string: html))
        res.headers.contentType = .html
        return res
    }

    func figures(req: Request) async throws -> MediationFigures {
        let scope = try MediationScope.of(try req.principal(), .list, context: req.hewei)
        return try await MediationFigures.compute(req, scope: scope)
    }
}
