import Fluent
import Foundation
import HeweiCore
import SQLKit

/// Keeps the rollups current: reads the orders changed since the watermark, subtracts what each
/// was last counted as, adds what it counts as now, and moves the watermark — one transaction per
/// batch under the watermark row's lock, so several instances never count a change twice.
///
/// Orders are found by `updated_at` (indexed). The sweep re-reads `overlap` behind the watermark:
/// a transaction may stamp its change and commit a moment later than one stamped after it. Re-reading
/// is harmless — an order whose facts equal its mark adds nothing.
struct RollupSweep {
    let db: any Database
    let gate: WriteGate
    let calendar: WorkCalendar
    let org: OrgDirectory
    var batch = 1_000
    static let overlap: TimeInterval = 300

    struct Report: Sendable, Equatable {
        var read = 0
        var changed = 0
    }

    @discardableResult
    func sweep(now: Date) async throws -> Report {
        var report = Report()
        var after: (Date, UUID)?
        while true {
            let cursor = after
            let (read, changed, next) = try await db.write(gate: gate) { [calendar, org, batch] db in
                let sql = db as! any SQLDatabase
                let writer = RollupWriter(sql: sql)
                let watermark = try await writer.lockWatermark(initial: .distantPast)
                let reader = RollupFactsReader(sql: sql, calendar: calendar, org: org)
                let page = try await reader.changed(since: watermark.addingTimeInterval(-Self.overlap), after: cursor, limit: batch)
                let marks = try await writer.marks(of: Array(page.facts.keys))
                var delta = RollupContribution.Result()
                var changed: [(UUID, RollupFacts)] = []
                for (id, facts) in page.facts where marks[id] != facts {
                    if let old = marks[id] { RollupContribution.add(old, sign: -1, into: &delta) }
                    RollupContribution.add(facts, sign: 1, into: &delta)
                    changed.append((id, facts))
                }
                delta.compact()
                try await writer.apply(delta)
                try await writer.saveMarks(changed)
                if let last = page.last, last.0 > watermark { try await writer.setWatermark(last.0, sweptAt: now) }
                return (page.count, changed.count, page.count < batch ? nil : page.last)
            }
            report.read += read
            report.changed += changed
            guard let next else { break }
            after = next
        }
        return report
    }
}

/// Recomputes every rollup from the orders in one transaction (`hewei rollups rebuild`; after a
/// bulk import or the demo seeding, which write orders without the sweeper seeing them).
struct RollupRebuild {
    let db: any Database
    let gate: WriteGate
    let calendar: WorkCalendar
    let org: OrgDirectory
    var page = 5_000

    struct Report: Sendable, Equatable {
        var orders = 0
        var flowRows = 0
        var gaugeRows = 0
    }

    func run() async throws -> Report {
        try await db.write(gate: gate) { [calendar, org, page] db in
            let sql = db as! any SQLDatabase
            let writer = RollupWriter(sql: sql, chunk: 1_000)
            try await writer.clear()
            let total = try await Self.compute(sql: sql, calendar: calendar, org: org, page: page) { marks in
                try await writer.saveMarks(marks)
            }
            var result = total.result
            result.compact()
            try await writer.apply(result)
            _ = try await writer.lockWatermark(initial: total.latest ?? .distantPast)
            if let latest = total.latest { try await writer.setWatermark(latest, sweptAt: latest) }
            return Report(orders: total.orders, flowRows: result.flows.count, gaugeRows: result.gauges.count)
        }
    }

    struct Total {
        var result = RollupContribution.Result()
        var orders = 0
        var latest: Date?
    }

    /// Sums every order's contribution (also the property test's "full recomputation").
    static func compute(sql: any SQLDatabase, calendar: WorkCalendar, org: OrgDirectory, page: Int = 5_000,
                        each: (([(UUID, RollupFacts)]) async throws -> Void)? = nil) async throws -> Total {
        let reader = RollupFactsReader(sql: sql, calendar: calendar, org: org)
        var total = Total()
        var after: UUID?
        while true {
            let p = try await reader.all(after: after, limit: page)
            for facts in p.facts.values { RollupContribution.add(facts, sign: 1, into: &total.result) }
            total.orders += p.count
            if let u = p.latestUpdate { total.latest = max(total.latest ?? u, u) }
            try await each?(p.facts.map { ($0.key, $0.value) })
            guard p.count == page, let last = p.lastID else { break }
            after = last
        }
        return total
    }
}
