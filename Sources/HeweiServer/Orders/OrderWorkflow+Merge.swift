import Fluent
import Foundation
import HeweiCore

/// Merging duplicates (并单): a child order is merged under a parent about the same matter; its own
/// clocks stop while the parent is handled, and the parent's reply answers it (each requester is
/// then followed up on their own order). Unmerging sends the child back for dispatch.
extension OrderWorkflow {
    func merge(_ child: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        let key = try Validate.text(input.parent, "parent", max: 60)
        let found: WorkOrderModel?
        if let id = UUID(uuidString: key) { found = try await WorkOrderModel.find(id, on: db) } else {
            found = try await WorkOrderModel.query(on: db).filter(\.$code == key).first()
        }
        guard let parent = found else { throw HeweiError.invalidField("parent", "no order '\(key)'") }
        guard parent.id != child.id else { throw HeweiError.invalidField("parent", "an order cannot be merged into itself") }
        guard parent.parentID == nil, parent.state != WorkOrderState.merged.rawValue else {
            throw HeweiError.invalidField("parent", "\(parent.code) is itself merged; merge into its parent")
        }
        let parentState = WorkOrderState(rawValue: parent.state) ?? .closed
        guard parentState.isOpen, ![.replied, .followedUp].contains(parentState) else {
            throw HeweiError.rule("\(parent.code) has already been answered (\(parent.state)); merge only into an order still being handled")
        }
        let children = try await OrderQueryRepository.children(of: child.id!, on: db)
        guard children.isEmpty else {
            throw HeweiError.rule("\(child.code) has merged orders of its own; unmerge them first or merge the other way round")
        }
        try await deadlines.stop(child.id!, cancel: true, at: now, on: db)
        try await closeNotices(child, on: db)
        for row in try await assisting(child, on: db) {
            row.status = OrderUnitModel.Status.cancelled.rawValue
            row.closedAt = now
            try await row.save(on: db)
        }
        child.parentID = parent.id
        child.leadUnitID = parent.leadUnitID
        return Outcome(note: reason, target: parent.leadUnitID, data: ["parent": parent.code])
    }

    func unmerge(_ child: WorkOrderModel, input: ActionInput, on db: any Database) async throws -> Outcome {
        let reason = try Validate.text(input.note, "note", max: 2000)
        let parent: WorkOrderModel? = if let id = child.parentID { try await WorkOrderModel.find(id, on: db) } else { nil }
        child.parentID = nil
        child.leadUnitID = nil
        return Outcome(note: reason, data: ["parent": parent?.code ?? ""])
    }

    /// The parent's reply answers every order merged under it, each as its own `reply` event, and
    /// starts each one's follow-up clock.
    func replyToMerged(_ parent: WorkOrderModel, reply: String, by actor: Principal, on db: any Database) async throws {
        for child in try await OrderQueryRepository.children(of: parent.id!, on: db) where child.state == WorkOrderState.merged.rawValue {
            let seq = try await OrderLockRepository.lock(orderID: child.id!, on: db)
            let to = try WorkOrderTransitions.next(from: .merged, on: .reply)
            child.state = to.rawValue
            child.version = seq
            child.updatedAt = now
            child.reply = reply
            try await deadlines.start(.followUp, limit: rules.policy.followUp, order: child, at: now, on: db)
            try await deadlines.refreshSummary(of: child, on: db)
            try await child.save(on: db)
            try await record(.reply, on: child, seq: seq, by: actor, from: .merged, note: reply, data: ["parent": parent.code], in: db)
            try await notify(.replied, child, on: db)
        }
    }
}
