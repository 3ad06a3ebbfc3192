import ArgumentParser
import Foundation
import HeweiServer

/// `hewei dispatch-model`: the smart dispatch suggestion model (issue 7).
struct DispatchModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch-model",
        abstract: "Train or show the model that suggests category and unit at intake.",
        subcommands: [Train.self, Show.self])

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on the closed orders now (every 5th held out for the figures) and make it the active model.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Pre-select the suggestion when its probability reaches this (default: the active model's, else 0.6).")
        var threshold: Double?
        @Option(help: "Why (recorded in the configuration changes).") var note: String?

        func run() async throws {
            let r = try await AppRunner.withApp(storage) { app in
                try await DispatchTraining.run(app: app, threshold: threshold, note: note ?? "retrained from the command line")
            }
            func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
            print("model \(r.generation) trained in \(String(format: "%.1f", r.seconds)) s on \(r.samples) closed orders (\(r.unitSamples) with a lead unit)")
            print("held out \(r.tested) orders (every 5th): category accuracy \(pct(r.categoryAccuracy)), top-3 \(pct(r.categoryTop3))")
            print("held out \(r.unitTested) orders with a unit: unit accuracy \(pct(r.unitAccuracy)), top-3 \(pct(r.unitTop3))")
            print("threshold \(r.threshold)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the active model's held-out figures.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let summary = try await AppRunner.withApp(storage) { app in try await DispatchTraining.activeSummary(app: app) }
            print(summary ?? "no model trained yet: run `hewei dispatch-model train`")
        }
    }
}
