import ArgumentParser
import Foundation
import HeweiServer

struct BaseDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "base-data", abstract: "Grid base data (人房物组织).",
                                                    subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a CSV file of base data and store it (all or nothing unless --skip-bad).",
            discussion: """
            KIND is residents, buildings, facilities or organisations. The header row names cellCode and the \
            kind's fields (see docs/API.md); every bad row is reported with its line number.
            """)

        @OptionGroup var storage: StorageOptions
        @Argument(help: "residents, buildings, facilities or organisations.") var kind: String
        @Argument(help: "The CSV file (UTF-8, header row).") var file: String
        @Flag(help: "Store the good rows of a file with bad ones, and report the bad ones.") var skipBad = false

        func run() async throws {
            guard BaseDataCommandImport.kinds.contains(kind) else {
                throw ValidationError("KIND must be one of \(BaseDataCommandImport.kinds.joined(separator: ", "))")
            }
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var stderr = FileHandle.standardError
            do {
                let outcome = try await AppRunner.withApp(storage) { app in
                    try await BaseDataCommandImport.run(app: app, kind: kind, csv: text, skipBad: skipBad)
                }
                for p in outcome.problems { print(p, to: &stderr) }
                print("imported \(outcome.imported) \(kind); skipped \(outcome.skipped) bad row(s)")
            } catch let HeweiError.invalidRows(problems) {
                for p in problems { print(p, to: &stderr) }
                print("\(problems.count) problem(s); nothing was stored", to: &stderr)
                throw ExitCode(1)
            }
        }
    }
}
