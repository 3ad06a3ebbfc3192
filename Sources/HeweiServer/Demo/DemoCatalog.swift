import Fluent
import Foundation
import HeweiCore
import Vapor

/// What the demo history draws from, read once from the seeded database: category leaves, towns,
/// units and the demo accounts that act on orders.
struct DemoCatalog: Sendable {
    struct Leaf: Sendable {
        let code: String
        let name: String
        let major: String
        let urgency: Urgency
        let handling: TimeLimit
        let defaultUnit: OrgDirectory.Unit?
        let templates: [DemoTemplates.Template]
        /// Templates that start with the place, for reports by grid workers and cameras.
        let placeTemplates: [DemoTemplates.Template]
    }

    struct TownInfo: Sendable {
        let unit: OrgDirectory.Unit
        let town: DemoText.Town
        let villages: [String]
        let dispatcher: DemoActor?
        /// The town's large grid cell (county + town code) and its extent, when the grid has it.
        let largeCell: String?
        let box: BoundingBox?
    }

    let rules: Rules
    let now: Date
    let seed: UInt64
    let grid: GridIndex
    let routes: [RoutingRule]
    let leaves: DemoWeighted<Leaf>
    let towns: DemoWeighted<TownInfo>
    /// The handler account of every unit that has one.
    let handlers: [UUID: DemoActor]
    /// Units with a handler account, by code.
    let handlerUnits: [OrgDirectory.Unit]
    /// Departments that are the default unit of some leaf of a major category (candidates for reassignment).
    let majorUnits: [String: [OrgDirectory.Unit]]
    let clerk: DemoActor
    let dispatcher: DemoActor
    let followUp: DemoActor
    let supervisor: DemoActor
    let gridWorker: DemoActor

    /// How often each major category of the demo tree comes up (others: 3).
    static let majorWeights: [String: Double] = [
        "01": 20, "02": 15, "03": 14, "04": 13, "05": 8, "06": 8, "07": 8, "08": 6, "09": 5, "10": 4,
    ]

    static func load(app: Application, seed: UInt64) async throws -> DemoCatalog {
        let db = app.db
        let rules = app.hewei.rules.current
        let org = app.hewei.org
        let users = try await UserModel.query(on: db).filter(\.$active == true).all()
        var byName: [String: DemoActor] = [:]
        var handlers: [UUID: DemoActor] = [:]
        for u in users.sorted(by: { $0.username < $1.username }) {
            let actor = DemoActor(id: u.id, name: u.displayName, role: u.role, unitID: u.unitID)
            byName[u.username] = actor
            if u.role == Role.unitHandler.rawValue, let unit = u.unitID, handlers[unit] == nil { handlers[unit] = actor }
        }
        func account(_ name: String) throws -> DemoActor {
            guard let a = byName[name] else { throw HeweiError.internalFailure("demo history: no '\(name)' account") }
            return a
        }

        let categories = try await CategoryModel.query(on: db).filter(\.$active == true).all()
        var leaves: [(Leaf, Double)] = []
        var majorUnits: [String: [OrgDirectory.Unit]] = [:]
        for c in categories.sorted(by: { $0.code < $1.code }) {
            guard let major = c.parentCode else { continue }
            let urgency = Urgency(rawValue: c.urgency) ?? .general
            let unit = org.unit(c.defaultUnitID)
            let texts = DemoTemplates.byCategory[c.code] ?? DemoTemplates.generic
            let templates = texts.map(DemoTemplates.Template.init)
            let placeTemplates = texts.filter { $0.hasPrefix("{p}") }.map(DemoTemplates.Template.init)
            let leaf = Leaf(code: c.code, name: c.name, major: major, urgency: urgency,
                            handling: c.handlingLimit.flatMap(TimeLimit.init(parsing:)) ?? rules.policy.limits(for: urgency).handling,
                            defaultUnit: unit, templates: templates,
                            placeTemplates: placeTemplates.isEmpty ? [.init("{p}存在{cat}方面的问题，请尽快处理。")] : placeTemplates)
            leaves.append((leaf, urgency == .critical ? 0.25 : 1))
            if let unit, !(majorUnits[major] ?? []).contains(unit) { majorUnits[major, default: []].append(unit) }
        }
        // Spread each major's weight over its leaves.
        let perMajor = Dictionary(grouping: leaves, by: { $0.0.major }).mapValues { $0.reduce(0) { $0 + $1.1 } }
        let weighted = leaves.map { leaf, w in (leaf, (majorWeights[leaf.major] ?? 3) * w / max(perMajor[leaf.major] ?? 1, 0.001)) }
        guard !weighted.isEmpty else { throw HeweiError.internalFailure("demo history: no categories") }

        var towns: [(TownInfo, Double)] = []
        let all = org.all
        let grid = app.hewei.grid.current
        for unit in all where unit.kind == "centre" && unit.level == "town" {
            let name = unit.name.replacingOccurrences(of: "和为贵中心", with: "")
            let town = DemoText.towns[name] ?? DemoText.Town(name: name, longitude: DemoText.defaultTown.longitude,
                                                              latitude: DemoText.defaultTown.latitude, spread: 0.04, weight: 3, urban: false)
            let rooms = all.filter { $0.parentID == unit.id && $0.level == "village" }.map(\.name)
            let large = grid.cell(String(unit.code.prefix(9))).flatMap { $0.level == .large ? $0 : nil }
            let info = TownInfo(unit: unit, town: town, villages: DemoText.villageNames(fromRooms: rooms),
                                dispatcher: byName["d-\(unit.code)"], largeCell: large?.code, box: large?.shape.bbox)
            towns.append((info, town.weight))
        }
        guard !towns.isEmpty else { throw HeweiError.internalFailure("demo history: no town centres") }

        return DemoCatalog(rules: rules, now: app.hewei.clock.now(), seed: seed, grid: grid, routes: app.hewei.routing.current,
                           leaves: DemoWeighted(weighted),
                           towns: DemoWeighted(towns), handlers: handlers,
                           handlerUnits: all.filter { handlers[$0.id] != nil }, majorUnits: majorUnits,
                           clerk: try account("clerk"), dispatcher: try account("dispatcher"),
                           followUp: try account("followup"), supervisor: try account("supervisor"),
                           gridWorker: try account("gridworker"))
    }
}
