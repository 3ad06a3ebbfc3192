import Fluent
import Foundation
import HeweiCore
import Vapor

/// Grid workers' assignments to cells (`/api/v1/grid/assignments`) and a cell's counts
/// (`/api/v1/grid/cells/{code}/summary`).
struct GridWorkController: RouteCollection {
    struct AssignmentInput: Content {
        var username: String
        var cellCode: String
        /// `worker` (default) or `chief`.
        var kind: String?
    }

    struct AssignmentDTO: Content {
        var id: UUID
        var username: String
        var displayName: String
        var cellCode: String
        var cellName: String?
        var kind: String
        var active: Bool
        var assignedAt: Date
    }

    struct CellSummaryDTO: Content {
        var code: String
        var residents: Int
        var buildings: Int
        var facilities: Int
        var organisations: Int
        var workers: Int
        var openOrders: Int
    }

    enum AssignmentKind: String, CaseIterable { case worker, chief }

    func boot(routes: any RoutesBuilder) throws {
        let grid = routes.grouped("grid")
        grid.get("cells", ":code", "summary", use: summary)
        grid.get("assignments", use: list)
        grid.post("assignments", use: assign)
        grid.post("assignments", ":id", "end", use: end)
    }

    func summary(req: Request) async throws -> CellSummaryDTO {
        try req.principal().require(.reference, .read)
        let code = req.parameters.get("code") ?? ""
        guard let cell = req.hewei.grid.current.cell(code) else { throw HeweiError.notFound("grid cell '\(code)'") }
        return try await GridCounts.summary(of: cell, grid: req.hewei.grid.current, on: req.db)
    }

    /// `?cell=CODE` and/or `?user=USERNAME`. A grid worker sees only their own assignments.
    func list(req: Request) async throws -> [AssignmentDTO] {
        let actor = try req.principal()
        try actor.require(.gridAssignments, .list)
        var query = GridAssignmentModel.query(on: req.db).filter(\.$active == true)
        if actor.role == .gridWorker, let id = actor.id { query = query.filter(\.$userID == id) }
        if let cell = req.query[String.self, at: "cell"] { query = query.filter(\.$cellCode == cell) }
        if let username = req.query[String.self, at: "user"] {
            guard let user = try await UserModel.query(on: req.db).filter(\.$username == username).first() else {
                throw HeweiError.notFound("user '\(username)'")
            }
            query = query.filter(\.$userID == user.id!)
        }
        let rows = try await query.sort(\.$cellCode).sort(\.$assignedAt).all()
        let users = try await UserModel.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.userID))).all()
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0) })
        return rows.compactMap { row in byID[row.userID].map { dto(row, user: $0, grid: req.hewei.grid.current) } }
    }

    func assign(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.gridAssignments, .create)
        let input = try req.content.decode(AssignmentInput.self)
        let kind = try Validate.choice(input.kind ?? "worker", "kind", as: AssignmentKind.self)
        guard let user = try await UserModel.query(on: req.db).filter(\.$username == input.username).first(), user.active else {
            throw HeweiError.invalidField("username", "no active user '\(input.username)'")
        }
        guard user.role == Role.gridWorker.rawValue else {
            throw HeweiError.invalidField("username", "'\(input.username)' is not a grid worker")
        }
        guard req.hewei.grid.current.cell(input.cellCode) != nil else {
            throw HeweiError.invalidField("cellCode", "no grid cell '\(input.cellCode)' in the active grid")
        }
        let row = GridAssignmentModel()
        row.id = UUID()
        row.userID = user.id!
        row.cellCode = input.cellCode
        row.kind = kind.rawValue
        row.active = true
        row.assignedAt = req.hewei.clock.now()
        row.assignedBy = actor.name
        try await req.db.write(gate: req.hewei.gate) { db in
            let existing = try await GridAssignmentModel.query(on: db).filter(\.$userID == row.userID)
                .filter(\.$cellCode == row.cellCode).filter(\.$active == true).count()
            guard existing == 0 else { throw HeweiError.conflict("'\(input.username)' is already assigned to \(row.cellCode)") }
            try await row.create(on: db)
        }
        let response = Response(status: .created)
        try response.content.encode(dto(row, user: user, grid: req.hewei.grid.current))
        return response
    }

    /// Ends an assignment (kept, inactive).
    func end(req: Request) async throws -> AssignmentDTO {
        let actor = try req.principal()
        try actor.require(.gridAssignments, .change)
        guard let id = req.parameters.get("id", as: UUID.self), let row = try await GridAssignmentModel.find(id, on: req.db),
              let user = try await UserModel.find(row.userID, on: req.db) else {
            throw HeweiError.notFound("grid assignment")
        }
        row.active = false
        try await req.db.write(gate: req.hewei.gate) { db in try await row.save(on: db) }
        return dto(row, user: user, grid: req.hewei.grid.current)
    }

    private func dto(_ row: GridAssignmentModel, user: UserModel, grid: GridIndex) -> AssignmentDTO {
        AssignmentDTO(id: row.id!, username: user.username, displayName: user.displayName, cellCode: row.cellCode,
                      cellName: grid.cell(row.cellCode)?.name, kind: row.kind, active: row.active, assignedAt: row.assignedAt)
    }
}
