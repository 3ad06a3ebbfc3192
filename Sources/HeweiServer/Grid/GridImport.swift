import Fluent
import Foundation
import HeweiCore
import Vapor

/// Imports a grid from GeoJSON: read and validate everything first, then store the new version
/// in one transaction and swap the in-memory index. All or nothing.
public struct GridImport {
    let context: HeweiContext
    let db: any Database

    public init(context: HeweiContext, db: any Database) {
        self.context = context
        self.db = db
    }

    public struct Result: Sendable {
        public var versionID: UUID
        public var counts: [String: Int]
    }

    public func run(geoJSON data: Data, actor: String, note: String) async throws -> Result {
        let (cells, problems) = GridValidation.validate(geoJSON: data)
        guard problems.isEmpty else { throw HeweiError.invalidGrid(problems.map(\.description)) }
        guard !cells.isEmpty else { throw HeweiError.invalidGrid(["collection: no features"]) }
        let now = context.clock.now()
        let version = try await db.write(gate: context.gate) { db in
            try await GridRepository.store(cells, actor: actor, note: note, now: now, on: db).id!
        }
        context.grid.replace(with: cells)
        let counts = Dictionary(grouping: cells, by: \.level.rawValue).mapValues(\.count)
        return Result(versionID: version, counts: counts)
    }

    /// The active grid as a GeoJSON FeatureCollection, optionally one level only.
    public func export(level: GridLevel?) -> Data {
        let cells = context.grid.current.allCells.filter { level == nil || $0.level == level }
        return GeoJSON.encode(cells)
    }
}
