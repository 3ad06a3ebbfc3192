import ArgumentParser
import HeweiServer

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema and seed the local rules.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await AppRunner.withApp(storage) { _ in print("migrated") }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Seed the Qufu demonstration deployment (only into an empty database).")

    @OptionGroup var storage: StorageOptions

    @Option(help: "Days of order history to generate (default 90; 365 with --orders).") var days: Int?
    @Option(help: "Average orders a day.") var perDay: Int = 700
    @Option(help: "Instead of the simulated history: this many bulk orders (final state and clocks only) for scale benchmarks.")
    var orders: Int?

    func run() async throws {
        try await AppRunner.withApp(storage) { app in
            guard let orders else {
                let report = try await DemoSeeder(app: app, days: days ?? 90, ordersPerDay: perDay).seedIfEmpty()
                print(report.seeded ? "seeded \(report.orders) orders, \(report.users) users" : "database not empty: nothing seeded (\(report.orders) orders present)")
                return
            }
            // The demo base (organisation, grid, accounts, mediation, petitions) without its simulated history.
            let base = try await DemoSeeder(app: app, days: 0, ordersPerDay: 0).seedIfEmpty()
            guard base.seeded else { return print("database not empty: nothing seeded (\(base.orders) orders present)") }
            let bulk = try await BulkOrders(app: app, orders: orders, days: days ?? 365) { written, total, seconds in
                print(String(format: "  %9d / %d orders  %6.1f s  %7.0f orders/s", written, total, seconds, Double(written) / max(seconds, 0.001)))
            }.generate()
            print(String(format: "bulk: %d orders in %.1f s = %.0f orders/s", bulk.orders, bulk.seconds, bulk.ordersPerSecond))
            let rebuild = try await RollupMaintenance.rebuild(app)
            print(String(format: "rollups rebuilt from %d orders in %.1f s (%d flow rows, %d gauge rows)",
                         rebuild.orders, rebuild.seconds, rebuild.flowRows, rebuild.gaugeRows))
        }
    }
}
