import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Times the dashboard overview (read from the rollups) against the same figures computed by plain
/// GROUP BY queries over `work_orders` and `deadlines`, on an existing database (`hewei bench analytics`).
public struct AnalyticsBenchmark {
    public struct Timing: Sendable {
        public var label: String
        public var samples: Int
        public var p50: Double
        public var p95: Double
    }

    /// Figures both paths give, to check they agree.
    public struct Figures: Sendable, Equatable {
        public var todayIntake = 0
        public var monthIntake = 0
        public var last30Intake = 0
        public var open = 0
        public var yellow = 0
        public var red = 0
    }

    public struct Result: Sendable {
        public var area: String
        public var name: String
        public var rollups: Timing
        public var plain: Timing
        public var rollupFigures: Figures
        public var plainFigures: Figures
    }

    let app: Application
    let samples: Int
    let plainSamples: Int

    public init(app: Application, samples: Int = 50, plainSamples: Int? = nil) {
        self.app = app
        self.samples = max(1, samples)
        self.plainSamples = max(1, plainSamples ?? max(3, samples / 10))
    }

    public func orderCount() async throws -> Int {
        try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM work_orders").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The city and the town with the most orders (or `town` if given).
    public func run(town: String? = nil) async throws -> [Result] {
        let sql = app.db as! any SQLDatabase
        var townCode = town
        if townCode == nil {
            townCode = try await sql.raw("""
                SELECT cell_large, COUNT(*) AS n FROM work_orders WHERE cell_large IS NOT NULL GROUP BY cell_large ORDER BY n DESC LIMIT 1
                """).first()?.decode(column: "cell_large", as: String.self)
        }
        var out = [try await measure(AnalyticsArea.resolve(RollupKey.city, context: app.hewei))]
        if let townCode { out.append(try await measure(AnalyticsArea.resolve(townCode, context: app.hewei))) }
        return out
    }

    private func measure(_ area: AnalyticsArea) async throws -> Result {
        let sql = app.db as! any SQLDatabase, context = app.hewei
        let now = context.clock.now()
        let overview = AnalyticsOverview(sql: sql, context: context)
        let plain = AnalyticsPlainQueries(sql: sql, calendar: context.rules.current.calendar, area: area, now: now)
        var rollupFigures = Figures(), plainFigures = Figures()
        let rollups = try await time("overview (rollups)", samples: samples, warmUp: 3) {
            let o = try await overview.overview(area, now: now, showWarnings: true)
            rollupFigures = Figures(todayIntake: o.todayIntake, monthIntake: o.kpis.current.intake,
                                    last30Intake: o.trend.reduce(0) { $0 + $1.intake }, open: o.open, yellow: o.yellow, red: o.red)
        }
        let grouped = try await time("plain GROUP BY", samples: plainSamples, warmUp: 1) {
            plainFigures = try await plain.all()
        }
        return Result(area: area.key, name: area.name, rollups: rollups, plain: grouped,
                      rollupFigures: rollupFigures, plainFigures: plainFigures)
    }

    private func time(_ label: String, samples: Int, warmUp: Int, _ body: () async throws -> Void) async throws -> Timing {
        for _ in 0..<warmUp { try await body() }
        var seconds: [Double] = []
        for _ in 0..<samples {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        seconds.sort()
        func q(_ p: Double) -> Double { seconds[min(seconds.count - 1, Int((Double(seconds.count - 1) * p).rounded()))] }
        return Timing(label: label, samples: samples, p50: q(0.5), p95: q(0.95))
    }
}

/// The overview's figures straight from `work_orders` (+ `deadlines` for the KPIs), the way one would
/// without rollups: today's intake by channel, open/yellow/red, month-to-date KPIs and the previous
/// period, the 30-day daily trend, top categories and per-child counts.
struct AnalyticsPlainQueries {
    let sql: any SQLDatabase
    let calendar: WorkCalendar
    let area: AnalyticsArea
    let now: Date

    /// The area's filter on orders `o`, and the column that names its children.
    private var filter: (SQLQueryString, String) {
        switch area.kind {
        case .city: return ("", "cell_large")
        case .cell(let c):
            let column = ["large": "cell_large", "medium": "cell_medium", "small": "cell_small"][c.level.rawValue] ?? "cell_micro"
            let child = ["cell_large": "cell_medium", "cell_medium": "cell_small"][column] ?? "cell_micro"
            return ("AND o.\(unsafeRaw: column) = \(bind: c.code)", child)
        case .unit(let code): return ("AND o.lead_unit_id IN (SELECT id FROM units WHERE code = \(bind: code))", "cell_large")
        }
    }

    private func start(_ n: Int) -> Date { calendar.startOfDay(CivilDate(dayNumber: n)) }

    /// Days since today's start, as a whole number (negative for the past), in the database's own dialect.
    private func dayIndex(_ column: String, from t0: Date) -> SQLQueryString {
        if sql.dialect.name == "sqlite" {
            // Dates are REAL seconds; a positive offset makes CAST's truncation a floor.
            return "(CAST((\(unsafeRaw: column) - \(bind: t0.timeIntervalSince1970) + 86400.0 * 1000) / 86400.0 AS INTEGER) - 1000)"
        }
        return "CAST(FLOOR((EXTRACT(EPOCH FROM \(unsafeRaw: column)) - \(bind: t0.timeIntervalSince1970)) / 86400.0) AS INTEGER)"
    }

    func all() async throws -> AnalyticsBenchmark.Figures {
        let (area, child) = filter
        let today = calendar.civilDate(of: now).dayNumber
        let t0 = start(today), tomorrow = start(today + 1), from30 = start(today - 29)
        let monthStart = CivilDate(year: calendar.civilDate(of: now).year, month: calendar.civilDate(of: now).month, day: 1)!.dayNumber
        let days = today - monthStart + 1
        var f = AnalyticsBenchmark.Figures()

        let channels = try await sql.raw("""
            SELECT channel, COUNT(*) AS n FROM work_orders o WHERE o.created_at >= \(bind: t0) AND o.created_at < \(bind: tomorrow) \(area)
            GROUP BY channel
            """).all()
        f.todayIntake = try channels.reduce(0) { $0 + (try $1.decode(column: "n", as: Int.self)) }

        let gauge = try await sql.raw("""
            SELECT COUNT(*) AS n, SUM(CASE WHEN light = 'yellow' THEN 1 ELSE 0 END) AS y, SUM(CASE WHEN light = 'red' THEN 1 ELSE 0 END) AS r
            FROM work_orders o WHERE o.state NOT IN ('closed', 'merged') \(area)
            """).first()
        f.open = try gauge?.decode(column: "n", as: Int?.self) ?? 0
        f.yellow = try gauge?.decode(column: "y", as: Int?.self) ?? 0
        f.red = try gauge?.decode(column: "r", as: Int?.self) ?? 0

        // Month to date and the period of the same length before it.
        for (k, first) in [monthStart, monthStart - days].enumerated() {
            let from = start(first), to = start(first + days)
            let intake = try await sql.raw("""
                SELECT COUNT(*) AS n FROM work_orders o WHERE o.created_at >= \(bind: from) AND o.created_at < \(bind: to) \(area)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if k == 0 { f.monthIntake = intake }
            for (kind, at) in [("signFor", "d.started_at"), ("handling", "CASE WHEN d.status = 'open' THEN d.due_at ELSE d.stopped_at END")] {
                _ = try await sql.raw("""
                    SELECT COUNT(*) AS n, SUM(CASE WHEN d.status = 'met' THEN 1 ELSE 0 END) AS ok
                    FROM deadlines d JOIN work_orders o ON o.id = d.order_id
                    WHERE d.kind = \(bind: kind) AND d.ref_id IS NULL AND (d.status IN ('met', 'late') OR (d.status = 'open' AND d.light = 'red'))
                      AND \(unsafeRaw: at) >= \(bind: from) AND \(unsafeRaw: at) < \(bind: to) \(area)
                    """).first()
            }
            _ = try await sql.raw("""
                SELECT COUNT(*) AS n, SUM(CASE WHEN o.follow_up_resolved THEN 1 ELSE 0 END) AS resolved,
                       SUM(CASE WHEN o.follow_up_satisfaction <> 'unreachable' THEN 1 ELSE 0 END) AS reached,
                       SUM(CASE WHEN o.follow_up_satisfaction IN ('satisfied', 'basicallySatisfied') THEN 1 ELSE 0 END) AS satisfied
                FROM work_orders o WHERE o.follow_up_satisfaction IS NOT NULL
                  AND COALESCE(o.closed_at, o.created_at) >= \(bind: from) AND COALESCE(o.closed_at, o.created_at) < \(bind: to) \(area)
                """).first()
        }

        // 30-day trend: intake, and handling clocks that came due, per day.
        let trend = try await sql.raw("""
            SELECT \(dayIndex("o.created_at", from: t0)) AS day, COUNT(*) AS n FROM work_orders o
            WHERE o.created_at >= \(bind: from30) AND o.created_at < \(bind: tomorrow) \(area) GROUP BY 1
            """).all()
        f.last30Intake = try trend.reduce(0) { $0 + (try $1.decode(column: "n", as: Int.self)) }
        _ = try await sql.raw("""
            SELECT \(dayIndex("d.due_at", from: t0)) AS day, COUNT(*) AS n, SUM(CASE WHEN d.status = 'met' THEN 1 ELSE 0 END) AS ok
            FROM deadlines d JOIN work_orders o ON o.id = d.order_id
            WHERE d.kind = 'handling' AND d.ref_id IS NULL AND d.due_at >= \(bind: from30) AND d.due_at < \(bind: tomorrow) \(area) GROUP BY 1
            """).all()

        // Top categories and per-child intake over 30 days; per-child backlog now.
        _ = try await sql.raw("""
            SELECT category_code, COUNT(*) AS n FROM work_orders o WHERE o.created_at >= \(bind: from30) AND o.created_at < \(bind: tomorrow) \(area)
            GROUP BY category_code ORDER BY n DESC LIMIT 12
            """).all()
        _ = try await sql.raw("""
            SELECT o.\(unsafeRaw: child) AS child, COUNT(*) AS n FROM work_orders o
            WHERE o.created_at >= \(bind: from30) AND o.created_at < \(bind: tomorrow) \(area) GROUP BY 1
            """).all()
        _ = try await sql.raw("""
            SELECT o.\(unsafeRaw: child) AS child, COUNT(*) AS n, SUM(CASE WHEN light = 'yellow' THEN 1 ELSE 0 END) AS y,
                   SUM(CASE WHEN light = 'red' THEN 1 ELSE 0 END) AS r
            FROM work_orders o WHERE o.state NOT IN ('closed', 'merged') \(area) GROUP BY 1
            """).all()
        return f
    }
}
