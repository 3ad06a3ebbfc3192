import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/routing-rules`: category × area → unit, first match wins. Changed by the system
/// administrator; every change is recorded in the configuration changes. Rules are never deleted,
/// only deactivated.
struct RoutingRulesController: RouteCollection {
    struct RuleDTO: Content {
        var id: UUID
        var position: Int
        var categoryCode: String
        var areaCode: String?
        var unit: String
        var note: String
        var active: Bool
        var updatedAt: Date
        var poolUnits: [String]?
    }

    struct RuleInput: Content {
        var position: Int?
        var categoryCode: String
        var areaCode: String?
        var unit: String
        var note: String?
        var active: Bool?
        /// Two or more unit codes: matching orders go to their claim pool; `unit` gets them when unclaimed.
        var poolUnits: [String]?
    }

    func boot(routes: any RoutesBuilder) throws {
        let rules = routes.grouped("routing-rules")
        rules.get(use: list)
        rules.post(use: create)
        rules.put(":id", use: update)
    }

    func list(req: Request) async throws -> [RuleDTO] {
        try req.principal().require(.reference, .read)
        return try await RoutingRuleModel.query(on: req.db).sort(\.$position).sort(\.$updatedAt).all()
            .map { dto($0, org: req.hewei.org) }
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let input = try req.content.decode(RuleInput.self)
        let rule = RoutingRuleModel()
        rule.id = UUID()
        try await apply(input, to: rule, req: req)
        let before = "(none)"
        let saved = try await save(rule, before: before, actor: actor, req: req, create: true)
        let response = Response(status: .created)
        try response.content.encode(saved)
        return response
    }

    func update(req: Request) async throws -> RuleDTO {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        guard let id = req.parameters.get("id", as: UUID.self), let rule = try await RoutingRuleModel.find(id, on: req.db) else {
            throw HeweiError.notFound("routing rule")
        }
        let input = try req.content.decode(RuleInput.self)
        let before = try RulesRepository.encode(dto(rule, org: req.hewei.org))
        try await apply(input, to: rule, req: req)
        return try await save(rule, before: before, actor: actor, req: req, create: false)
    }

    private func apply(_ input: RuleInput, to rule: RoutingRuleModel, req: Request) async throws {
        let org = req.hewei.org
        guard let category = try await CategoryModel.query(on: req.db).filter(\.$code == input.categoryCode).first() else {
            throw HeweiError.invalidField("categoryCode", "no category '\(input.categoryCode)'")
        }
        if let area = input.areaCode, !area.isEmpty, req.hewei.grid.current.cell(area) == nil {
            throw HeweiError.invalidField("areaCode", "no grid cell '\(area)' in the active grid")
        }
        guard let unit = org.unit(code: input.unit) else { throw HeweiError.invalidField("unit", "no unit '\(input.unit)'") }
        // A department's matter stays with a department: never route it down to a village room.
        let defaults: [CategoryModel] = category.isLeaf ? [category]
            : try await CategoryModel.query(on: req.db).filter(\.$parentCode == category.code).all()
        for c in defaults where OrderRouting.pushesDown(defaultUnitKind: org.unit(c.defaultUnitID)?.kind,
                                                      targetKind: unit.kind, targetLevel: unit.level) {
            throw HeweiError.invalidField("unit", "category \(c.code) belongs to a department; it may not be pushed down to village room \(unit.code)")
        }
        if let p = input.position, !(0...100_000).contains(p) {
            throw HeweiError.invalidField("position", "must be between 0 and 100000")
        }
        rule.position = input.position ?? rule.$position.value ?? 1000
        rule.categoryCode = category.code
        rule.areaCode = (input.areaCode?.isEmpty ?? true) ? nil : input.areaCode
        rule.unitID = unit.id
        rule.note = try Validate.text(input.note, "note", max: 500)
        rule.active = input.active ?? true
        if let pool = input.poolUnits, !pool.isEmpty {
            guard (2...50).contains(pool.count) else { throw HeweiError.invalidField("poolUnits", "name from 2 to 50 unit codes (or none)") }
            guard Set(pool).count == pool.count else { throw HeweiError.invalidField("poolUnits", "a unit is named twice") }
            for code in pool {
                guard let u = org.unit(code: code) else { throw HeweiError.invalidField("poolUnits", "no unit '\(code)'") }
                for c in defaults where OrderRouting.pushesDown(defaultUnitKind: org.unit(c.defaultUnitID)?.kind, targetKind: u.kind, targetLevel: u.level) {
                    throw HeweiError.invalidField("poolUnits", "category \(c.code) belongs to a department; it may not be pooled to village room \(u.code)")
                }
            }
            rule.poolUnits = pool.joined(separator: ",")
        } else {
            rule.poolUnits = nil
        }
        rule.updatedAt = req.hewei.clock.now()
    }

    private func save(_ rule: RoutingRuleModel, before: String, actor: Principal, req: Request, create: Bool) async throws -> RuleDTO {
        let after = try RulesRepository.encode(dto(rule, org: req.hewei.org))
        let now = req.hewei.clock.now()
        let note = rule.note
        try await req.db.write(gate: req.hewei.gate) { db in
            if create { try await rule.create(on: db) } else { try await rule.save(on: db) }
            try await ConfigChangeModel.record("routing", before: before, after: after, note: note, by: actor, at: now, on: db)
        }
        try await req.hewei.routing.reload(from: req.db, org: req.hewei.org)
        return dto(rule, org: req.hewei.org)
    }

    private func dto(_ r: RoutingRuleModel, org: OrgDirectory) -> RuleDTO {
        RuleDTO(id: r.id!, position: r.position, categoryCode: r.categoryCode, areaCode: r.areaCode,
                unit: org.unit(r.unitID)?.code ?? "?", note: r.note, active: r.active, updatedAt: r.updatedAt,
                poolUnits: r.poolUnits.map { $0.split(separator: ",").map(String.init) })
    }
}
