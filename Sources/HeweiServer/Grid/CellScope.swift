import Fluent
import Foundation
import HeweiCore

/// The one place that decides which grid cells' base data and patrols a user may see or change.
/// Every base-data and patrol route goes through it.
///
/// - A grid worker (网格员 / 网格长) sees and edits the cells assigned to them and every cell
///   inside those (a worker of a small cell covers its micro cells); with no assignment, nothing.
///   They see ID numbers and phones in full: keeping them correct is their job.
/// - Dispatchers, supervisors and leaders of the city centre see every cell, with ID numbers and
///   phones masked; they do not edit.
/// - The system administrator may bulk-import base data into any cell (and sees nothing back but
///   counts and problems).
/// - Everyone else: 403.
struct CellScope: Sendable {
    enum Purpose: Sendable { case read, edit, bulkImport }

    /// Assigned cells (roots of the covered subtrees); nil means every cell.
    let roots: Set<String>?
    /// Whether ID numbers and phone numbers are shown in full.
    let reveal: Bool
    private let grid: GridIndex

    init(roots: Set<String>?, reveal: Bool, grid: GridIndex) {
        self.roots = roots
        self.reveal = reveal
        self.grid = grid
    }

    static func of(_ principal: Principal, for purpose: Purpose, context: HeweiContext, db: any Database) async throws -> CellScope {
        let grid = context.grid.current
        switch (principal.role, purpose) {
        case (.gridWorker?, _):
            guard let id = principal.id else { throw HeweiError.forbidden("the account is not a user") }
            let codes = try await GridAssignmentModel.query(on: db).filter(\.$userID == id).filter(\.$active == true).all().map(\.cellCode)
            return CellScope(roots: Set(codes), reveal: true, grid: grid)
        case (.dispatcher?, .read), (.supervisor?, .read), (.leader?, .read):
            guard let unitID = principal.unitID, let unit = context.org.unit(unitID), unit.kind == "centre", unit.level == "city" else {
                throw HeweiError.forbidden("only city-centre staff and grid workers may read grid base data")
            }
            return CellScope(roots: nil, reveal: false, grid: grid)
        case (.systemAdmin?, .bulkImport):
            return CellScope(roots: nil, reveal: false, grid: grid)
        default:
            throw HeweiError.forbidden("role '\(principal.roleName)' may not \(purpose == .read ? "read" : "change") grid base data")
        }
    }

    /// Whether the cell is one of the roots or lies inside one.
    func covers(_ code: String) -> Bool {
        guard let roots else { return true }
        var current: String? = code
        while let c = current {
            if roots.contains(c) { return true }
            current = grid.cell(c)?.parentCode
        }
        return false
    }

    /// Throws 403 unless the cell is covered.
    func require(_ code: String) throws {
        guard covers(code) else { throw HeweiError.forbidden("grid cell '\(code)' is not assigned to you") }
    }

    /// Restricts a query on a cell-code column to the covered cells. Relies on the code scheme:
    /// a child's code extends its parent's (checked by the grid import).
    func apply<M: Model>(_ query: QueryBuilder<M>, _ cell: KeyPath<M, FieldProperty<M, String>>) -> QueryBuilder<M> {
        guard let roots else { return query }
        guard !roots.isEmpty else { return query.filter(cell == "") }
        return query.group(.or) { group in
            for root in roots { group.filter(cell =~ root) }
        }
    }
}
