import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Which orders a unit takes part in besides leading them: as an assisting unit (any status: it
/// keeps seeing the order it helped with), or as an eligible unit of a claim pool that is still open
/// or that another unit won (so that a late claim is told the order was taken, not that it vanished).
enum OrderUnitsRepository {
    /// A filter on `work_orders`: one of `units` assists on the order or may claim it now.
    static func takesPart(_ units: [UUID]) -> DatabaseQuery.Filter {
        .sql(embed: """
            \(ident: "work_orders").\(ident: "id") IN (SELECT \(ident: "order_id") FROM \(ident: "order_units") \
            WHERE \(ident: "unit_id") IN (\(binds: units)) AND (\(ident: "role") = \(bind: "assisting") OR \(ident: "status") IN (\(bind: "open"), \(bind: "lost"))))
            """)
    }

    static func takesPart(_ orderID: UUID, units: [UUID], on db: any Database) async throws -> Bool {
        guard !units.isEmpty else { return false }
        let rows = try await OrderUnitModel.query(on: db).filter(\.$orderID == orderID).filter(\.$unitID ~~ units).all()
        return rows.contains { $0.role == OrderUnitModel.Part.assisting.rawValue || $0.status == OrderUnitModel.Status.open.rawValue
            || $0.status == OrderUnitModel.Status.lost.rawValue }
    }
}
