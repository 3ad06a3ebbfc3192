import Fluent
import Foundation
import HeweiCore
import Vapor

extension DemoSeeder {
    /// The demo grid (exactly 12 / 94 / 962 / 4,399 cells over Qufu) as the active grid version.
    public func seedGrid() async throws {
        let cells = DemoGrid.generate()
        let now = app.hewei.clock.now()
        _ = try await app.db.write(gate: app.hewei.gate) { db in
            try await GridRepository.store(cells, actor: "demo", note: "演示网格 demo grid", now: now, on: db)
        }
        app.hewei.grid.replace(with: cells)
    }

    /// The demo grid worker looks after the small cell around the Confucius Temple (and its micro cells).
    func seedGridWorker() async throws {
        guard let cells = app.hewei.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58))?.cells, cells.count > 1,
              let worker = try await UserModel.query(on: app.db).filter(\.$username == "gridworker").first() else { return }
        let assignment = GridAssignmentModel()
        assignment.userID = worker.id!
        assignment.cellCode = cells[1]
        assignment.kind = "worker"
        assignment.active = true
        assignment.assignedAt = app.hewei.clock.now()
        assignment.assignedBy = "demo"
        try await app.db.write(gate: app.hewei.gate) { db in try await assignment.create(on: db) }
    }
}
