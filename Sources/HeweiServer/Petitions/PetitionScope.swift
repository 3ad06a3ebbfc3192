import Fluent
import Foundation
import HeweiCore

/// The one place that decides which petitions a user may see and touch.
///
/// - Petition staff, supervisors and leaders (and the system) see every petition.
/// - A unit handler sees only petitions forwarded/assigned to their unit (or a unit under it), and
///   never an accusation whose accused unit is their own unit, a unit under it or above it: for
///   them such a petition does not exist (404, absent from lists, search, exports, figures).
struct PetitionScope: Sendable {
    /// nil: every petition.
    let handlingUnits: Set<UUID>?
    /// Accusations against these units are invisible.
    let accusedHidden: Set<UUID>
    /// Whether the matter of an accusation (accusation material) may be shown.
    let seesAccusationMaterial: Bool

    static func of(_ p: Principal, _ operation: AccessOperation, context: HeweiContext) throws -> PetitionScope {
        try p.require(.petitions, operation)
        guard let role = p.role else { return PetitionScope(handlingUnits: nil, accusedHidden: [], seesAccusationMaterial: true) }
        switch role {
        case .petitionStaff, .supervisor, .leader:
            return PetitionScope(handlingUnits: nil, accusedHidden: [], seesAccusationMaterial: true)
        case .unitHandler:
            guard let unitID = p.unitID, context.org.unit(unitID) != nil else {
                throw HeweiError.forbidden("the account belongs to no unit")
            }
            var hidden = context.org.subtree(of: unitID)
            var up = context.org.unit(unitID)?.parentID
            while let id = up { hidden.insert(id); up = context.org.unit(id)?.parentID }
            return PetitionScope(handlingUnits: context.org.subtree(of: unitID), accusedHidden: hidden, seesAccusationMaterial: false)
        default:
            // Registering roles (intake clerk) see only what they register, through the response.
            return PetitionScope(handlingUnits: [], accusedHidden: [], seesAccusationMaterial: false)
        }
    }

    func apply(_ q: QueryBuilder<PetitionModel>) -> QueryBuilder<PetitionModel> {
        guard let handlingUnits else { return q }
        q.filter(\.$handlingUnitID ~~ Array(handlingUnits))
        if !accusedHidden.isEmpty {
            q.group(.or) {
                $0.filter(\.$type != PetitionType.accusation.rawValue)
                    .filter(\.$concernedUnitID == nil)
                    .filter(\.$concernedUnitID !~ Array(accusedHidden))
            }
        }
        return q
    }

    func allows(_ p: PetitionModel) -> Bool {
        guard let handlingUnits else { return true }
        guard let h = p.handlingUnitID, handlingUnits.contains(h) else { return false }
        if p.type == PetitionType.accusation.rawValue, let c = p.concernedUnitID, accusedHidden.contains(c) { return false }
        return true
    }

    /// Whether the matter text of `p` is shown (accusation material only to those who need it).
    func showsMatter(_ p: PetitionModel) -> Bool {
        p.type != PetitionType.accusation.rawValue || seesAccusationMaterial
    }

    /// The petition by code, or 404 when it does not exist or is out of scope.
    static func load(_ code: String, _ p: Principal, _ operation: AccessOperation, context: HeweiContext,
                     on db: any Database) async throws -> (PetitionScope, PetitionModel) {
        let scope = try of(p, operation, context: context)
        guard let row = try await PetitionModel.query(on: db).filter(\.$code == code).first(), scope.allows(row) else {
            throw HeweiError.notFound("petition '\(code)'")
        }
        return (scope, row)
    }
}
