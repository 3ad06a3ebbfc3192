import Fluent
import Foundation
import HeweiCore

/// The one place that decides which work orders a user may see. Every list, read, page and export
/// of orders goes through it.
///
/// Staff of the city centre see every order; staff of a town centre or a department see orders led
/// by their unit or a unit under it, and the orders their unit registered.
struct OrderScope: Sendable {
    /// `nil` means everything.
    let units: Set<UUID>?

    init(principal: Principal, org: OrgDirectory) throws {
        guard let role = principal.role else {
            units = nil
            return
        }
        guard role.readsOrders else { throw HeweiError.forbidden("role '\(role.rawValue)' may not read work orders") }
        guard let unitID = principal.unitID, let unit = org.unit(unitID) else {
            throw HeweiError.forbidden("the account belongs to no unit")
        }
        if unit.kind == "centre" && unit.level == "city" {
            units = nil
        } else {
            units = org.subtree(of: unitID)
        }
    }

    func apply(_ query: QueryBuilder<WorkOrderModel>) -> QueryBuilder<WorkOrderModel> {
        guard let units else { return query }
        let ids = Array(units)
        return query.group(.or) { $0.filter(\.$leadUnitID ~~ ids).filter(\.$intakeUnitID ~~ ids) }
    }

    func allows(_ order: WorkOrderModel) -> Bool {
        guard let units else { return true }
        return order.leadUnitID.map(units.contains) == true || order.intakeUnitID.map(units.contains) == true
    }
}

/// Which roles see residents' names and phone numbers in full; everyone else sees them masked.
enum PersonalData {
    static func mayReveal(_ principal: Principal) -> Bool {
        switch principal.role {
        case .intakeClerk?, .dispatcher?, .followUpAgent?: return true
        default: return false
        }
    }
}
