import ArgumentParser
import Foundation
import HeweiCore
import HeweiServer

struct GridCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grid", abstract: "The four-level grid.",
                                                    subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a GeoJSON FeatureCollection and make it the active grid (all or nothing).",
            discussion: "Features need properties code, name, level (large|medium|small|micro) and parent_code.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The GeoJSON file.") var file: String
        @Option(help: "Why the grid changes (recorded).") var note: String = "imported with hewei grid import"

        func run() async throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            do {
                let result = try await AppRunner.withApp(storage) { app in
                    try await GridImport(context: app.hewei, db: app.db).run(geoJSON: data, actor: "hewei grid import", note: note)
                }
                let counts = GridLevel.allCases.map { "\($0.rawValue) \(result.counts[$0.rawValue] ?? 0)" }.joined(separator: ", ")
                print("imported grid version \(result.versionID): \(counts)")
            } catch let HeweiError.invalidGrid(problems) {
                var stderr = FileHandle.standardError
                for p in problems { print(p, to: &stderr) }
                print("\(problems.count) problem(s); nothing was stored", to: &stderr)
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the active grid as a GeoJSON FeatureCollection.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Only this level (large, medium, small, micro); all levels when absent.") var level: String?

        func run() async throws {
            let chosen: GridLevel?
            if let level {
                guard let l = GridLevel(rawValue: level) else { throw ValidationError("--level must be large, medium, small or micro") }
                chosen = l
            } else {
                chosen = nil
            }
            let data = try await AppRunner.withApp(storage) { app in GridImport(context: app.hewei, db: app.db).export(level: chosen) }
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}
