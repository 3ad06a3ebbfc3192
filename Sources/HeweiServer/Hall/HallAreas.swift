import Foundation
import Vapor
import Yams

/// The hall's reception areas as configuration: `hall.yaml` in the deployment's data directory
/// when present, else the built-in one (Defaults/demo/hall.yaml). Each area has a code, a queue
/// prefix letter, names and counters (windows).
struct HallAreas: Sendable {
    struct Area: Codable, Sendable {
        var code: String
        var prefix: String
        var name: String
        var nameEn: String
        var counters: [String]
    }

    private struct File: Codable { var areas: [Area] }

    let all: [Area]

    func area(_ code: String) -> Area? { all.first { $0.code == code } }

    static let builtIn: HallAreas = {
        guard let url = Bundle.module.url(forResource: "Defaults", withExtension: nil)?.appendingPathComponent("demo/hall.yaml"),
              let areas = try? parse(Data(contentsOf: url)) else { return HallAreas(all: []) }
        return areas
    }()

    static func parse(_ data: Data) throws -> HallAreas {
        let file = try YAMLDecoder().decode(File.self, from: data)
        var prefixes: Set<String> = [], codes: Set<String> = []
        for a in file.areas {
            guard !a.code.isEmpty, codes.insert(a.code).inserted else { throw HeweiError.invalidField("areas", "duplicate or empty area code '\(a.code)'") }
            guard a.prefix.count == 1, a.prefix.allSatisfy({ $0.isASCII && $0.isUppercase }), prefixes.insert(a.prefix).inserted else {
                throw HeweiError.invalidField("areas", "area '\(a.code)': the prefix must be one distinct capital letter")
            }
            guard !a.counters.isEmpty else { throw HeweiError.invalidField("areas", "area '\(a.code)' has no counters") }
        }
        return HallAreas(all: file.areas)
    }

    /// The deployment's areas.
    static func of(_ req: Request) -> HallAreas {
        let url = URL(fileURLWithPath: req.hewei.options.dataDirectory).appendingPathComponent("hall.yaml")
        if let data = try? Data(contentsOf: url), let areas = try? parse(data) { return areas }
        return builtIn
    }
}
