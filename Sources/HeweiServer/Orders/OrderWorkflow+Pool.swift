import Fluent
import Foundation
import HeweiCore

/// The claim pool (抢单): a dispatcher offers an accepted order to a set of eligible units; the first
/// unit to claim it becomes its lead. The order's row lock makes the first claim win: every later
/// claim finds the order no longer `pooled` and is refused by the transition table (409).
extension OrderWorkflow {
    func putInPool(_ order: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000, required: false)
        let units = try unitList(input.units, field: "units", range: 2...50)
        let window: TimeLimit
        if let text = input.window {
            guard let w = TimeLimit(parsing: text), w.amount > 0, w.seconds(on: rules.calendar) <= 30 * 86_400 else {
                throw HeweiError.invalidField("window", "must be a time of at most 30 days, such as '2 working hours'")
            }
            window = w
        } else {
            window = rules.policy.claimWindow
        }
        for unit in units {
            try await OrderUnitModel(order: order.id!, unit: unit.id, part: .pool, round: order.round, status: .open, at: now).create(on: db)
        }
        let clock = try await deadlines.start(.claim, limit: window, order: order, at: now, on: db)
        var data = ["units": units.map(\.code).joined(separator: ","), "window": window.description]
        if let due = clock.dueAt { data["closesAt"] = ISO8601DateFormatter().string(from: due) }
        return Outcome(note: reason, data: data)
    }

    func claim(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let entries = try await poolEntries(order, on: db)
        guard let unitID = actor.unitID, let mine = entries.first(where: { $0.unitID == unitID }), let unit = org.unit(unitID) else {
            throw HeweiError.rule("your unit is not one of the units this order is pooled for")
        }
        for entry in entries {
            entry.status = (entry.id == mine.id ? OrderUnitModel.Status.claimed : .lost).rawValue
            entry.closedAt = now
            try await entry.save(on: db)
        }
        try await deadlines.stop(order.id!, kinds: [.claim], at: now, on: db)
        order.leadUnitID = unitID
        // Claiming is taking the order on: it is signed for at once and the handling clock starts.
        let category = try await category(order.categoryCode, on: db)
        try await deadlines.start(.handling, limit: handlingLimit(for: order, category: category), order: order, at: now, on: db)
        return Outcome(note: try Validate.text(input.note, "note", max: 2000, required: false), target: unitID,
                       data: ["unit": unit.code, "competitors": String(entries.count)])
    }

    /// Ends the pool without a claim: a dispatcher dispatched the order, or its time ran out.
    func closePool(_ order: WorkOrderModel, as status: OrderUnitModel.Status, on db: any Database) async throws {
        for entry in try await poolEntries(order, on: db) {
            entry.status = status.rawValue
            entry.closedAt = now
            try await entry.save(on: db)
        }
        try await deadlines.stop(order.id!, kinds: [.claim], cancel: status != .expired, at: now, on: db)
    }

    func poolEntries(_ order: WorkOrderModel, on db: any Database) async throws -> [OrderUnitModel] {
        try await OrderUnitModel.query(on: db).filter(\.$orderID == order.id!).filter(\.$role == OrderUnitModel.Part.pool.rawValue)
            .filter(\.$status == OrderUnitModel.Status.open.rawValue).all()
    }

    /// The pool's time ran out (the sweeper): dispatched by the routing rules, in the transaction
    /// that expires the pool's clock, so that it happens once however many sweepers run.
    func dispatchUnclaimed(_ clock: DeadlineModel, on db: any Database) async throws -> Bool {
        guard try await DeadlineSweepRepository.expire(clock.id!, at: now, on: db) else { return false }
        let seq = try await OrderLockRepository.lock(orderID: clock.orderID, on: db)
        guard let order = try await WorkOrderModel.find(clock.orderID, on: db), order.state == WorkOrderState.pooled.rawValue else {
            return false
        }
        let to = try WorkOrderTransitions.next(from: .pooled, on: .dispatch)
        let category = try await category(order.categoryCode, on: db)
        try await closePool(order, as: .expired, on: db)
        order.version = seq
        order.updatedAt = now
        guard let unit = try? unit("auto", field: "unit", category: category, cells: cells(of: order)) else {
            // No rule and no default unit: the order stays in the (now closed) pool for a dispatcher.
            order.supervisionCount += 1
            try await order.save(on: db)
            try await record(.supervise, on: order, seq: seq, by: .system, from: .pooled,
                             note: "抢单超时无人认领，且无派单规则：请人工派单 (unclaimed and no routing rule: dispatch by hand)",
                             data: ["automatic": "true", "clock": ClockKind.claim.rawValue], in: db)
            return true
        }
        order.state = to.rawValue
        order.leadUnitID = unit.id
        try await startDispatchClocks(order, category: category, on: db)
        try await deadlines.refreshSummary(of: order, on: db)
        try await order.save(on: db)
        try await record(.dispatch, on: order, seq: seq, by: .system, from: .pooled,
                         note: "抢单超时无人认领，按派单规则派出 (unclaimed: dispatched by the routing rules)",
                         target: unit.id, data: ["unit": unit.code, "automatic": "true"], in: db)
        return true
    }

    /// Unit codes from a request: each must exist, no repeats.
    func unitList(_ codes: [String]?, field: String, range: ClosedRange<Int>) throws -> [OrgDirectory.Unit] {
        let codes = (codes ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        guard range.contains(codes.count) else {
            throw HeweiError.invalidField(field, "name from \(range.lowerBound) to \(range.upperBound) unit codes")
        }
        guard Set(codes).count == codes.count else { throw HeweiError.invalidField(field, "a unit is named twice") }
        return try codes.map { code in
            guard let unit = org.unit(code: code) else { throw HeweiError.invalidField(field, "no unit with code '\(code)'") }
            return unit
        }
    }
}
