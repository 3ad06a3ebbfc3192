import Fluent
import Foundation
import HeweiCore

/// List filters of petitions: `state`, `type`, `stage`, `channel`, `unit` (handling unit code),
/// `q` (code or matter; an accusation's matter only for those who may see it), `sort`, `page`, `per`.
struct PetitionFilter {
    var state: PetitionState?
    var type: PetitionType?
    var stage: PetitionStage?
    var channel: PetitionChannel?
    var unitID: UUID?
    var q: String?
    var sort: String
    var page: Int
    var per: Int

    static let sorts = ["registeredAt", "-registeredAt", "updatedAt", "-updatedAt", "code", "-code", "state"]

    static func parse(_ q: [String: String], org: OrgDirectory) throws -> PetitionFilter {
        func opt<E: RawRepresentable & CaseIterable>(_ key: String, _ t: E.Type) throws -> E? where E.RawValue == String {
            guard let v = q[key], !v.isEmpty else { return nil }
            return try Validate.choice(v, key, as: t)
        }
        var unitID: UUID?
        if let code = q["unit"], !code.isEmpty {
            guard let u = org.unit(code: code) else { throw HeweiError.invalidField("unit", "there is no unit '\(code)'") }
            unitID = u.id
        }
        let sort = q["sort"] ?? "-registeredAt"
        guard sorts.contains(sort) else { throw HeweiError.invalidField("sort", "must be one of: \(sorts.joined(separator: ", "))") }
        let text = try Validate.text(q["q"], "q", max: 100, required: false)
        return PetitionFilter(state: try opt("state", PetitionState.self), type: try opt("type", PetitionType.self),
                              stage: try opt("stage", PetitionStage.self), channel: try opt("channel", PetitionChannel.self),
                              unitID: unitID, q: text.isEmpty ? nil : text, sort: sort,
                              page: try Validate.int(q["page"], "page", default: 1, range: 1...100_000),
                              per: try Validate.int(q["per"], "per", default: 20, range: 1...200))
    }

    func query(scope: PetitionScope, on db: any Database) -> QueryBuilder<PetitionModel> {
        let query = scope.apply(PetitionModel.query(on: db))
        if let state { query.filter(\.$state == state.rawValue) }
        if let type { query.filter(\.$type == type.rawValue) }
        if let stage { query.filter(\.$stage == stage.rawValue) }
        if let channel { query.filter(\.$channel == channel.rawValue) }
        if let unitID { query.filter(\.$handlingUnitID == unitID) }
        if let q {
            let pattern = "%" + q.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query.group(.or) { g in
                g.filter(\.$code, .custom("LIKE"), pattern)
                if scope.seesAccusationMaterial {
                    g.filter(\.$matter, .custom("LIKE"), pattern)
                } else {
                    g.group(.and) { $0.filter(\.$type != PetitionType.accusation.rawValue).filter(\.$matter, .custom("LIKE"), pattern) }
                }
            }
        }
        return query
    }

    func run(scope: PetitionScope, on db: any Database) async throws -> ([PetitionModel], Int) {
        let total = try await query(scope: scope, on: db).count()
        let q = query(scope: scope, on: db)
        let desc = sort.hasPrefix("-")
        let dir: DatabaseQuery.Sort.Direction = desc ? .descending : .ascending
        switch sort.trimmingCharacters(in: CharacterSet(charactersIn: "-")) {
        case "updatedAt": q.sort(\.$updatedAt, dir)
        case "code": q.sort(\.$code, dir)
        case "state": q.sort(\.$state, dir)
        default: q.sort(\.$registeredAt, dir)
        }
        q.sort(\.$id, dir)
        let rows = try await q.range((page - 1) * per..<(page * per)).all()
        return (rows, total)
    }
}
