import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Generates `days` of realistic order history for the demo deployment, deterministically for a seed.
///
/// Orders are not pushed through OrderWorkflow one by one (63,000 orders with ~8 actions each would take
/// many minutes); each order's history is computed in memory by `DemoScript` and `DemoOrderSim`, which
/// write exactly what OrderWorkflow, DeadlineBook and the DeadlineSweeper would have written, and the
/// rows are inserted in large batches, a few thousand orders per transaction.
struct DemoHistory {
    let app: Application
    let days: Int
    let ordersPerDay: Int
    let seed: UInt64

    /// Orders per write transaction.
    static let batchSize = 3000

    func generate() async throws -> Int {
        guard days > 0, ordersPerDay > 0 else { return 0 }
        let catalog = try await DemoCatalog.load(app: app, seed: seed)
        let plan = Self.plan(catalog: catalog, days: days, ordersPerDay: ordersPerDay,
                             existing: try await Self.codeSequences(on: app.db))
        let items = plan.items
        let batches = stride(from: 0, to: items.count, by: Self.batchSize).map { Array(items[$0..<min(items.count, $0 + Self.batchSize)]) }
        let db = app.db, gate = app.hewei.gate, sql = app.db as! any SQLDatabase
        // Build and render the next batch while the current one is written; the renderer (with its
        // cache of statement texts) passes from one batch to the next.
        func prepare(_ batch: [Planned], _ renderer: DemoStatementWriter) -> Task<([DemoStatement], DemoStatementWriter), any Error> {
            Task {
                var renderer = renderer
                return (renderer.statements(for: try Self.build(batch, catalog: catalog)), renderer)
            }
        }
        var next = batches.first.map { prepare($0, DemoStatementWriter(sql: sql)) }
        for k in batches.indices {
            guard let (statements, renderer) = try await next?.value else { break }
            next = k + 1 < batches.count ? prepare(batches[k + 1], renderer) : nil
            let last = k + 1 == batches.count
            try await db.write(gate: gate) { db in
                let sql = db as! any SQLDatabase
                for statement in statements { try await sql.execute(sql: statement) { _ in } }
                if last { try await Self.saveSequences(plan.sequences, on: db) }
            }
        }
        return items.count
    }

    // MARK: the plan: how many orders, when, with which code

    struct Planned: Sendable {
        let index: Int
        let code: String
        let createdAt: Date
        var stall: DemoStall?
    }

    struct DaySequence: Sendable {
        let dayKey: String
        let last: Int
    }

    struct Plan: Sendable {
        var items: [Planned] = []
        var sequences: [DaySequence] = []
    }

    /// Relative intake by hour of day: busy office hours, quiet nights; flatter on days off.
    static let workdayHours = DemoWeighted<Double>([
        0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.6, 1.5, 4.0, 6.0, 6.5, 5.5, 3.0, 3.0, 5.0, 5.5, 5.0, 3.5, 2.5, 2.2, 2.0, 1.6, 0.9, 0.5,
    ].enumerated().map { (Double($0.offset), $0.element) })
    static let dayOffHours = DemoWeighted<Double>([
        0.4, 0.25, 0.2, 0.15, 0.15, 0.3, 0.8, 1.6, 3.0, 4.0, 4.5, 4.2, 3.0, 2.8, 3.5, 3.8, 3.6, 3.0, 2.6, 2.4, 2.2, 1.7, 1.0, 0.6,
    ].enumerated().map { (Double($0.offset), $0.element) })

    static func plan(catalog: DemoCatalog, days: Int, ordersPerDay: Int, existing: [String: Int]) -> Plan {
        let calendar = catalog.rules.calendar, now = catalog.now
        let today = calendar.civilDate(of: now).dayNumber
        var plan = Plan()
        for n in (today - days + 1)...today {
            let date = CivilDate(dayNumber: n)
            var rng = DemoRandom(seed: catalog.seed, stream: 3, UInt64(bitPattern: Int64(n)))
            let working = calendar.isWorkingDay(dayNumber: n)
            var holiday = false
            if case .off? = calendar.kind(of: date) { holiday = true }
            // Working days 1.12, weekends 0.72 (about ordersPerDay on average over a week), holidays 0.6.
            let factor = (working ? 1.12 : holiday ? 0.6 : 0.72) * max(0.7, 1 + 0.06 * rng.gaussian())
            let count = Int((Double(ordersPerDay) * factor).rounded())
            let hours = working ? workdayHours : dayOffHours
            let start = calendar.startOfDay(date)
            var times = (0..<count).map { _ in
                let seconds = (hours.draw(&rng) * 3600 + rng.uniform(0, 3600)) * 1000
                return start + seconds.rounded(.down) / 1000
            }
            times.sort()
            times.removeAll { $0 >= now - 120 }
            guard !times.isEmpty else { continue }
            let dayKey = OrderCode(county: catalog.rules.county, date: date, sequence: 0).dayKey
            let first = existing[dayKey] ?? 0
            for (k, t) in times.enumerated() {
                let code = OrderCode(county: catalog.rules.county, date: date, sequence: first + k + 1).description
                plan.items.append(Planned(index: plan.items.count, code: code, createdAt: t))
            }
            plan.sequences.append(DaySequence(dayKey: dayKey, last: first + times.count))
        }
        showcase(&plan.items, now: now, ordersPerDay: ordersPerDay)
        return plan
    }

    /// Leaves a few recent orders in each state that a console must be able to show.
    static func showcase(_ items: inout [Planned], now: Date, ordersPerDay: Int) {
        func age(_ i: Int) -> Double { now.timeIntervalSince(items[i].createdAt) }
        let young = items.indices.filter { age($0) >= 600 && age($0) < 6 * 3600 }
        let middle = items.indices.filter { age($0) >= 6 * 3600 && age($0) < 72 * 3600 }
        let perState = max(2, ordersPerDay / 80)
        func assign(_ indexes: [Int], _ stalls: [DemoStall]) {
            guard !indexes.isEmpty else { return }
            let wanted = stalls.count * perState
            let step = max(1, indexes.count / wanted)
            var assigned = 0
            for k in stride(from: step / 2, to: indexes.count, by: step) where assigned < wanted {
                items[indexes[k]].stall = stalls[assigned % stalls.count]
                assigned += 1
            }
        }
        assign(young, [.accepted, .dispatched])
        assign(middle, [.objectionPending, .extensionPending, .reported, .replied, .followedUp, .suspended])
    }

    // MARK: building the rows

    struct DemoRows: Sendable {
        var orders: [DemoOrder] = []
        var events: [(UUID, DemoEvent)] = []
        var deadlines: [(UUID, DemoDeadline)] = []
    }

    static func build(_ items: [Planned], catalog: DemoCatalog) throws -> DemoRows {
        let scratch = DemoScratch(rules: catalog.rules)
        var rows = DemoRows()
        rows.orders.reserveCapacity(items.count)
        rows.events.reserveCapacity(items.count * 9)
        rows.deadlines.reserveCapacity(items.count * 6)
        for item in items {
            var rng = DemoRandom(seed: catalog.seed, stream: 1, UInt64(item.index))
            let millis = Int64((item.createdAt.timeIntervalSince1970 * 1000).rounded(.down))
            let id = rng.uuid(millis: millis, counter: 0)
            let draft = DemoDraft.make(catalog: catalog, id: id, code: item.code, createdAt: item.createdAt, rng: &rng)
            let sim = DemoOrderSim(order: draft.order, now: catalog.now, scratch: scratch,
                                   rng: DemoRandom(seed: catalog.seed, stream: 2, UInt64(item.index)))
            var script = DemoScript(catalog: catalog, draft: draft, stall: item.stall, sim: sim, rng: rng)
            let done = try script.run()
            rows.orders.append(done.order)
            for e in done.events { rows.events.append((id, e)) }
            for r in done.deadlines { rows.deadlines.append((id, r)) }
        }
        return rows
    }
}
