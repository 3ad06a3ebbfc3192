import Fluent
import Foundation
import HeweiCore

/// The one place that decides which grid cells' base data, patrols and orders a user may see or
/// change. Every base-data, patrol and grid-worker order route gets its scope from `CellScope.of`,
/// which first asks `AccessPolicy`.
///
/// - A grid worker (网格员 / 网格长) sees and edits the cells assigned to them and every cell
///   inside those (a worker of a small cell covers its micro cells); with no assignment, nothing.
/// - Dispatchers, supervisors and leaders of the city centre see every cell; they do not edit.
/// - The system administrator may bulk-import base data into any cell (and sees nothing back but
///   counts and problems).
/// ID numbers and phones are masked for everyone; showing one is an audited request with a reason.
struct CellScope: Sendable {
    /// Assigned cells (roots of the covered subtrees); nil means every cell.
    let roots: Set<String>?
    private let grid: GridIndex

    init(roots: Set<String>?, grid: GridIndex) {
        self.roots = roots
        self.grid = grid
    }

    static func of(_ principal: Principal, _ operation: AccessOperation, _ resource: Resource,
                   context: HeweiContext, db: any Database) async throws -> CellScope {
        try principal.require(resource, operation)
        switch principal.role {
        case nil:
            return CellScope(roots: nil, grid: context.grid.current)
        case .gridWorker?:
            return try await assigned(to: principal, context: context, db: db)
        case .systemAdmin? where operation == .create:
            return CellScope(roots: nil, grid: context.grid.current)
        default:
            guard let unitID = principal.unitID, let unit = context.org.unit(unitID), unit.kind == "centre", unit.level == "city" else {
                throw HeweiError.forbidden("only city-centre staff and grid workers may read grid base data")
            }
            return CellScope(roots: nil, grid: context.grid.current)
        }
    }

    /// The cells assigned to a grid worker now.
    static func assigned(to principal: Principal, context: HeweiContext, db: any Database) async throws -> CellScope {
        guard let id = principal.id else { throw HeweiError.forbidden("the account is not a user") }
        let codes = try await GridAssignmentModel.query(on: db).filter(\.$userID == id).filter(\.$active == true).all().map(\.cellCode)
        return CellScope(roots: Set(codes), grid: context.grid.current)
    }

    /// Whether the cell is one of the roots or lies inside one.
    func covers(_ code: String) -> Bool {
        guard let roots else { return true }
        return roots.contains(code) || !roots.isDisjoint(with: grid.lineage(of: code))
    }

    /// Throws 403 unless the cell is covered.
    func require(_ code: String) throws {
        guard covers(code) else { throw HeweiError.forbidden("grid cell '\(code)' is not assigned to you") }
    }

    /// Restricts a query on a cell-code column to the covered cells. Relies on the code scheme:
    /// a child's code extends its parent's (checked by the grid import).
    func apply<M: Model>(_ query: QueryBuilder<M>, _ cell: KeyPath<M, FieldProperty<M, String>>) -> QueryBuilder<M> {
        guard let roots else { return query }
        guard !roots.isEmpty else { return query.filter(cell == "(no cell)") }
        return query.group(.or) { group in
            for root in roots { group.filter(cell =~ root) }
        }
    }

    /// The same on a column that may be empty (an order without a cell is in no one's cells).
    func applyOptional<M: Model>(_ query: QueryBuilder<M>, _ cell: KeyPath<M, OptionalFieldProperty<M, String>>) -> QueryBuilder<M> {
        guard let roots else { return query }
        guard !roots.isEmpty else { return query.filter(cell == "(no cell)") }
        return query.group(.or) { group in
            for root in roots { group.filter(cell =~ root) }
        }
    }
}
