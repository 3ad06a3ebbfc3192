import Fluent
import Foundation
import HeweiCore

/// Turns stored orders and clocks into `EvaluationRecord`s for `Evaluation.compute`: one record per
/// order round and lead unit, from the round's sign-for and handling clocks, and the order's
/// follow-up. A clock cancelled by a reassignment belongs to the unit the order left, and is not
/// held against anyone. The town is the order's large grid cell (its 乡镇/街道).
struct EvaluationData {
    let db: any Database
    let org: OrgDirectory
    let grid: GridIndex

    func records(period: EvaluationPeriod, scope: OrderScope) async throws -> [EvaluationRecord] {
        // Only what can count in the period, and only the columns needed: sign-for clocks started in
        // it, handling clocks due or stopped in it, follow-ups recorded in it (see `Evaluation`).
        let signFor = try await DeadlineModel.query(on: db).filter(\.$kind == ClockKind.signFor.rawValue)
            .filter(\.$startedAt >= period.from).filter(\.$startedAt < period.to).filter(\.$status != "cancelled")
            .field(\.$id).field(\.$orderID).field(\.$kind).field(\.$round).field(\.$startedAt).field(\.$dueAt).field(\.$stoppedAt).field(\.$status)
            .all()
        let handling = try await DeadlineModel.query(on: db).filter(\.$kind == ClockKind.handling.rawValue).filter(\.$status != "cancelled")
            .group(.or) { g in
                g.group(.and) { $0.filter(\.$dueAt >= period.from).filter(\.$dueAt < period.to) }
                g.group(.and) { $0.filter(\.$stoppedAt >= period.from).filter(\.$stoppedAt < period.to) }
            }
            .field(\.$id).field(\.$orderID).field(\.$kind).field(\.$round).field(\.$startedAt).field(\.$dueAt).field(\.$stoppedAt).field(\.$status)
            .all()
        var followedUp: [UUID: Date] = [:]
        for e in try await OrderEventModel.query(on: db).filter(\.$action == OrderAction.recordFollowUp.rawValue)
            .filter(\.$at >= period.from).filter(\.$at < period.to).field(\.$id).field(\.$orderID).field(\.$at).all()
            where (followedUp[e.orderID] ?? .distantPast) < e.at {
            followedUp[e.orderID] = e.at
        }
        var orders: [UUID: WorkOrderModel] = [:]
        let ids = Array(Set(signFor.map(\.orderID) + handling.map(\.orderID) + followedUp.keys))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for o in try await scope.apply(WorkOrderModel.query(on: db)).filter(\.$id ~~ chunk)
                .field(\.$id).field(\.$code).field(\.$leadUnitID).field(\.$intakeUnitID).field(\.$cellLarge).field(\.$cellMicro).field(\.$round)
                .field(\.$followUpResolved).field(\.$followUpSatisfaction).all() {
                orders[o.id!] = o
            }
        }
        struct Key: Hashable { let order: UUID; let round: Int }
        var byRound: [Key: [DeadlineModel]] = [:]
        for c in signFor + handling where orders[c.orderID] != nil { byRound[Key(order: c.orderID, round: c.round), default: []].append(c) }
        // An order followed up in the period without a clock in it still counts there (its latest round).
        for id in followedUp.keys where orders[id] != nil {
            let key = Key(order: id, round: orders[id]!.round)
            if byRound[key] == nil { byRound[key] = [] }
        }
        return byRound.compactMap { key, clocks -> EvaluationRecord? in
            guard let order = orders[key.order], let unit = org.unit(order.leadUnitID) else { return nil }
            let sign = clocks.first { $0.kind == ClockKind.signFor.rawValue }
            let handle = clocks.first { $0.kind == ClockKind.handling.rawValue }
            let stopped: (DeadlineModel?) -> Date? = { c in c.flatMap { ["met", "late"].contains($0.status) ? $0.stoppedAt : nil } }
            // The follow-up on the order is its latest round's.
            let isLatest = key.round == order.round
            return EvaluationRecord(
                orderId: order.code, unitCode: unit.code, townCode: order.cellLarge,
                dispatchedAt: sign?.startedAt, signedAt: stopped(sign), signForDueAt: sign?.dueAt,
                dueAt: handle?.dueAt, closedAt: stopped(handle),
                followedUp: isLatest && order.followUpSatisfaction != nil && followedUp[key.order] != nil,
                followedUpAt: isLatest ? followedUp[key.order] : nil,
                resolved: isLatest ? order.followUpResolved : nil,
                satisfaction: isLatest ? order.followUpSatisfaction.flatMap(Satisfaction.init(rawValue:)) : nil,
                round: key.round)
        }
    }

    /// Display names: units by code, towns by their grid cell's name.
    func names(groupBy: Evaluation.Grouping) -> [String: String] {
        switch groupBy {
        case .unit: return Dictionary(org.all.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        case .town: return Dictionary(grid.allCells.filter { $0.level == .large }.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
