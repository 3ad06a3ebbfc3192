import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Order counts and lists per grid cell for the grid pages, always within the viewer's `OrderScope`.
/// Plain SQL that runs on SQLite and PostgreSQL alike.
enum GridPageQueries {
    struct Counts: Sendable, Equatable {
        var open = 0
        var total = 0
    }

    /// The `work_orders` column that holds an order's cell of `level`.
    static func column(_ level: GridLevel) -> String {
        switch level {
        case .large: return "cell_large"
        case .medium: return "cell_medium"
        case .small: return "cell_small"
        case .micro: return "cell_micro"
        }
    }

    /// Open and total orders per cell of `level`, in one grouped query; `within` restricts the rows
    /// to one cell of the same or a higher level (`GROUP BY cell_medium WHERE cell_large = ?`).
    static func counts(by level: GridLevel, within: (level: GridLevel, code: String)?, scope: OrderScope,
                       on db: any Database) async throws -> [String: Counts] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let key = column(level)
        var text: SQLQueryString = """
            SELECT \(ident: key) AS \(ident: "cell"), COUNT(*) AS \(ident: "total"), \
            SUM(CASE WHEN \(ident: "state") <> \(bind: WorkOrderState.closed.rawValue) THEN 1 ELSE 0 END) AS \(ident: "open_count") \
            FROM \(ident: WorkOrderModel.schema) WHERE \(ident: key) IS NOT NULL
            """
        if let within { text += " AND \(ident: column(within.level)) = \(bind: within.code)" }
        if let units = scope.units {
            guard !units.isEmpty else { return [:] }
            let ids: [any Encodable & Sendable] = units.map { $0 }
            text += " AND (\(ident: "lead_unit_id") IN (\(binds: ids)) OR \(ident: "intake_unit_id") IN (\(binds: ids)))"
        }
        text += " GROUP BY \(ident: key)"
        var result: [String: Counts] = [:]
        for row in try await sql.raw(text).all() {
            let code = try row.decode(column: "cell", as: String.self)
            let total = try row.decode(column: "total", as: Int.self)
            let open = try row.decode(column: "open_count", as: Int?.self) ?? 0
            result[code] = Counts(open: open, total: total)
        }
        return result
    }

    /// The latest orders located in `cell` (any level), newest first, within the scope.
    static func latest(in cell: GridCell, scope: OrderScope, limit: Int = 20, on db: any Database) async throws -> [WorkOrderModel] {
        var q = scope.apply(WorkOrderModel.query(on: db))
        switch cell.level {
        case .large: q = q.filter(\.$cellLarge == cell.code)
        case .medium: q = q.filter(\.$cellMedium == cell.code)
        case .small: q = q.filter(\.$cellSmall == cell.code)
        case .micro: q = q.filter(\.$cellMicro == cell.code)
        }
        return try await q.sort(\.$createdAt, .descending).sort(\.$code, .descending).limit(limit).all()
    }
}
