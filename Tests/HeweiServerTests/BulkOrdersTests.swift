import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor

/// Bulk orders (`hewei demo --orders N`) are real orders as far as the figures go: after a rollup
/// rebuild, the overview counts exactly what the tables hold, and the plain GROUP BY agrees.
@Suite(.serialized) struct BulkOrdersTests {
    static func count(_ t: TestApp, _ query: String) async throws -> Int {
        try await (t.app.db as! any SQLDatabase).raw("\(unsafeRaw: query)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test func rollupsAfterABulkLoadCountEveryOrderAndTheOpenOnes() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let report = try await BulkOrders(app: t.app, orders: 2_000, days: 60).generate()
            #expect(report.orders == 2_000)
            let rebuilt = try await RollupMaintenance.rebuild(t.app)
            #expect(rebuilt.orders == 2_000)
            #expect(try await Self.count(t, "SELECT COUNT(*) AS n FROM work_orders") == 2_000)
            // two clocks per order, each stopped ones consistent with its due time
            #expect(try await Self.count(t, "SELECT COUNT(*) AS n FROM deadlines") == 4_000)
            #expect(try await Self.count(t, "SELECT COUNT(*) AS n FROM deadlines WHERE status = 'met' AND stopped_at > due_at") == 0)
            #expect(try await Self.count(t, "SELECT COUNT(*) AS n FROM deadlines WHERE status = 'late' AND stopped_at <= due_at") == 0)
            #expect(try await Self.count(t, "SELECT COUNT(*) AS n FROM work_orders WHERE cell_micro IS NULL") < 100)

            let reader = RollupReader(sql: t.app.db as! any SQLDatabase)
            let cal = t.app.hewei.rules.current.calendar
            let today = cal.civilDate(of: t.clock.now())
            let all = DayPeriod(from: CivilDate(dayNumber: today.dayNumber - 400), to: today)
            let intake = try await reader.sums(areas: [RollupKey.city], dims: .total, period: all).first?.measures.intake
            #expect(intake == 2_000)

            let open = try await Self.count(t, "SELECT COUNT(*) AS n FROM work_orders WHERE state NOT IN ('closed', 'merged')")
            #expect(open > 0 && open < 1_000)  // mostly closed, some open
            let city = try AnalyticsArea.resolve(RollupKey.city, context: t.app.hewei)
            let overview = try await AnalyticsOverview(sql: t.app.db as! any SQLDatabase, context: t.app.hewei)
                .overview(city, now: t.clock.now(), showWarnings: false)
            #expect(overview.open == open)
            #expect(overview.red == (try await Self.count(t, "SELECT COUNT(*) AS n FROM work_orders WHERE state <> 'closed' AND light = 'red'")))

            // the benchmark's plain GROUP BY gives the same figures, for the city and for a town
            let results = try await AnalyticsBenchmark(app: t.app, samples: 1, plainSamples: 1).run()
            #expect(results.count == 2)
            for r in results { #expect(r.rollupFigures == r.plainFigures) }
            #expect(results[0].plainFigures.open == open)
        }
    }
}
