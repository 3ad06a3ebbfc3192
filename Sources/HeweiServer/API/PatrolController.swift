import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/grid/patrols`: a grid worker patrols one of their cells (巡查), posts the GPS track,
/// records findings and ends the patrol; `/api/v1/grid/findings/{id}/report` turns a finding into a
/// work order (see `PatrolReport`). Workers act only on their own patrols, in cells still assigned to
/// them; reading follows `CellScope` (a worker reads the patrols in their cells, the centre all).
struct PatrolController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let patrols = routes.grouped("grid", "patrols")
        patrols.get(use: list)
        patrols.post(use: start)
        patrols.get(":id", use: show)
        patrols.post(":id", "track", use: track)
        patrols.post(":id", "findings", use: addFinding)
        patrols.post(":id", "end", use: end)
        routes.grouped("grid", "findings").post(":id", "report", use: PatrolReport.report)
    }

    /// `?worker=USERNAME`, `?cell=CODE` (the cell and everything inside it), `?open=true|false`;
    /// newest first, at most 200. A grid worker sees the patrols in their cells (a chief of a
    /// larger cell sees their workers' patrols); city-centre staff see all.
    func list(req: Request) async throws -> [PatrolDTOs.Patrol] {
        let scope = try await CellScope.of(try req.principal(), .list, .patrols, context: req.hewei, db: req.db)
        var query = scope.apply(PatrolModel.query(on: req.db), \.$cellCode)
        if let username = req.query[String.self, at: "worker"] {
            let user = try await UserModel.query(on: req.db).filter(\.$username == username).first()
            query = query.filter(\.$workerID == (user?.id ?? UUID()))
        }
        if let cell = req.query[String.self, at: "cell"] { query = query.filter(\.$cellCode =~ cell) }
        if let open = try BaseDataController.flag(req, "open") { query = open ? query.filter(\.$endedAt == nil) : query.filter(\.$endedAt != nil) }
        let rows = try await query.sort(\.$startedAt, .descending).limit(200).all()
        let ids = rows.compactMap(\.id)
        let findings = try await PatrolFindingModel.query(on: req.db).filter(\.$patrolID ~~ ids).all()
        let counts = Dictionary(grouping: findings, by: \.patrolID).mapValues(\.count)
        return rows.map { PatrolDTOs.Patrol($0, findings: counts[$0.id!] ?? 0) }
    }

    func start(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.patrols, .create)
        let input = try req.content.decode(PatrolDTOs.StartInput.self)
        guard req.hewei.grid.current.cell(input.cellCode) != nil else {
            throw HeweiError.invalidField("cellCode", "no grid cell '\(input.cellCode)' in the active grid")
        }
        try await CellScope.of(actor, .create, .patrols, context: req.hewei, db: req.db).require(input.cellCode)
        let patrol = PatrolModel()
        patrol.id = UUID()
        patrol.workerID = actor.id!
        patrol.workerName = actor.name
        patrol.cellCode = input.cellCode
        patrol.note = try Validate.text(input.note, "note", max: 500, required: false)
        patrol.track = "[]"
        patrol.startedAt = req.hewei.clock.now()
        try await req.db.write(gate: req.hewei.gate) { db in
            let open = try await PatrolModel.query(on: db).filter(\.$workerID == patrol.workerID).filter(\.$endedAt == nil).count()
            guard open == 0 else { throw HeweiError.rule("end your open patrol before starting another") }
            try await patrol.create(on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(PatrolDTOs.Patrol(patrol, findings: 0))
        return response
    }

    func show(req: Request) async throws -> PatrolDTOs.Detail {
        let actor = try req.principal()
        let scope = try await CellScope.of(actor, .read, .patrols, context: req.hewei, db: req.db)
        let patrol = try await Self.patrol(req, actor: actor, own: false)
        guard scope.covers(patrol.cellCode) else { throw HeweiError.notFound("patrol") }
        let findings = try await PatrolFindingModel.query(on: req.db).filter(\.$patrolID == patrol.id!).sort(\.$at).all()
        return .init(patrol: .init(patrol, findings: findings.count), track: PatrolTrack.decode(patrol.track), findings: findings.map(PatrolDTOs.Finding.init))
    }

    /// Appends GPS points to an open patrol.
    func track(req: Request) async throws -> PatrolDTOs.Patrol {
        let patrol = try await Self.openPatrol(req)
        let input = try req.content.decode(PatrolDTOs.TrackInput.self)
        try PatrolTrack.validate(input.points)
        let points = PatrolTrack.decode(patrol.track) + input.points
        guard points.count <= PatrolTrack.maxPoints else {
            throw HeweiError.invalidField("points", "a patrol keeps at most \(PatrolTrack.maxPoints) points")
        }
        patrol.track = PatrolTrack.encode(points)
        try await req.db.write(gate: req.hewei.gate) { db in try await patrol.save(on: db) }
        return .init(patrol, findings: try await Self.findingCount(patrol, on: req.db))
    }

    func addFinding(req: Request) async throws -> Response {
        let patrol = try await Self.openPatrol(req)
        let input = try req.content.decode(PatrolDTOs.FindingInput.self)
        let finding = PatrolFindingModel()
        finding.id = UUID()
        finding.patrolID = patrol.id!
        finding.at = req.hewei.clock.now()
        finding.text = try Validate.text(input.text, "text", max: 2000)
        finding.categoryCode = try Validate.text(input.categoryCode, "categoryCode", max: 20, required: false).nilIfEmpty
        switch (input.lon, input.lat) {
        case (nil, nil): break
        case let (lon?, lat?):
            guard req.hewei.grid.current.locate(GeoPoint(lon: lon, lat: lat))?.cells.contains(patrol.cellCode) == true else {
                throw HeweiError.invalidField("lon", "the point lies outside the patrolled cell \(patrol.cellCode)")
            }
            finding.longitude = lon
            finding.latitude = lat
        default: throw HeweiError.invalidField(input.lon == nil ? "lon" : "lat", "give both lon and lat, or neither")
        }
        try await req.db.write(gate: req.hewei.gate) { db in try await finding.create(on: db) }
        let response = Response(status: .created)
        try response.content.encode(PatrolDTOs.Finding(finding))
        return response
    }

    func end(req: Request) async throws -> PatrolDTOs.Patrol {
        let patrol = try await Self.openPatrol(req)
        patrol.endedAt = req.hewei.clock.now()
        try await req.db.write(gate: req.hewei.gate) { db in try await patrol.save(on: db) }
        return .init(patrol, findings: try await Self.findingCount(patrol, on: req.db))
    }

    /// The patrol in the path; 404 when it does not exist or (`own`) is another worker's.
    static func patrol(_ req: Request, actor: Principal, own: Bool) async throws -> PatrolModel {
        guard let id = req.parameters.get("id", as: UUID.self), let patrol = try await PatrolModel.find(id, on: req.db),
              !own || patrol.workerID == actor.id else {
            throw HeweiError.notFound("patrol")
        }
        return patrol
    }

    /// The caller's own patrol, still open (409 once ended), in a cell still assigned to them.
    static func openPatrol(_ req: Request) async throws -> PatrolModel {
        let actor = try req.principal()
        try actor.require(.patrols, .create)
        let patrol = try await patrol(req, actor: actor, own: true)
        try await CellScope.of(actor, .change, .patrols, context: req.hewei, db: req.db).require(patrol.cellCode)
        guard patrol.endedAt == nil else { throw HeweiError.rule("the patrol has ended") }
        return patrol
    }

    static func findingCount(_ patrol: PatrolModel, on db: any Database) async throws -> Int {
        try await PatrolFindingModel.query(on: db).filter(\.$patrolID == patrol.id!).count()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
