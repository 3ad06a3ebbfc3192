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

    /// How far before the period clocks are read: an order dispatched long before can still fall
    /// due, be closed or followed up inside it.
    static let lookBack: TimeInterval = 180 * 86_400

    func records(period: EvaluationPeriod, scope: OrderScope) async throws -> [EvaluationRecord] {
        let kinds = [ClockKind.signFor.rawValue, ClockKind.handling.rawValue]
        let clocks = try await DeadlineModel.query(on: db).filter(\.$kind ~~ kinds)
            .filter(\.$startedAt >= period.from.addingTimeInterval(-Self.lookBack)).filter(\.$startedAt < period.to)
            .filter(\.$status != "cancelled").all()
        var orders: [UUID: WorkOrderModel] = [:]
        let ids = Array(Set(clocks.map(\.orderID)))
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for o in try await scope.apply(WorkOrderModel.query(on: db)).filter(\.$id ~~ chunk).all() { orders[o.id!] = o }
        }
        let followedUp = try await followUpTimes(Array(orders.keys))
        struct Key: Hashable { let order: UUID; let round: Int }
        var byRound: [Key: [DeadlineModel]] = [:]
        for c in clocks where orders[c.orderID] != nil { byRound[Key(order: c.orderID, round: c.round), default: []].append(c) }
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
                followedUp: isLatest && order.followUpSatisfaction != nil, followedUpAt: isLatest ? followedUp[key.order] : nil,
                resolved: isLatest ? order.followUpResolved : nil,
                satisfaction: isLatest ? order.followUpSatisfaction.flatMap(Satisfaction.init(rawValue:)) : nil,
                round: key.round)
        }
    }

    /// The time of each order's latest recorded follow-up.
    private func followUpTimes(_ ids: [UUID]) async throws -> [UUID: Date] {
        var out: [UUID: Date] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for e in try await OrderEventModel.query(on: db).filter(\.$orderID ~~ chunk)
                .filter(\.$action == OrderAction.recordFollowUp.rawValue).all() where (out[e.orderID] ?? .distantPast) < e.at {
                out[e.orderID] = e.at
            }
        }
        return out
    }

    /// Display names: units by code, towns by their grid cell's name.
    func names(groupBy: Evaluation.Grouping) -> [String: String] {
        switch groupBy {
        case .unit: return Dictionary(org.all.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        case .town: return Dictionary(grid.allCells.filter { $0.level == .large }.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
