import Fluent
import Foundation
import HeweiCore

/// A cell's figures for the map: base data, workers and open orders.
enum GridCounts {
    static func summary(of cell: GridCell, grid: GridIndex, on db: any Database) async throws -> GridWorkController.CellSummaryDTO {
        func count(_ kind: BaseDataKind) async throws -> Int {
            try await BaseRecordModel.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$active == true)
                .filter(\.$cellCode =~ cell.code).count()
        }
        // Workers who cover any part of the cell: assigned to it, inside it, or to a cell containing it.
        let ancestors = Array(grid.lineage(of: cell.code).dropFirst())
        let assignments = try await GridAssignmentModel.query(on: db).filter(\.$active == true)
            .group(.or) { $0.filter(\.$cellCode =~ cell.code).filter(\.$cellCode ~~ ancestors) }.all()
        let column: KeyPath<WorkOrderModel, OptionalFieldProperty<WorkOrderModel, String>> = switch cell.level {
        case .micro: \.$cellMicro
        case .small: \.$cellSmall
        case .medium: \.$cellMedium
        case .large: \.$cellLarge
        }
        let openOrders = try await WorkOrderModel.query(on: db).filter(column == cell.code)
            .filter(\.$state != WorkOrderState.closed.rawValue).count()
        return .init(code: cell.code, residents: try await count(.residents), buildings: try await count(.buildings),
                     facilities: try await count(.facilities), organisations: try await count(.organisations),
                     workers: Set(assignments.map(\.userID)).count, openOrders: openOrders)
    }
}
