import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/clearance`: the clearance board (清零) — each unit's (or town's) unresolved backlog,
/// its age, its second-round share and its trend over the last days, within the caller's scope.
struct ClearanceController: RouteCollection {
    struct RowDTO: Content {
        var code: String
        var name: String?
        var open: Int
        /// Open orders by age: under 1 day, 1–3 days, 3–7 days, over 7 days.
        var ageBuckets: [Int]
        var redone: Int
        var trend: [Int]
        var change: Int
        var oldestOpenAt: Date?
    }

    struct BoardDTO: Content {
        var at: Date
        var groupBy: String
        var days: Int
        var rows: [RowDTO]
    }

    /// The group of orders not yet dispatched.
    static let undispatched = "-"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("clearance", use: board)
    }

    func board(req: Request) async throws -> BoardDTO {
        let viewer = try req.principal()
        try viewer.require(.evaluation, .list)
        let groupBy = try req.query[String.self, at: "groupBy"].map { try Validate.choice($0, "groupBy", as: Evaluation.Grouping.self) } ?? .unit
        let days = try Validate.int(req.query[String.self, at: "days"], "days", default: 14, range: 1...90)
        let now = req.hewei.clock.now()
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        // Orders merged under a parent (并单) are the parent's backlog, counted once.
        let orders = try await scope.apply(WorkOrderModel.query(on: req.db)).filter(\.$parentID == nil)
            .group(.or) { $0.filter(\.$closedAt == nil).filter(\.$closedAt >= since) }
            .field(\.$id).field(\.$leadUnitID).field(\.$cellLarge).field(\.$createdAt).field(\.$closedAt).field(\.$round)
            .all()
        let org = req.hewei.org
        let items = orders.map { o in
            Clearance.Item(group: groupBy == .unit ? (org.unit(o.leadUnitID)?.code ?? Self.undispatched) : (o.cellLarge ?? Self.undispatched),
                           createdAt: o.createdAt, closedAt: o.closedAt, round: o.round)
        }
        let names = EvaluationData(db: req.db, org: org, grid: req.hewei.grid.current).names(groupBy: groupBy)
        let rows = Clearance.board(items, now: now, days: days).map {
            RowDTO(code: $0.group, name: names[$0.group], open: $0.open, ageBuckets: $0.ageBuckets, redone: $0.redone,
                   trend: $0.trend, change: $0.change, oldestOpenAt: $0.oldestOpenAt)
        }
        return BoardDTO(at: now, groupBy: groupBy.rawValue, days: days, rows: rows)
    }
}
