import ArgumentParser
import Foundation
import HeweiServer

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import data from an old system.",
                                                    subcommands: [Orders.self])

    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the requests of a CSV file as orders, at the time each was received (all or nothing unless --skip-bad).",
            discussion: """
            Header row: channel,channelRef,receivedAt,requestKind,categoryCode,address,content are required; \
            urgency,longitude,latitude,requesterName,requesterPhone,anonymous,unit are optional (unit: a unit code \
            or auto to dispatch at once). channelRef is the old system's reference: a row already imported is \
            skipped, so the same file can be run again. Every rejected row is reported with its line number.
            """)

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The CSV file (UTF-8, header row).") var file: String
        @Flag(help: "Store the good rows of a file with bad ones, and report the bad ones.") var skipBad = false

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var stderr = FileHandle.standardError
            do {
                let outcome = try await AppRunner.withApp(storage) { app in
                    try await OrderImportCommand.run(app: app, csv: text, skipBad: skipBad)
                }
                for p in outcome.rejected { print(p, to: &stderr) }
                print("imported \(outcome.imported) order(s); \(outcome.alreadyImported) already imported; rejected \(outcome.rejected.count) row(s)")
            } catch let HeweiError.invalidRows(problems) {
                for p in problems { print(p, to: &stderr) }
                print("\(problems.count) problem(s); nothing was stored", to: &stderr)
                throw ExitCode(1)
            }
        }
    }
}
