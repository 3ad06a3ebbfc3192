import Fluent
import Foundation
import HeweiCore
import Vapor

/// A petition as the API shows it. The petitioners are never in it ("（保密）"; petition staff use
/// the audited reveal); the matter of an accusation is shown only to those who may see accusation
/// material (`PetitionScope.showsMatter`).
struct PetitionDTO: Content {
    var code: String
    var state: String
    var stateName: String
    var version: Int
    var stage: String
    var channel: String
    var type: String
    var typeName: String
    var matter: String
    var petitioner: String
    var petitionerCount: Int
    var concernedUnit: String?
    var handlingUnit: String?
    var parentCode: String?
    var chain: [String]?
    var earlierCaseCode: String?
    var repeatPetition: Bool
    var sourceOrderCode: String?
    var mediationCaseCode: String?
    var decision: String?
    var extensionReason: String?
    var reply: String?
    var repliedAt: Date?
    var reviewWindowEndsAt: Date?
    var registeredAt: Date
    var updatedAt: Date
    var closedAt: Date?
    var allowedActions: [String]
}

enum PetitionView {
    static func dto(_ p: PetitionModel, scope: PetitionScope, viewer: Principal, context: HeweiContext) -> PetitionDTO {
        let state = PetitionState(rawValue: p.state) ?? .registered
        let type = PetitionType(rawValue: p.type) ?? .suggestion
        let count = (try? PetitionPeople.open(p.petitioners, context.cipher).count) ?? 1
        let shows = scope.showsMatter(p)
        var allowed = PetitionTransitions.table.allowed(from: state)
        if viewer.role == .unitHandler { allowed = allowed.filter(PetitionWorkflow.unitActions.contains) }
        if !viewer.may(.petitions, .change) { allowed = [] }
        return PetitionDTO(
            code: p.code, state: p.state, stateName: state.zh, version: p.version, stage: p.stage, channel: p.channel,
            type: p.type, typeName: type.zh, matter: shows ? p.matter : PetitionPeople.hidden,
            petitioner: PetitionPeople.hidden, petitionerCount: count,
            concernedUnit: context.org.unit(p.concernedUnitID)?.code, handlingUnit: context.org.unit(p.handlingUnitID)?.code,
            parentCode: nil, chain: nil, earlierCaseCode: nil, repeatPetition: p.isRepeat, sourceOrderCode: nil,
            mediationCaseCode: nil, decision: shows ? p.decisionText : p.decisionText.map { _ in PetitionPeople.hidden },
            extensionReason: shows ? p.extensionReason : p.extensionReason.map { _ in PetitionPeople.hidden },
            reply: shows ? p.replyText : (p.replyText == nil ? nil : PetitionPeople.hidden),
            repliedAt: p.repliedAt, reviewWindowEndsAt: p.reviewWindowEndsAt, registeredAt: p.registeredAt,
            updatedAt: p.updatedAt, closedAt: p.closedAt, allowedActions: allowed.map(\.rawValue))
    }

    /// The full view: links resolved to codes; the chain lists only petitions in the viewer's scope.
    static func detail(_ p: PetitionModel, scope: PetitionScope, viewer: Principal, context: HeweiContext,
                       on db: any Database) async throws -> PetitionDTO {
        var d = dto(p, scope: scope, viewer: viewer, context: context)
        if let id = p.parentID, let parent = try await PetitionModel.find(id, on: db) { d.parentCode = parent.code }
        d.chain = try await PetitionChain.chain(of: p, on: db).filter(scope.allows).map(\.code)
        if let id = p.earlierCaseID, let e = try await PetitionModel.find(id, on: db), scope.allows(e) { d.earlierCaseCode = e.code }
        if let id = p.sourceOrderID, let o = try await WorkOrderModel.find(id, on: db) { d.sourceOrderCode = o.code }
        if let id = p.mediationCaseID, let m = try await MediationCaseModel.find(id, on: db) { d.mediationCaseCode = m.code }
        return d
    }
}

/// The petitioners in full (a reveal).
struct PetitionersDTO: Content {
    var code: String
    var petitioners: [PetitionerInput]
}
