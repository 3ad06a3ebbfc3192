import ArgumentParser
import Foundation
import HeweiServer

/// `hewei rollups rebuild|verify|sweep`: the figures' rollup tables (docs/ANALYTICS.md).
struct RollupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollups", abstract: "The figures' rollups: rebuild from the orders, sweep pending changes, verify.",
        subcommands: [Rebuild.self, Sweep.self, Verify.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute every rollup from the orders (after a bulk import or an upgrade).")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await AppRunner.withApp(storage) { app in
                let r = try await RollupMaintenance.rebuild(app)
                print(String(format: "rebuilt from %d orders: %d counter rows, %d gauge rows in %.1f s", r.orders, r.flowRows, r.gaugeRows, r.seconds))
            }
        }
    }

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count the orders changed since the last sweep (the server does this every sweep).")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await AppRunner.withApp(storage) { app in print("\(try await RollupMaintenance.sweep(app)) orders recounted") }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sweep, then compare the rollups with a full recomputation; exit 1 on any difference.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let problems = try await AppRunner.withApp(storage) { app in
                _ = try await RollupMaintenance.sweep(app)
                return try await RollupMaintenance.verify(app)
            }
            if problems.isEmpty {
                print("rollups agree with the orders")
            } else {
                problems.prefix(50).forEach { print($0) }
                print("\(problems.count) rows differ")
                throw ExitCode(1)
            }
        }
    }
}
