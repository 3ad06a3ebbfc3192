import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Generates `orders` work orders over the last `days` days, for scale benchmarks (`hewei demo --orders N`).
///
/// Unlike `DemoHistory` (which simulates every action and writes ~9 events per order), each bulk order
/// gets only what the figures read: the order row in its final state and its sign-for and handling
/// clocks, consistent with one another and with the times. Channels, categories, places and lead
/// units come from the demo's own draft (`DemoDraft`), so the mix is the demo's. Deterministic for a
/// seed; rows are written with the demo's multi-row statements, `batchSize` orders per transaction,
/// while the next batch is built on another task.
public struct BulkOrders {
    public struct Report: Sendable {
        public var orders: Int
        public var seconds: Double
        public var ordersPerSecond: Double { seconds > 0 ? Double(orders) / seconds : 0 }
    }

    let app: Application
    let orders: Int
    let days: Int
    let seed: UInt64
    let progress: @Sendable (_ written: Int, _ total: Int, _ seconds: Double) -> Void

    /// Orders per write transaction.
    static let batchSize = 10_000

    public init(app: Application, orders: Int, days: Int = 365, seed: UInt64 = 370881,
                progress: @escaping @Sendable (Int, Int, Double) -> Void = { _, _, _ in }) {
        self.app = app
        self.orders = orders
        self.days = days
        self.seed = seed
        self.progress = progress
    }

    public func generate() async throws -> Report {
        let started = Date()
        guard orders > 0, days > 0 else { return Report(orders: 0, seconds: 0) }
        let catalog = try await DemoCatalog.load(app: app, seed: seed)
        let plan = Self.dayCounts(catalog: catalog, orders: orders, days: days)
        let existing = try await DemoHistory.codeSequences(on: app.db)
        var sequences: [DemoHistory.DaySequence] = []
        // Batches of (index, code, time), cut across day boundaries.
        var batches: [[DemoHistory.Planned]] = [[]]
        var index = 0
        for (dayNumber, count) in plan where count > 0 {
            let date = CivilDate(dayNumber: dayNumber)
            let dayKey = OrderCode(county: catalog.rules.county, date: date, sequence: 0).dayKey
            let first = existing[dayKey] ?? 0
            for (k, t) in Self.times(catalog: catalog, dayNumber: dayNumber, count: count).enumerated() {
                let code = OrderCode(county: catalog.rules.county, date: date, sequence: first + k + 1).description
                if batches[batches.count - 1].count == Self.batchSize { batches.append([]) }
                batches[batches.count - 1].append(DemoHistory.Planned(index: index, code: code, createdAt: t))
                index += 1
            }
            sequences.append(DemoHistory.DaySequence(dayKey: dayKey, last: first + count))
        }
        let db = app.db, gate = app.hewei.gate, sql = app.db as! any SQLDatabase, daySequences = sequences
        func prepare(_ batch: [DemoHistory.Planned], _ renderer: DemoStatementWriter) -> Task<([DemoStatement], DemoStatementWriter), Never> {
            Task {
                var renderer = renderer
                return (renderer.statements(for: Self.build(batch, catalog: catalog)), renderer)
            }
        }
        var next: Task<([DemoStatement], DemoStatementWriter), Never>? = prepare(batches[0], DemoStatementWriter(sql: sql))
        var written = 0
        for k in batches.indices {
            guard let (statements, renderer) = await next?.value else { break }
            next = k + 1 < batches.count ? prepare(batches[k + 1], renderer) : nil
            let last = k + 1 == batches.count
            try await db.write(gate: gate) { db in
                let sql = db as! any SQLDatabase
                for statement in statements { try await sql.execute(sql: statement) { _ in } }
                if last { try await DemoHistory.saveSequences(daySequences, on: db) }
            }
            written += batches[k].count
            if k % 10 == 9 || last { progress(written, index, Date().timeIntervalSince(started)) }
        }
        return Report(orders: written, seconds: Date().timeIntervalSince(started))
    }

    // MARK: when: days and times

    /// Relative intake by month: busier in summer (rain, heat, tourism), quieter around the Spring Festival.
    static let seasonal: [Double] = [0.86, 0.80, 0.95, 1.00, 1.05, 1.15, 1.25, 1.20, 1.05, 1.00, 0.90, 0.88]

    /// Orders per day, summing to exactly `orders`: weekday shape (as the demo history), season and noise;
    /// today counts only the part of the day that has passed.
    static func dayCounts(catalog: DemoCatalog, orders: Int, days: Int) -> [(Int, Int)] {
        let calendar = catalog.rules.calendar, now = catalog.now
        let today = calendar.civilDate(of: now).dayNumber
        let elapsed = max(0, now.timeIntervalSince(calendar.startOfDay(CivilDate(dayNumber: today))) - 120) / 86_400
        var weights: [(Int, Double)] = []
        for n in (today - days + 1)...today {
            let date = CivilDate(dayNumber: n)
            var rng = DemoRandom(seed: catalog.seed, stream: 13, UInt64(bitPattern: Int64(n)))
            var holiday = false
            if case .off? = calendar.kind(of: date) { holiday = true }
            let working = calendar.isWorkingDay(dayNumber: n)
            var w = (working ? 1.12 : holiday ? 0.6 : 0.72) * seasonal[date.month - 1] * max(0.7, 1 + 0.06 * rng.gaussian())
            if n == today { w *= elapsed }
            weights.append((n, w))
        }
        let total = weights.reduce(0) { $0 + $1.1 }
        var out: [(Int, Int)] = []
        var sum = 0.0, given = 0
        for (n, w) in weights {
            sum += w
            let upTo = Int((Double(orders) * sum / total).rounded())
            out.append((n, upTo - given))
            given = upTo
        }
        return out
    }

    /// `count` sorted times in the day, by the demo's hour-of-day shape, never later than two minutes ago.
    static func times(catalog: DemoCatalog, dayNumber n: Int, count: Int) -> [Date] {
        let calendar = catalog.rules.calendar, now = catalog.now - 120
        var rng = DemoRandom(seed: catalog.seed, stream: 14, UInt64(bitPattern: Int64(n)))
        let hours = calendar.isWorkingDay(dayNumber: n) ? DemoHistory.workdayHours : DemoHistory.dayOffHours
        let start = calendar.startOfDay(CivilDate(dayNumber: n))
        var times = (0..<count).map { _ -> Date in
            for _ in 0..<8 {
                let t = start + ((hours.draw(&rng) * 3600 + rng.uniform(0, 3600)) * 1000).rounded(.down) / 1000
                if t < now { return t }
            }
            return start + (rng.uniform(0, max(1, now.timeIntervalSince(start))) * 1000).rounded(.down) / 1000
        }
        times.sort()
        return times
    }
}
