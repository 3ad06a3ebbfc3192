import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/grid`: the cells of the active grid and point → cell look-up with the routing decision.
struct GridController: RouteCollection {
    struct CellDTO: Content {
        var code: String
        var name: String
        var level: String
        var parentCode: String?
        var dedicated: Bool
        var centroid: [Double]
        var bbox: [Double]
        var children: Int
    }

    struct CellDetailDTO: Content {
        var cell: CellDTO
        var coordinates: [[[[Double]]]]
        var ancestors: [String]
    }

    struct LocateDTO: Content {
        var lon: Double
        var lat: Double
        /// Micro → large; empty outside the grid.
        var cells: [String]
        var suggestion: GridIndex.Suggestion?
        var unit: String?
        var routing: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let grid = routes.grouped("grid")
        grid.get("cells", use: cells)
        grid.get("cells", ":code", use: cell)
        grid.get("locate", use: locate)
    }

    static func dto(_ c: GridCell, index: GridIndex, children: Int) -> CellDTO {
        let centroid = c.shape.centroid, b = c.shape.bbox
        return CellDTO(code: c.code, name: c.name, level: c.level.rawValue, parentCode: c.parentCode, dedicated: c.dedicated,
                       centroid: [centroid.lon, centroid.lat], bbox: [b.minLon, b.minLat, b.maxLon, b.maxLat], children: children)
    }

    /// `?level=large|medium|small|micro` and/or `?parent=CODE`; without either, the large cells.
    func cells(req: Request) async throws -> [CellDTO] {
        try req.principal().require(.reference, .read)
        let index = req.hewei.grid.current
        let level = try req.query[String.self, at: "level"].map { try Validate.choice($0, "level", as: GridLevel.self) }
        let parent = req.query[String.self, at: "parent"]
        if let parent, index.cell(parent) == nil { throw HeweiError.notFound("grid cell '\(parent)'") }
        let all = index.allCells
        let childCounts = Dictionary(grouping: all.compactMap(\.parentCode), by: { $0 }).mapValues(\.count)
        let chosen = all.filter { c in
            (parent.map { c.parentCode == $0 } ?? true) && (level.map { c.level == $0 } ?? (parent != nil || c.level == .large))
        }
        return chosen.map { Self.dto($0, index: index, children: childCounts[$0.code] ?? 0) }
    }

    func cell(req: Request) async throws -> CellDetailDTO {
        try req.principal().require(.reference, .read)
        let index = req.hewei.grid.current
        let code = req.parameters.get("code") ?? ""
        guard let c = index.cell(code) else { throw HeweiError.notFound("grid cell '\(code)'") }
        let ancestors = Array(index.lineage(of: code).dropFirst())
        let children = index.allCells.filter { $0.parentCode == code }.count
        let coords = try JSONDecoder().decode(ShapeCoding.Coordinates.self, from: Data(ShapeCoding.encode(c.shape).utf8))
        return CellDetailDTO(cell: Self.dto(c, index: index, children: children), coordinates: coords, ancestors: ancestors)
    }

    /// `?lon=&lat=[&category=][&radius=]`: the cells containing the point, or the nearest cell within
    /// `radius` metres (default 500),
    /// and the unit the routing rules choose for the category there.
    func locate(req: Request) async throws -> LocateDTO {
        try req.principal().require(.reference, .read)
        guard let lon = req.query[Double.self, at: "lon"], (-180...180).contains(lon) else {
            throw HeweiError.invalidField("lon", "must be a longitude between -180 and 180")
        }
        guard let lat = req.query[Double.self, at: "lat"], (-90...90).contains(lat) else {
            throw HeweiError.invalidField("lat", "must be a latitude between -90 and 90")
        }
        let radius = req.query[String.self, at: "radius"]
        guard radius == nil || radius.flatMap(Double.init).map({ (1...5000).contains($0) }) == true else {
            throw HeweiError.invalidField("radius", "must be a distance in metres from 1 to 5000")
        }
        let located = try await GridLocator(context: req.hewei, db: req.db)
            .locate(lon: lon, lat: lat, category: req.query[String.self, at: "category"],
                    radius: radius.flatMap(Double.init) ?? GridLocator.suggestionRadius)
        return located
    }
}

/// Point → cells → unit, shared by the API and `hewei route`.
public struct GridLocator {
    let context: HeweiContext
    let db: any Database
    public static let suggestionRadius = 500.0

    public init(context: HeweiContext, db: any Database) {
        self.context = context
        self.db = db
    }

    func locate(lon: Double, lat: Double, category code: String?, radius: Double = suggestionRadius) async throws -> GridController.LocateDTO {
        let index = context.grid.current
        let point = GeoPoint(lon: lon, lat: lat)
        let cells = index.locate(point)?.cells ?? []
        var result = GridController.LocateDTO(lon: lon, lat: lat, cells: cells,
                                              suggestion: cells.isEmpty ? index.nearest(to: point, maxMetres: radius) : nil)
        if let code, !code.isEmpty {
            guard let category = try await CategoryModel.query(on: db).filter(\.$code == code).first(), category.isLeaf else {
                throw HeweiError.invalidField("category", "no minor category '\(code)'")
            }
            let workflow = context.workflow(on: db)
            if let decision = workflow.route(category, cells: cells) {
                result.unit = decision.unitCode
                result.routing = decision.reason
            }
        }
        return result
    }

    /// JSON text of a look-up, for the CLI.
    public func json(lon: Double, lat: Double, category: String?, radius: Double = suggestionRadius) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(try await locate(lon: lon, lat: lat, category: category, radius: radius)),
                      as: UTF8.self)
    }

    /// One micro-cell code (or an empty string) per point, for batch checks.
    public func microCells(points: [(Double, Double)]) -> [String] {
        let index = context.grid.current
        return points.map { index.locate(GeoPoint(lon: $0.0, lat: $0.1))?.micro ?? "" }
    }
}
