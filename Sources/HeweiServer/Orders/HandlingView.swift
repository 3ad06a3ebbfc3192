import Fluent
import Foundation
import HeweiCore

/// Everything about how an order is being handled beyond its lead unit: assisting units, the claim
/// pool, supervision notices and merged orders. Read by the API and the order page alike.
struct HandlingView: Sendable {
    var mode: String
    var parent: WorkOrderModel?
    var children: [WorkOrderModel]
    var participants: [OrderUnitModel]
    var notices: [SupervisionNoticeModel]

    static func load(_ order: WorkOrderModel, on db: any Database) async throws -> HandlingView {
        let participants = try await OrderUnitModel.query(on: db).filter(\.$orderID == order.id!)
            .sort(\.$round).sort(\.$openedAt).sort(\.$id).all()
        let notices = try await SupervisionNoticeModel.query(on: db).filter(\.$orderID == order.id!).sort(\.$issuedAt).sort(\.$id).all()
        let parent: WorkOrderModel? = if let id = order.parentID { try await WorkOrderModel.find(id, on: db) } else { nil }
        let children = try await OrderQueryRepository.children(of: order.id!, on: db)
        let current = participants.filter { $0.round == order.round }
        let mode: String
        if order.state == WorkOrderState.pooled.rawValue {
            mode = "pool"
        } else if current.contains(where: { $0.role == OrderUnitModel.Part.assisting.rawValue && $0.status != "cancelled" }) {
            mode = "joint"
        } else if current.contains(where: { $0.role == OrderUnitModel.Part.pool.rawValue && $0.status == "claimed" }) {
            mode = "pool"
        } else if notices.contains(where: { $0.status == SupervisionNoticeModel.Status.open.rawValue }) {
            mode = "supervised"
        } else {
            mode = "assignment"
        }
        return HandlingView(mode: mode, parent: parent, children: children, participants: participants, notices: notices)
    }

    var assisting: [OrderUnitModel] { participants.filter { $0.role == OrderUnitModel.Part.assisting.rawValue } }
    var pool: [OrderUnitModel] { participants.filter { $0.role == OrderUnitModel.Part.pool.rawValue } }

    /// Whether an action the table and the role allow also applies to this viewer's unit now.
    func applies(_ action: OrderAction, to viewer: Principal, order: WorkOrderModel, org: OrgDirectory) -> Bool {
        let current = participants.filter { $0.round == order.round }
        let mine = current.first { $0.role == OrderUnitModel.Part.assisting.rawValue && $0.unitID == viewer.unitID }
        let pending: Set<String> = [OrderUnitModel.Status.assigned.rawValue, OrderUnitModel.Status.signed.rawValue]
        switch action {
        case .claim:
            return current.contains { $0.role == OrderUnitModel.Part.pool.rawValue && $0.status == "open" && $0.unitID == viewer.unitID }
        case .assistSignFor: return mine?.status == OrderUnitModel.Status.assigned.rawValue
        case .assistReport: return mine.map { pending.contains($0.status) } ?? false
        case .waiveAssist: return assisting.contains { $0.round == order.round && pending.contains($0.status) }
        case .respondSupervision:
            return notices.contains { $0.status == SupervisionNoticeModel.Status.open.rawValue && $0.respondentUnitID == viewer.unitID }
        case .escalate: return org.centreAbove(viewer.unitID) != nil
        default: return true
        }
    }
}
