import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Reads orders (and their own sign-for, handling and follow-up clocks) as `RollupFacts`.
/// Raw SQL: it pages through many orders and must be the same on SQLite and PostgreSQL.
struct RollupFactsReader {
    let sql: any SQLDatabase
    let calendar: WorkCalendar
    let org: OrgDirectory

    struct Page {
        var facts: [UUID: RollupFacts]
        /// The last row's (updated_at, id), for the next page.
        var last: (Date, UUID)?
        var count: Int
        /// The last row's id and the latest change on the page (for a rebuild paging by id).
        var lastID: UUID?
        var latestUpdate: Date?
    }

    static let orderColumns = """
        id, created_at, updated_at, closed_at, channel, category_code, cell_large, cell_medium, cell_small, cell_micro,
        lead_unit_id, state, light, follow_up_resolved, follow_up_satisfaction
        """

    /// Orders changed at or after `since`, in (updated_at, id) order, after `after`.
    func changed(since: Date, after: (Date, UUID)?, limit: Int) async throws -> Page {
        let rows: [any SQLRow]
        if let (at, id) = after {
            rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.orderColumns) FROM work_orders
                WHERE updated_at >= \(bind: since) AND (updated_at > \(bind: at) OR (updated_at = \(bind: at) AND id > \(bind: id)))
                ORDER BY updated_at, id LIMIT \(unsafeRaw: String(limit))
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.orderColumns) FROM work_orders WHERE updated_at >= \(bind: since)
                ORDER BY updated_at, id LIMIT \(unsafeRaw: String(limit))
                """).all()
        }
        return try await page(rows)
    }

    /// Every order in id order, after `after` (for a rebuild).
    func all(after: UUID?, limit: Int) async throws -> Page {
        let rows: [any SQLRow]
        if let after {
            rows = try await sql.raw("""
                SELECT \(unsafeRaw: Self.orderColumns) FROM work_orders WHERE id > \(bind: after) ORDER BY id LIMIT \(unsafeRaw: String(limit))
                """).all()
        } else {
            rows = try await sql.raw("SELECT \(unsafeRaw: Self.orderColumns) FROM work_orders ORDER BY id LIMIT \(unsafeRaw: String(limit))").all()
        }
        return try await page(rows)
    }

    private struct OrderRow {
        var id: UUID, created: Date, updated: Date, closed: Date?, channel: String, category: String
        var cells: [String?], lead: UUID?, state: String, light: String, resolved: Bool?, satisfaction: String?
    }

    private func page(_ rows: [any SQLRow]) async throws -> Page {
        let orders = try rows.map { r in
            OrderRow(id: try r.decode(column: "id", as: UUID.self), created: try r.decode(column: "created_at", as: Date.self),
                     updated: try r.decode(column: "updated_at", as: Date.self), closed: try r.decode(column: "closed_at", as: Date?.self),
                     channel: try r.decode(column: "channel", as: String.self), category: try r.decode(column: "category_code", as: String.self),
                     cells: try ["cell_large", "cell_medium", "cell_small", "cell_micro"].map { try r.decode(column: $0, as: String?.self) },
                     lead: try r.decode(column: "lead_unit_id", as: UUID?.self), state: try r.decode(column: "state", as: String.self),
                     light: try r.decode(column: "light", as: String.self),
                     resolved: try r.decode(column: "follow_up_resolved", as: Bool?.self),
                     satisfaction: try r.decode(column: "follow_up_satisfaction", as: String?.self))
        }
        let clocks = try await self.clocks(of: orders.map(\.id))
        var facts: [UUID: RollupFacts] = [:]
        for o in orders { facts[o.id] = self.facts(o, clocks: clocks[o.id] ?? []) }
        return Page(facts: facts, last: orders.last.map { ($0.updated, $0.id) }, count: orders.count,
                    lastID: orders.last?.id, latestUpdate: orders.map(\.updated).max())
    }

    private struct Clock {
        var kind: String, status: String, light: String, started: Date, due: Date?, stopped: Date?
    }

    private func clocks(of ids: [UUID]) async throws -> [UUID: [Clock]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("""
            SELECT order_id, kind, status, light, started_at, due_at, stopped_at FROM deadlines
            WHERE order_id IN (\(binds: ids)) AND kind IN ('signFor', 'handling', 'followUp') AND ref_id IS NULL
            """).all()
        var out: [UUID: [Clock]] = [:]
        for r in rows {
            let clock = Clock(kind: try r.decode(column: "kind", as: String.self), status: try r.decode(column: "status", as: String.self),
                              light: try r.decode(column: "light", as: String.self), started: try r.decode(column: "started_at", as: Date.self),
                              due: try r.decode(column: "due_at", as: Date?.self), stopped: try r.decode(column: "stopped_at", as: Date?.self))
            out[try r.decode(column: "order_id", as: UUID.self), default: []].append(clock)
        }
        return out
    }

    private func day(_ date: Date) -> Int { RollupBuckets.day(calendar.civilDate(of: date)) }

    /// The counting rules (docs/ANALYTICS.md): a clock counts once it is decided — stopped in time,
    /// stopped late, or still open and red; a cancelled or still-running clock does not count yet.
    private func facts(_ o: OrderRow, clocks: [Clock]) -> RollupFacts {
        var signFors: [RollupFacts.Outcome] = []
        var handlings: [RollupFacts.Outcome] = []
        var lastFollowUp: Date?
        for c in clocks.sorted(by: { $0.started < $1.started }) {
            let decided = c.status == "met" || c.status == "late" || (c.status == "open" && c.light == "red")
            switch c.kind {
            case "signFor" where decided:
                signFors.append(.init(day: day(c.started), onTime: c.status == "met"))
            case "handling" where decided:
                let when = c.status == "open" ? (c.due ?? c.started) : (c.stopped ?? c.started)
                handlings.append(.init(day: day(when), onTime: c.status == "met"))
            case "followUp":
                if let stopped = c.stopped, c.status == "met" || c.status == "late" { lastFollowUp = max(lastFollowUp ?? stopped, stopped) }
            default: break
            }
        }
        var follow: RollupFacts.FollowUp?
        if let s = o.satisfaction {
            let at = lastFollowUp ?? o.closed ?? o.created
            follow = .init(day: day(at), resolved: o.resolved == true, reached: s != "unreachable",
                           satisfied: s == "satisfied" || s == "basicallySatisfied")
        }
        let open = o.state != "closed" && o.state != "merged"
        return RollupFacts(createdDay: day(o.created), channel: o.channel, category: o.category, cells: o.cells,
                           unit: org.unit(o.lead)?.code, open: open, light: open ? o.light : "green",
                           signFors: signFors, handlings: handlings, followUp: follow)
    }
}
