import Fluent
import Foundation
import HeweiCore

/// Which areas' figures a caller may see (the one scope rule for figures, like `OrderScope` for
/// orders): the city centre and city-level staff see everything; a town centre's staff see their
/// town's grid cells (the large cell whose code is the first 9 digits of the centre's code) and the
/// units under their centre; other units (departments, village rooms) see the units under them.
/// An area outside the scope does not exist for the caller (404).
struct AnalyticsScope: Sendable {
    /// nil: everything.
    let cellRoots: Set<String>?
    /// nil: every unit.
    let units: Set<String>?

    var all: Bool { cellRoots == nil && units == nil }

    static func of(_ p: Principal, _ operation: AccessOperation, context: HeweiContext) throws -> AnalyticsScope {
        try p.require(.evaluation, operation)
        guard p.role != nil else { return AnalyticsScope(cellRoots: nil, units: nil) }
        guard let unitID = p.unitID, let unit = context.org.unit(unitID) else {
            throw HeweiError.forbidden("the account belongs to no unit")
        }
        if unit.kind == "centre" && unit.level == "city" { return AnalyticsScope(cellRoots: nil, units: nil) }
        let units = Set(context.org.subtree(of: unitID).compactMap { context.org.unit($0)?.code })
        var roots: Set<String> = []
        if unit.kind == "centre" && unit.level == "town", unit.code.count >= 9 {
            let town = String(unit.code.prefix(9))
            if context.grid.current.cell(town) != nil { roots.insert(town) }
        }
        return AnalyticsScope(cellRoots: roots, units: units)
    }

    /// The area a caller starts at: the city, or their town, or their own unit.
    func home(_ p: Principal, context: HeweiContext) -> String {
        if all { return RollupKey.city }
        if let root = cellRoots?.sorted().first { return root }
        return context.org.unit(p.unitID).map { RollupKey.unit($0.code) } ?? RollupKey.city
    }

    func allows(_ area: AnalyticsArea) -> Bool {
        if all { return true }
        switch area.kind {
        case .city: return false
        case .unit(let code): return units?.contains(code) ?? true
        case .cell(let cell):
            guard let roots = cellRoots else { return true }
            return !roots.isDisjoint(with: cell.lineage)
        }
    }
}

/// An area the figures are kept for: the whole city, a grid cell, or a unit.
struct AnalyticsArea: Sendable {
    enum Kind: Sendable {
        case city
        case cell(Cell)
        case unit(String)
    }

    struct Cell: Sendable {
        var code: String
        var level: GridLevel
        /// The cell and its ancestors.
        var lineage: Set<String>
    }

    var key: String
    var name: String
    var kind: Kind

    /// `city`, a grid cell code, or `unit:<code>`; 404 if it does not exist.
    static func resolve(_ key: String, context: HeweiContext) throws -> AnalyticsArea {
        if key == RollupKey.city { return AnalyticsArea(key: key, name: context.rules.current.countyName, kind: .city) }
        if key.hasPrefix("unit:") {
            let code = String(key.dropFirst(5))
            guard let unit = context.org.unit(code: code) else { throw HeweiError.notFound("area \(key)") }
            return AnalyticsArea(key: key, name: unit.name, kind: .unit(code))
        }
        let grid = context.grid.current
        guard let cell = grid.cell(key) else { throw HeweiError.notFound("area \(key)") }
        return AnalyticsArea(key: key, name: cell.name,
                             kind: .cell(Cell(code: cell.code, level: cell.level, lineage: Set(grid.lineage(of: cell.code)))))
    }

    var levelName: String {
        switch kind {
        case .city: return "city"
        case .unit: return "unit"
        case .cell(let c): return c.level.rawValue
        }
    }

    /// The areas one level down: the city's towns (large cells), a cell's children.
    func children(context: HeweiContext) -> [GridCell] {
        let cells = context.grid.current.allCells
        switch kind {
        case .city: return cells.filter { $0.parentCode == nil }.sorted { $0.code < $1.code }
        case .cell(let c): return cells.filter { $0.parentCode == c.code }.sorted { $0.code < $1.code }
        case .unit: return []
        }
    }

    /// Grid path from the top, for breadcrumbs: city → … → this cell.
    func path(context: HeweiContext) -> [(key: String, name: String)] {
        var out: [(String, String)] = []
        if case .cell(let c) = kind {
            let grid = context.grid.current
            out = grid.lineage(of: c.code).reversed().compactMap { code in grid.cell(code).map { ($0.code, $0.name) } }
        } else if case .unit = kind {
            out = [(key, name)]
        }
        return [(RollupKey.city, context.rules.current.countyName)] + out
    }
}
