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

    @Option(help: "Days of order history to generate.") var days: Int = 90
    @Option(help: "Average orders a day.") var perDay: Int = 700

    func run() async throws {
        try await AppRunner.withApp(storage) { app in
            let report = try await DemoSeeder(app: app, days: days, ordersPerDay: perDay).seedIfEmpty()
            print(report.seeded ? "seeded \(report.orders) orders, \(report.users) users" : "database not empty: nothing seeded (\(report.orders) orders present)")
        }
    }
}
