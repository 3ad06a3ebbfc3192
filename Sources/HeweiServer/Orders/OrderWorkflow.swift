import Fluent
import Foundation
import HeweiCore

/// The work-order loop: intake and every action, each in one transaction that changes the state,
/// appends the event and moves the deadline rows together.
struct OrderWorkflow {
    let db: any Database
    let gate: WriteGate
    let rules: Rules
    let org: OrgDirectory
    var now: Date
    /// The active grid and routing rules (empty in contexts that never route, such as the sweeper).
    var grid = GridIndex(cells: [])
    var routes: [RoutingRule] = []
    /// The cached category tree; nil reads categories from the database.
    var categories: CategoryDirectory? = nil
    /// How outbox rows are sealed and sent (nil in contexts that never notify residents, such as the sweeper).
    var notifications: NotificationOutbox.Settings? = nil
    /// The configured channels (nil: the built-in channel codes).
    var channels: ChannelDirectory? = nil
    /// The extreme-risk words checked at intake (nil: none, e.g. in the sweeper).
    var riskWords: RiskWords? = nil

    var deadlines: DeadlineBook { DeadlineBook(rules: rules) }

    /// Appends an event; `seq` is the order's version after the lock.
    func record(_ action: OrderAction, on order: WorkOrderModel, seq: Int, by actor: Principal, from: WorkOrderState?,
                note: String = "", target: UUID? = nil, data: [String: String] = [:], in db: any Database) async throws {
        try await event(action, on: order, seq: seq, by: actor, from: from, note: note, target: target, data: data).create(on: db)
    }

    /// The event row of an action, not yet stored.
    func event(_ action: OrderAction, on order: WorkOrderModel, seq: Int, by actor: Principal, from: WorkOrderState?,
               note: String = "", target: UUID? = nil, data: [String: String] = [:]) throws -> OrderEventModel {
        let event = OrderEventModel()
        event.id = OrderedID.make()
        event.orderID = order.id!
        event.seq = seq
        event.action = action.rawValue
        event.actorID = actor.id
        event.actorName = actor.name
        event.actorRole = actor.roleName
        event.actorUnitID = actor.unitID
        event.targetUnitID = target
        event.at = now
        event.note = note
        event.fromState = from?.rawValue
        event.toState = order.state
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        event.data = String(decoding: try encoder.encode(data), as: UTF8.self)
        return event
    }

    /// Resolves a unit code, or `auto` to the unit that the routing rules choose for the order's
    /// category and cells (the category's default unit when no rule matches).
    func unit(_ code: String?, field: String, category: CategoryModel?, cells: [String] = []) throws -> OrgDirectory.Unit {
        let code = (code ?? "").trimmingCharacters(in: .whitespaces)
        if code.isEmpty { throw HeweiError.invalidField(field, "a unit code (or 'auto') is required") }
        if code == "auto" {
            guard let category, let decision = route(category, cells: cells), let unit = org.unit(code: decision.unitCode) else {
                throw HeweiError.invalidField(field, "no routing rule or default unit for the category; name a unit")
            }
            return unit
        }
        guard let unit = org.unit(code: code) else { throw HeweiError.invalidField(field, "no unit with code '\(code)'") }
        return unit
    }

    func route(_ category: CategoryModel, cells: [String]) -> OrderRouting.Decision? {
        OrderRouting.choose(category: category.code, parentCategory: category.parentCode,
                            defaultUnit: org.unit(category.defaultUnitID)?.code, cells: cells, rules: routes)
    }

    /// The order's cells, micro → large (empty when it has no location or lies outside the grid).
    func cells(of order: WorkOrderModel) -> [String] {
        [order.cellMicro, order.cellSmall, order.cellMedium, order.cellLarge].compactMap { $0 }
    }

    func category(_ code: String, on db: any Database) async throws -> CategoryModel? {
        if let categories, !categories.isEmpty { return categories.category(code) }
        return try await CategoryModel.query(on: db).filter(\.$code == code).first()
    }

    func handlingLimit(for order: WorkOrderModel, category: CategoryModel?) -> TimeLimit {
        if let text = category?.handlingLimit, let limit = TimeLimit(parsing: text) { return limit }
        return rules.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general).handling
    }

    /// Sends the order to a unit: new sign-for, objection and handling clocks.
    func startDispatchClocks(_ order: WorkOrderModel, category: CategoryModel?, on db: any Database) async throws {
        for row in try dispatchClocks(order, category: category) { try await row.create(on: db) }
    }

    /// The clock rows of a dispatch, not yet stored.
    func dispatchClocks(_ order: WorkOrderModel, category: CategoryModel?) throws -> [DeadlineModel] {
        let limits = rules.policy.limits(for: Urgency(rawValue: order.urgency) ?? .general)
        return [
            try deadlines.prepare(.signFor, limit: limits.signFor, order: order, at: now),
            try deadlines.prepare(.objection, limit: rules.policy.objectionWindow, order: order, at: now),
            try deadlines.prepare(.handling, limit: handlingLimit(for: order, category: category), order: order, at: now),
        ]
    }
}
