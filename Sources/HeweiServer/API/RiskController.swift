import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/risk`: risk early warnings (风险预警) — the list (newest first), one warning with its
/// events, acknowledge / handle with a note — and the rules (GET; PUT by the system administrator,
/// recorded in the configuration changes).
struct RiskController: RouteCollection {
    struct ActionInput: Content { var note: String? }
    struct RulesInput: Content {
        var rules: RiskRules
        var note: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("risk")
        r.get("warnings", use: list)
        r.get("warnings", ":code", use: show)
        r.post("warnings", ":code", "actions", ":action", use: act)
        r.get("rules", use: rules)
        r.put("rules", use: putRules)
    }

    struct Filter {
        var state: String?
        var kind: String?
        var from: Date?
        var to: Date?
        var page = 1
        var per = 20

        init(_ req: Request) throws {
            let q = { (name: String) in req.query[String.self, at: name].flatMap { $0.isEmpty ? nil : $0 } }
            state = try q("state").map { try Validate.choice($0, "state", as: RiskWarningState.self).rawValue }
            kind = try q("kind").map { try Validate.choice($0, "kind", as: RiskWarningKind.self).rawValue }
            from = try OrderFilter.date(q("from"), "from")
            to = try OrderFilter.date(q("to"), "to")
            if let from, let to, to < from { throw HeweiError.invalidField("to", "must not be before 'from'") }
            page = try Validate.int(q("page"), "page", default: 1, range: 1...1_000_000)
            per = try Validate.int(q("per"), "per", default: 20, range: 1...200)
        }

        func run(on db: any Database) async throws -> ([RiskWarningModel], Int) {
            let q = RiskWarningModel.query(on: db)
            if let state { q.filter(\.$state == state) }
            if let kind { q.filter(\.$kind == kind) }
            if let from { q.filter(\.$raisedAt >= from) }
            if let to { q.filter(\.$raisedAt < to) }
            let total = try await q.count()
            let items = try await q.sort(\.$raisedAt, .descending).sort(\.$id, .descending)
                .range((page - 1) * per ..< page * per).all()
            return (items, total)
        }
    }

    func list(req: Request) async throws -> Page<RiskWarningDTO> {
        try req.principal().require(.riskWarnings, .list)
        let f = try Filter(req)
        let (items, total) = try await f.run(on: req.db)
        return Page(items: items.map { RiskWarningDTO($0) }, page: f.page, per: f.per, total: total)
    }

    static func find(_ req: Request) async throws -> RiskWarningModel {
        let code = try Validate.text(req.parameters.get("code"), "code", max: 60)
        guard let w = try await RiskWarningModel.query(on: req.db).filter(\.$code == code).first() else {
            throw HeweiError.notFound("risk warning")
        }
        return w
    }

    func show(req: Request) async throws -> RiskWarningDTO {
        try req.principal().require(.riskWarnings, .read)
        let w = try await Self.find(req)
        return RiskWarningDTO(w, events: try await CaseEventLog.history(.riskWarning, w.id!, on: req.db))
    }

    func act(req: Request) async throws -> RiskWarningDTO {
        let actor = try req.principal()
        try actor.require(.riskWarnings, .change)
        let action = try Validate.choice(req.parameters.get("action"), "action", as: RiskWarningAction.self)
        let input = req.body.data == nil ? ActionInput(note: nil) : try req.content.decode(ActionInput.self)
        let note = try Validate.text(input.note, "note", max: 1000)
        let code = try await Self.find(req).code
        let now = req.hewei.clock.now()
        let w = try await req.db.write(gate: req.hewei.gate) { db in
            try await RiskWarningBook.act(code: code, action, note: note, by: actor, at: now, on: db)
        }
        return RiskWarningDTO(w, events: try await CaseEventLog.history(.riskWarning, w.id!, on: req.db))
    }

    /// Those who work the warnings, and the system administrator who changes the rules.
    func rules(req: Request) async throws -> RiskRules {
        let p = try req.principal()
        if !p.may(.configuration, .change) { try p.require(.riskWarnings, .read) }
        return req.hewei.risk.current
    }

    func putRules(req: Request) async throws -> RiskRules {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let input: RulesInput
        do { input = try req.content.decode(RulesInput.self) } catch let e as HeweiError { throw e } catch {
            throw HeweiError.invalidField("rules", "not a complete rule set: \(error)")
        }
        let note = try Validate.text(input.note, "note", max: 500)
        var trimmed = input.rules
        trimmed.words = trimmed.words.map { .init(text: $0.text.trimmingCharacters(in: .whitespacesAndNewlines), kind: $0.kind) }
        let rules = trimmed
        if let p = rules.problem() { throw HeweiError.invalidField(p.field, p.reason) }
        let now = req.hewei.clock.now()
        let before = try RiskRulesStore.encode(req.hewei.risk.current)
        let after = try RiskRulesStore.encode(rules)
        try await req.db.write(gate: req.hewei.gate) { db in
            try await RiskRulesStore.save(rules, at: now, on: db)
            try await ConfigChangeModel.record("risk", before: before, after: after, note: note, by: actor, at: now, on: db)
        }
        req.hewei.risk.set(rules)
        return rules
    }
}

extension RiskRules: Content {}
