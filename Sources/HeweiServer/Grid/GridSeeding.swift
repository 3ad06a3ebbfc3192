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
}
