import Fluent
import Foundation
import SQLKit

/// The records linked to a work order: mediation cases and petitions converted from it (their
/// `source_order_id`), and the reception bookings and walk-in visits it was registered from (their
/// `link_type = 'order'`, `link_ref` = the order's code).
enum OrderLinksRepository {
    struct Row: Sendable {
        var kind: String
        var code: String
        var state: String
    }

    static func links(orderID: UUID, code: String, on db: any Database) async throws -> [Row] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT 'mediation' AS kind, code, state FROM mediation_cases WHERE source_order_id = \(bind: orderID)
            UNION ALL SELECT 'petition' AS kind, code, state FROM petitions WHERE source_order_id = \(bind: orderID)
            UNION ALL SELECT 'reception' AS kind, CAST(id AS VARCHAR(64)) AS code, state FROM reception_bookings
                WHERE link_type = 'order' AND link_ref = \(bind: code)
            UNION ALL SELECT 'hallVisit' AS kind, ticket AS code, state FROM hall_visits
                WHERE link_type = 'order' AND link_ref = \(bind: code)
            """).all()
        return try rows.map {
            Row(kind: try $0.decode(column: "kind", as: String.self), code: try $0.decode(column: "code", as: String.self),
                state: try $0.decode(column: "state", as: String.self))
        }.sorted { ($0.kind, $0.code) < ($1.kind, $1.code) }
    }
}
