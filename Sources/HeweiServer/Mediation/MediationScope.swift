import Fluent
import Foundation
import HeweiCore
import Vapor

/// Which cases a caller sees: those held by or opened at their own centre or a centre below it
/// (a village room's mediator sees its room's cases; a town's, its villages'; the city, all).
/// `centres == nil` means every case.
struct MediationScope: Sendable {
    let centres: Set<UUID>?

    static func of(_ p: Principal, _ op: AccessOperation, context: HeweiContext) throws -> MediationScope {
        try p.require(.mediation, op)
        guard p.role != nil else { return MediationScope(centres: nil) }
        guard let centre = context.org.centre(of: p.unitID) else { return MediationScope(centres: []) }
        if centre.level == "city" { return MediationScope(centres: nil) }
        return MediationScope(centres: context.org.subtree(of: centre.id))
    }

    func apply(_ q: QueryBuilder<MediationCaseModel>) -> QueryBuilder<MediationCaseModel> {
        guard let centres else { return q }
        let ids = Array(centres)
        return q.group(.or) { $0.filter(\.$centreID ~~ ids).filter(\.$originCentreID ~~ ids) }
    }

    func contains(_ row: MediationCaseModel) -> Bool {
        guard let centres else { return true }
        return centres.contains(row.centreID) || centres.contains(row.originCentreID)
    }

    /// The case with `code` in scope, else 404 (a case outside the scope does not exist for the caller).
    func find(_ code: String, on db: any Database) async throws -> MediationCaseModel {
        guard let row = try await MediationCaseModel.query(on: db).filter(\.$code == code).first(), contains(row) else {
            throw HeweiError.notFound("mediation case \(code)")
        }
        return row
    }
}
