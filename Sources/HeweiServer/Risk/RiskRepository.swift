import Fluent
import Foundation
import SQLKit

/// The counts behind the periodic risk rules, as GROUP BY queries over work orders and their
/// clocks (both databases).
enum RiskRepository {
    struct PlaceCount: Sendable, Equatable { var cell: String; var category: String; var count: Int }
    struct PhoneCount: Sendable, Equatable { var phone: String; var count: Int; var codes: [String] }
    struct Escalation: Sendable, Equatable { var phone: String; var earlier: String; var later: String }
    struct UnitOverdue: Sendable, Equatable { var unitID: UUID; var thisWeek: Int; var lastWeek: Int }

    /// Orders per town (large cell) × category created in [from, to).
    static func townCategoryCounts(from: Date, to: Date, on db: any Database) async throws -> [PlaceCount] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT cell_large, category_code, COUNT(*) AS n FROM work_orders
            WHERE created_at >= \(bind: from) AND created_at < \(bind: to) AND cell_large IS NOT NULL
            GROUP BY cell_large, category_code
            """).all().map {
            PlaceCount(cell: try $0.decode(column: "cell_large", as: String.self),
                       category: try $0.decode(column: "category_code", as: String.self),
                       count: try $0.decode(column: "n", as: Int.self))
        }
    }

    /// Requester phones with at least `times` orders created since `since`.
    static func repeatCallers(since: Date, times: Int, on db: any Database) async throws -> [PhoneCount] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT requester_phone, COUNT(*) AS n FROM work_orders
            WHERE created_at >= \(bind: since) AND requester_phone <> ''
            GROUP BY requester_phone HAVING COUNT(*) >= \(bind: times)
            ORDER BY requester_phone LIMIT 500
            """).all()
        var result: [PhoneCount] = []
        for row in rows {
            let phone = try row.decode(column: "requester_phone", as: String.self)
            let codes = try await sql.raw("""
                SELECT code FROM work_orders WHERE requester_phone = \(bind: phone) AND created_at >= \(bind: since)
                ORDER BY created_at LIMIT 20
                """).all().map { try $0.decode(column: "code", as: String.self) }
            result.append(PhoneCount(phone: phone, count: try row.decode(column: "n", as: Int.self), codes: codes))
        }
        return result
    }

    /// A requester left unsatisfied after follow-up (on an order registered since `earliest`) who then
    /// filed a complaint or an online petition (阳光信访) since `since`.
    static func escalations(since: Date, earliest: Date, on db: any Database) async throws -> [Escalation] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT a.requester_phone AS phone, a.code AS earlier, b.code AS later FROM work_orders a
            JOIN work_orders b ON b.requester_phone = a.requester_phone AND b.created_at > a.created_at AND b.id <> a.id
            WHERE a.follow_up_satisfaction = 'unsatisfied' AND a.requester_phone <> '' AND a.created_at >= \(bind: earliest)
              AND b.created_at >= \(bind: since) AND (b.request_kind = 'complaint' OR b.channel = 'onlinePetition')
            ORDER BY b.code LIMIT 500
            """).all().map {
            Escalation(phone: try $0.decode(column: "phone", as: String.self),
                       earlier: try $0.decode(column: "earlier", as: String.self),
                       later: try $0.decode(column: "later", as: String.self))
        }
    }

    /// Per lead unit: the orders' handling clocks that went overdue (red or stopped late) with a due time in
    /// [weekStart, now) against [weekStart − 7 days, weekStart).
    static func overdueByUnit(weekStart: Date, now: Date, on db: any Database) async throws -> [UnitOverdue] {
        let sql = db as! any SQLDatabase
        let lastStart = weekStart.addingTimeInterval(-7 * 86_400)
        return try await sql.raw("""
            SELECT o.lead_unit_id AS unit_id,
                   SUM(CASE WHEN d.due_at >= \(bind: weekStart) THEN 1 ELSE 0 END) AS this_week,
                   SUM(CASE WHEN d.due_at < \(bind: weekStart) THEN 1 ELSE 0 END) AS last_week
            FROM deadlines d JOIN work_orders o ON o.id = d.order_id
            WHERE d.due_at >= \(bind: lastStart) AND d.due_at < \(bind: now) AND d.ref_id IS NULL AND d.kind = 'handling'
              AND (d.light = 'red' OR d.status = 'late') AND o.lead_unit_id IS NOT NULL
            GROUP BY o.lead_unit_id
            """).all().map {
            UnitOverdue(unitID: try $0.decode(column: "unit_id", as: UUID.self),
                        thisWeek: try $0.decode(column: "this_week", as: Int.self),
                        lastWeek: try $0.decode(column: "last_week", as: Int.self))
        }
    }
}
