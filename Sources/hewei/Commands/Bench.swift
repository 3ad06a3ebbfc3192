import ArgumentParser
import Foundation
import HeweiServer

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmarks (results go to BENCHMARKS.md).", subcommands: [Intake.self, Points.self, Analytics.self])

    struct Intake: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Intake through HTTP on a fresh database, next to raw single-row durable commits on the same disk.")

        @Option(help: "Scratch directory (emptied first).") var data: String = "./bench-out"
        @Option(help: "Orders to submit.") var orders: Int = 20_000
        @Option(help: "Concurrent clients.") var concurrency: Int = 32
        @Option(help: "Port for the benchmark server.") var port: Int = 18_080

        func run() async throws {
            try? FileManager.default.removeItem(atPath: data)
            let result = try await AppRunner.benchServer(data: data, port: port) { app in
                try await IntakeBenchmark(app: app, port: port, orders: orders, concurrency: concurrency)
                    .run(rawCommitPath: (data as NSString).appendingPathComponent("raw-commits.sqlite"))
            }
            print(String(format: "intake over HTTP : %7d orders in %6.2f s = %8.0f orders/s (%d failed, %d clients)",
                         result.orders, result.seconds, result.ordersPerSecond, result.failures, concurrency))
            print(String(format: "raw commits      : %7d commits in %6.2f s = %8.0f commits/s",
                         result.rawCommits, result.rawSeconds, result.rawCommitsPerSecond))
            print(String(format: "ratio            : %.2f", result.ordersPerSecond / result.rawCommitsPerSecond))
            if result.batches > 0 {
                print(String(format: "group commit     : %d writes in %d transactions (%.1f per commit)",
                             result.writes, result.batches, Double(result.writes) / Double(result.batches)))
            }
        }
    }
}
