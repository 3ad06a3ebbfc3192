import Foundation
import HeweiCore
import Vapor

/// `POST /api/v1/grid/import` and `GET /api/v1/grid/export`.
struct GridAdminController: RouteCollection {
    struct ImportResult: Content {
        var version: UUID
        var counts: [String: Int]
    }

    func boot(routes: any RoutesBuilder) throws {
        let grid = routes.grouped("grid")
        grid.on(.POST, "import", body: .collect(maxSize: "64mb"), use: importGrid)
        grid.get("export", use: export)
    }

    /// The body is a GeoJSON FeatureCollection; `?note=` says why. System administrator only.
    func importGrid(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw HeweiError.invalidField("body", "send a GeoJSON FeatureCollection")
        }
        let note = try Validate.text(req.query[String.self, at: "note"], "note", max: 500)
        let result = try await GridImport(context: req.hewei, db: req.db)
            .run(geoJSON: Data(buffer: body), actor: actor.name, note: note)
        let response = Response(status: .created)
        try response.content.encode(ImportResult(version: result.versionID, counts: result.counts))
        return response
    }

    func export(req: Request) async throws -> Response {
        try req.principal().require(.reference, .read)
        let level = try req.query[String.self, at: "level"].map { try Validate.choice($0, "level", as: GridLevel.self) }
        let data = GridImport(context: req.hewei, db: req.db).export(level: level)
        return Response(status: .ok, headers: ["Content-Type": "application/geo+json"], body: .init(data: data))
    }
}
