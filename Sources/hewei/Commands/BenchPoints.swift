import ArgumentParser
import Foundation
import HeweiCore

extension Bench {
    struct Points: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Point → micro cell over the demo grid: look-ups per second on one core and the index's memory.",
            discussion: "With --out DIR also writes grid.geojson, points.csv and codes.txt for scripts/bench-grid.sh.")

        @Option(help: "Random points (uniform over Qufu's extent, seeded).") var points: Int = 1_000_000
        @Option(help: "Write the grid, the points and the answers here.") var out: String?

        func run() throws {
            let cells = DemoGrid.generate()
            var rng = SplitMix(seed: 20_261_127)
            let box = DemoGrid.extent
            // A margin outside the county, so that some points fall outside every cell.
            let pts = (0..<points).map { _ in
                GeoPoint(lon: box.minLon - 0.01 + rng.unit() * (box.maxLon - box.minLon + 0.02),
                         lat: box.minLat - 0.01 + rng.unit() * (box.maxLat - box.minLat + 0.02))
            }
            let before = Self.residentBytes()
            let buildStart = DispatchTime.now().uptimeNanoseconds
            let index = GridIndex(cells: cells)
            let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
            let after = Self.residentBytes()
            var answers = [Int32](repeating: -1, count: pts.count)
            let start = DispatchTime.now().uptimeNanoseconds
            for (i, p) in pts.enumerated() {
                if let leaf = index.leafIndex(containing: p) { answers[i] = Int32(leaf) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let inside = answers.filter { $0 >= 0 }.count
            print(String(format: "hewei GridIndex: %d points in %.3f s = %.0f look-ups/s on one core (%d inside a cell)",
                         pts.count, seconds, Double(pts.count) / seconds, inside))
            print(String(format: "index: built in %.3f s, %.1f MiB resident growth (cells + bucket index), %d cells",
                         buildSeconds, Double(max(0, after - before)) / 1_048_576, index.count))
            if let out {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try GeoJSON.encode(cells.filter { $0.level == .micro }).write(to: URL(fileURLWithPath: out + "/grid.geojson"))
                var csv = "lon,lat\n"
                var codes = ""
                csv.reserveCapacity(pts.count * 40)
                codes.reserveCapacity(pts.count * 20)
                let all = index.allCells
                for (i, p) in pts.enumerated() {
                    csv += "\(p.lon),\(p.lat)\n"
                    codes += (answers[i] >= 0 ? all[Int(answers[i])].code : "") + "\n"
                }
                try csv.write(toFile: out + "/points.csv", atomically: true, encoding: .utf8)
                try codes.write(toFile: out + "/codes.txt", atomically: true, encoding: .utf8)
                print(String(format: "hewei_rate=%.0f", Double(pts.count) / seconds))
            }
        }

        static func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
            return pages * 4096
        }
    }
}
