import Fluent
import Foundation
import HeweiCore

/// The dispatchers' and follow-up agents' work queues: the orders waiting on them, oldest first,
/// each with the request that put it there (the unit's objection or extension request and its
/// reason, or the reply to follow up). Every queue is a view of orders within the caller's
/// `OrderScope`; the decisions are the ordinary order actions.
enum ReviewQueue: String, CaseIterable, Sendable {
    /// Objections within the window, for the centre to approve (reassign) or reject.
    case objections
    /// Extension requests, for the centre to approve or reject.
    case extensions
    /// Replied orders waiting for the follow-up call.
    case followUps
    /// Orders in a claim pool: eligible units claim them, dispatchers may take them out.
    case pool

    var state: WorkOrderState {
        switch self {
        case .objections: return .objectionPending
        case .extensions: return .extensionPending
        case .followUps: return .replied
        case .pool: return .pooled
        }
    }

    /// The action that put an order in the queue.
    var cause: OrderAction {
        switch self {
        case .objections: return .object
        case .extensions: return .requestExtension
        case .followUps: return .reply
        case .pool: return .pool
        }
    }

    /// The decisions the queue is for.
    var decisions: [OrderAction] {
        switch self {
        case .objections: return [.approveObjection, .rejectObjection]
        case .extensions: return [.approveExtension, .rejectExtension]
        case .followUps: return [.recordFollowUp, .followUpAttempt]
        case .pool: return [.claim, .dispatch]
        }
    }

    /// Who works the queue: whoever may take its decisions.
    var roles: Set<Role> { decisions.reduce(into: Set<Role>()) { $0.formUnion(OrderPermissions.roles(for: $1)) } }

    struct Entry: Sendable {
        let order: WorkOrderModel
        /// The request that put the order here (nil if the history has none, e.g. imported data).
        let cause: OrderEventModel?
    }

    /// The queue's orders in scope, oldest request first; `page` from 1.
    func entries(scope: OrderScope, page: Int, per: Int, on db: any Database) async throws -> (items: [Entry], total: Int) {
        let query = scope.apply(WorkOrderModel.query(on: db)).filter(\.$state == state.rawValue)
        let total = try await query.copy().count()
        let orders = try await query.sort(\.$updatedAt, .ascending).sort(\.$code, .ascending)
            .range((page - 1) * per ..< page * per).all()
        guard !orders.isEmpty else { return ([], total) }
        let events = try await OrderEventModel.query(on: db).filter(\.$orderID ~~ orders.map { $0.id! })
            .filter(\.$action == cause.rawValue).all()
        var latest: [UUID: OrderEventModel] = [:]
        for e in events where (latest[e.orderID]?.seq ?? -1) < e.seq { latest[e.orderID] = e }
        return (orders.map { Entry(order: $0, cause: latest[$0.id!]) }, total)
    }
}
