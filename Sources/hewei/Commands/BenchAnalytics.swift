import ArgumentParser
import Foundation
import HeweiServer

extension Bench {
    struct Analytics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dashboard overview from the rollups against the same figures by plain GROUP BY, on an existing database.",
            discussion: "Seed first, e.g. `hewei demo --data DIR --orders 1000000`; with DATABASE_URL the PostgreSQL database is used.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Timed overviews per area (after 3 warm-up runs).") var samples: Int = 50
        @Option(help: "Timed plain GROUP BY runs per area (default: samples / 10, at least 3).") var plainSamples: Int?
        @Option(help: "Town (large grid cell code); default: the one with the most orders.") var town: String?

        func run() async throws {
            try await AppRunner.withApp(storage) { app in
                let bench = AnalyticsBenchmark(app: app, samples: samples, plainSamples: plainSamples)
                print("orders: \(try await bench.orderCount())")
                let results = try await bench.run(town: town)
                func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
                print("area        path                  samples   p50 ms    p95 ms")
                for r in results {
                    for t in [r.rollups, r.plain] {
                        print(pad(r.area, 11) + " " + pad(t.label, 20) + String(format: " %8d %9.2f %9.2f", t.samples, t.p50 * 1000, t.p95 * 1000))
                    }
                    print(pad(r.area, 11) + String(format: " ratio plain/rollups: p50 %.0f×, p95 %.0f×", r.plain.p50 / max(r.rollups.p50, 1e-9),
                                                    r.plain.p95 / max(r.rollups.p95, 1e-9)))
                    let a = r.rollupFigures, b = r.plainFigures
                    print("  rollups: today \(a.todayIntake), month \(a.monthIntake), 30 days \(a.last30Intake), open \(a.open) (yellow \(a.yellow), red \(a.red))")
                    print("  plain  : today \(b.todayIntake), month \(b.monthIntake), 30 days \(b.last30Intake), open \(b.open) (yellow \(b.yellow), red \(b.red))")
                    print(a == b ? "  figures agree" : "  FIGURES DIFFER")
                }
            }
        }
    }
}
