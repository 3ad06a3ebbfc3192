import Fluent
import Foundation
import HeweiCore
import NIOConcurrencyHelpers

/// The active grid in memory: the spatial index used at intake and by `hewei route`. Rebuilt at
/// start-up and after every import; readers get an immutable snapshot.
public final class GridStore: @unchecked Sendable {
    private let lock = NIOLock()
    private var index = GridIndex(cells: [])

    init() {}

    public var current: GridIndex { lock.withLock { index } }

    func replace(with cells: [GridCell]) {
        let built = GridIndex(cells: cells)
        lock.withLock { index = built }
    }

    func reload(from db: any Database) async throws {
        replace(with: try await GridRepository.activeCells(on: db))
    }
}

enum GridRepository {
    static func activeVersion(on db: any Database) async throws -> GridVersionModel? {
        try await GridVersionModel.query(on: db).filter(\.$active == true).sort(\.$importedAt, .descending).first()
    }

    static func activeCells(on db: any Database) async throws -> [GridCell] {
        guard let version = try await activeVersion(on: db) else { return [] }
        return try await GridCellModel.query(on: db).filter(\.$versionID == version.id!).sort(\.$code).all().map(cell)
    }

    static func cell(_ m: GridCellModel) throws -> GridCell {
        GridCell(code: m.code, name: m.name, level: GridLevel(rawValue: m.level) ?? .micro, parentCode: m.parentCode,
                 shape: try ShapeCoding.decode(m.coordinates), dedicated: m.dedicated)
    }

    /// Stores a validated grid as the new active version (inside the caller's transaction).
    static func store(_ cells: [GridCell], actor: String, note: String, now: Date, on db: any Database) async throws -> GridVersionModel {
        for old in try await GridVersionModel.query(on: db).filter(\.$active == true).all() {
            old.active = false
            try await old.save(on: db)
        }
        let version = GridVersionModel()
        version.id = UUID()
        version.importedAt = now
        version.actorName = actor
        version.note = note
        version.cellCount = cells.count
        version.active = true
        try await version.create(on: db)
        var batch: [GridCellModel] = []
        for c in cells {
            let m = GridCellModel()
            m.versionID = version.id!
            m.code = c.code
            m.name = c.name
            m.level = c.level.rawValue
            m.parentCode = c.parentCode
            m.coordinates = try ShapeCoding.encode(c.shape)
            let centroid = c.shape.centroid
            m.centroidLon = centroid.lon
            m.centroidLat = centroid.lat
            m.areaM2 = ShapeCoding.squareMetres(c.shape)
            m.dedicated = c.dedicated
            batch.append(m)
            if batch.count == 500 {
                try await batch.create(on: db)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await batch.create(on: db) }
        return version
    }
}
