import ArgumentParser
import Foundation
import HeweiServer

struct Route: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Locate a point in the grid and show the unit the routing rules choose.",
        discussion: "With --points FILE.csv (lines 'lon,lat'), prints one micro-cell code per line, empty when outside.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "Longitude (WGS 84).") var lon: Double?
    @Option(help: "Latitude (WGS 84).") var lat: Double?
    @Option(help: "A minor category code, to show the chosen unit.") var category: String?
    @Option(help: "A CSV file of lon,lat lines.") var points: String?
    @Option(help: "For a point outside every cell: suggest the nearest cell within this many metres.") var radius: Double = 500

    func validate() throws {
        if points == nil && (lon == nil || lat == nil) { throw ValidationError("give --lon and --lat, or --points FILE.csv") }
    }

    func run() async throws {
        if let points {
            let text = try String(contentsOfFile: points, encoding: .utf8)
            var parsed: [(Double, Double)] = []
            for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if n == 0, fields.first.flatMap(Double.init) == nil { continue } // a header line
                guard fields.count >= 2, let x = Double(fields[0]), let y = Double(fields[1]) else {
                    throw ValidationError("\(points):\(n + 1): expected 'lon,lat'")
                }
                parsed.append((x, y))
            }
            let codes = try await AppRunner.withApp(storage) { app in GridLocator(context: app.hewei, db: app.db).microCells(points: parsed) }
            print(codes.joined(separator: "\n"))
        } else {
            let json = try await AppRunner.withApp(storage) { app in
                try await GridLocator(context: app.hewei, db: app.db).json(lon: lon!, lat: lat!, category: category, radius: radius)
            }
            print(json)
        }
    }
}
