import Fluent
import Foundation
import HeweiCore

/// Joint handling (联办): one lead unit and assisting units, each assisting unit with its own
/// sign-for and report clocks. The lead may report only when every assisting unit of the round has
/// reported or the dispatcher has waived its report.
extension OrderWorkflow {
    func addAssisting(_ order: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let units = try unitList(input.units, field: "units", range: 1...20)
        let current = try await assisting(order, on: db)
        for unit in units {
            if unit.id == order.leadUnitID { throw HeweiError.invalidField("units", "\(unit.code) is the lead unit") }
            if current.contains(where: { $0.unitID == unit.id }) {
                throw HeweiError.invalidField("units", "\(unit.code) already assists on this order")
            }
        }
        let category = try await category(order.categoryCode, on: db)
        for unit in units { try await startAssisting(order, unit: unit.id, category: category, on: db) }
        return Outcome(note: try Validate.text(input.note, "note", max: 2000, required: false),
                       data: ["units": units.map(\.code).joined(separator: ",")])
    }

    func startAssisting(_ order: WorkOrderModel, unit: UUID, category: CategoryModel?, on db: any Database) async throws {
        let row = OrderUnitModel(order: order.id!, unit: unit, part: .assisting, round: order.round, status: .assigned, at: now)
        try await row.create(on: db)
        let limits = rules.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general)
        try await deadlines.start(.assistSignFor, limit: limits.signFor, order: order, ref: row.id, at: now, on: db)
        try await deadlines.start(.assistHandling, limit: handlingLimit(for: order, category: category), order: order, ref: row.id, at: now, on: db)
    }

    func assistSignFor(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let row = try await ownAssisting(order, actor: actor, allowed: [.assigned], on: db)
        row.status = OrderUnitModel.Status.signed.rawValue
        try await row.save(on: db)
        let stopped = try await deadlines.stop(ref: row.id!, orderID: order.id!, kinds: [.assistSignFor], at: now, on: db)
        var data = ["unit": org.unit(row.unitID)?.code ?? ""]
        if let s = stopped[ClockKind.assistSignFor.rawValue] { data["onTime"] = String(s == "met") }
        return Outcome(note: try Validate.text(input.note, "note", max: 2000, required: false), target: row.unitID, data: data)
    }

    func assistReport(_ order: WorkOrderModel, by actor: Principal, input: ActionInput, on db: any Database) async throws -> Outcome {
        let row = try await ownAssisting(order, actor: actor, allowed: [.assigned, .signed], on: db)
        let report = try Validate.text(input.note, "note", max: 2000)
        row.status = OrderUnitModel.Status.reported.rawValue
        row.note = report
        row.closedAt = now
        try await row.save(on: db)
        let stopped = try await deadlines.stop(ref: row.id!, orderID: order.id!, at: now, on: db)
        var data = ["unit": org.unit(row.unitID)?.code ?? ""]
        if let s = stopped[ClockKind.assistHandling.rawValue] { data["onTime"] = String(s == "met") }
        return Outcome(note: report, target: row.unitID, data: data)
    }

    func waiveAssist(_ order: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        let code = try Validate.text(input.unit, "unit", max: 40)
        guard let unit = org.unit(code: code) else { throw HeweiError.invalidField("unit", "no unit with code '\(code)'") }
        guard let row = try await assisting(order, on: db).first(where: { $0.unitID == unit.id }) else {
            throw HeweiError.invalidField("unit", "\(code) does not assist on this order")
        }
        guard [OrderUnitModel.Status.assigned, .signed].map(\.rawValue).contains(row.status) else {
            throw HeweiError.rule("\(code) has already \(row.status == "reported" ? "reported" : "been waived")")
        }
        row.status = OrderUnitModel.Status.waived.rawValue
        row.note = reason
        row.closedAt = now
        try await row.save(on: db)
        try await deadlines.stop(ref: row.id!, orderID: order.id!, cancel: true, at: now, on: db)
        return Outcome(note: reason, target: unit.id, data: ["unit": code])
    }

    /// The lead's report waits for every assisting unit of the round (reported or waived).
    func requireAssistingDone(_ order: WorkOrderModel, on db: any Database) async throws {
        let pending = try await assisting(order, on: db).filter {
            $0.status == OrderUnitModel.Status.assigned.rawValue || $0.status == OrderUnitModel.Status.signed.rawValue
        }
        guard pending.isEmpty else {
            let codes = pending.compactMap { org.unit($0.unitID)?.code }.sorted().joined(separator: ", ")
            throw HeweiError.rule("assisting units have not reported yet: \(codes); wait for their reports or ask the dispatcher to waive them")
        }
    }

    /// A redo starts a new round: the assisting units that were not waived assist again, with new clocks.
    func carryAssistingOver(_ order: WorkOrderModel, fromRound round: Int, category: CategoryModel?, on db: any Database) async throws -> [String] {
        let previous = try await OrderUnitModel.query(on: db).filter(\.$orderID == order.id!)
            .filter(\.$role == OrderUnitModel.Part.assisting.rawValue).filter(\.$round == round).all()
        var codes: [String] = []
        for row in previous where row.status != OrderUnitModel.Status.waived.rawValue && row.unitID != order.leadUnitID {
            try await startAssisting(order, unit: row.unitID, category: category, on: db)
            codes.append(org.unit(row.unitID)?.code ?? "")
        }
        return codes
    }

    /// The assisting units of the order's current round.
    func assisting(_ order: WorkOrderModel, on db: any Database) async throws -> [OrderUnitModel] {
        try await OrderUnitModel.query(on: db).filter(\.$orderID == order.id!)
            .filter(\.$role == OrderUnitModel.Part.assisting.rawValue).filter(\.$round == order.round)
            .filter(\.$status != OrderUnitModel.Status.cancelled.rawValue).all()
    }

    private func ownAssisting(_ order: WorkOrderModel, actor: Principal, allowed: [OrderUnitModel.Status],
                              on db: any Database) async throws -> OrderUnitModel {
        guard let row = try await assisting(order, on: db).first(where: { $0.unitID == actor.unitID }) else {
            throw HeweiError.rule("your unit is not an assisting unit of this order")
        }
        guard allowed.map(\.rawValue).contains(row.status) else {
            throw HeweiError.rule("your unit's part is already '\(row.status)'")
        }
        return row
    }
}
