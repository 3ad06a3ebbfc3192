import Fluent
import FluentSQL
import Foundation
import HeweiCore
import Vapor

/// The one place that decides which work orders a user may see. Every list, read, page, export
/// and action on orders gets its scope from `OrderScope.of`, which first asks `AccessPolicy`.
///
/// - Staff of the city centre see every order.
/// - Staff of a town centre or a department see orders led by their unit or a unit under it, the
///   orders their unit registered, the orders it assists on (联办) and the open claim pools it may
///   claim from (抢单).
/// - A grid worker sees the orders located in the cells assigned to them.
struct OrderScope: Sendable {
    /// `nil` means every unit.
    let units: Set<UUID>?
    /// Set for grid workers: the roots of the cells they look after (orders by `cell_micro`).
    let cells: CellScope?

    init(units: Set<UUID>?, cells: CellScope? = nil) {
        self.units = units
        self.cells = cells
    }

    /// The caller's scope for `operation` on orders; 403 if their role may not do it at all.
    static func of(_ principal: Principal, _ operation: AccessOperation, context: HeweiContext, db: any Database) async throws -> OrderScope {
        try principal.require(.orders, operation)
        guard let role = principal.role else { return OrderScope(units: nil) }
        if role == .gridWorker {
            return OrderScope(units: [], cells: try await CellScope.assigned(to: principal, context: context, db: db))
        }
        guard let unitID = principal.unitID, let unit = context.org.unit(unitID) else {
            throw HeweiError.forbidden("the account belongs to no unit")
        }
        if unit.kind == "centre" && unit.level == "city" { return OrderScope(units: nil) }
        return OrderScope(units: context.org.subtree(of: unitID))
    }

    func apply(_ query: QueryBuilder<WorkOrderModel>) -> QueryBuilder<WorkOrderModel> {
        if let cells { return cells.applyOptional(query, \.$cellMicro) }
        guard let units else { return query }
        let ids = Array(units)
        return query.group(.or) {
            $0.filter(\.$leadUnitID ~~ ids).filter(\.$intakeUnitID ~~ ids).filter(OrderUnitsRepository.takesPart(ids))
        }
    }

    /// Whether one order is in scope (its participants are looked up only when the lead and the
    /// registering unit do not already decide it).
    func allows(_ order: WorkOrderModel, on db: any Database) async throws -> Bool {
        if let cells { return order.cellMicro.map(cells.covers) ?? false }
        guard let units else { return true }
        if order.leadUnitID.map(units.contains) == true || order.intakeUnitID.map(units.contains) == true { return true }
        return try await OrderUnitsRepository.takesPart(order.id!, units: Array(units), on: db)
    }
}

/// Personal data in work orders: the requester's phone is masked for everyone by default
/// (138****1234); the name is shown to those who work the order and masked for the rest. Showing
/// the full contact is a separate, audited request with a reason (`POST …/reveal`), allowed to the
/// roles in `AccessPolicy.roles(.orders, .reveal)`.
enum PersonalData {
    static func showsName(_ principal: Principal) -> Bool {
        principal.role.map { AccessPolicy.may($0, .reveal, .orders) } ?? true
    }
}
