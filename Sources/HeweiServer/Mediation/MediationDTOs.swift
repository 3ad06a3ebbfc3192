import Foundation
import HeweiCore
import Vapor

/// A mediation case in a list.
struct MediationCaseSummaryDTO: Content {
    var code: String
    var state: String
    var source: String
    var disputeType: String
    var applicant: String
    var respondent: String
    var centre: String
    var room: String
    var outcome: String?
    var createdAt: Date
    var version: Int

    init(_ r: MediationCaseModel, org: OrgDirectory) {
        code = r.code; state = r.state; source = r.source; disputeType = r.disputeType
        applicant = r.applicantName; respondent = r.respondentName
        centre = org.unit(r.centreID)?.code ?? ""; room = r.roomCode; outcome = r.outcome
        createdAt = r.createdAt; version = r.version
    }
}

/// A mediation case in full: parties masked unless revealed, history, clocks, allowed actions.
struct MediationCaseDTO: Content {
    var code: String
    var state: String
    var version: Int
    var source: String
    var sourceRef: String
    var sourceOrder: String?
    var disputeType: String
    var summary: String
    var applicant: MediationParty
    var respondent: MediationParty
    var applicantConsent: Bool?
    var respondentConsent: Bool?
    var centre: String
    var originCentre: String
    var room: String
    var team: String?
    var mediators: [String]
    var major: Bool
    var outcome: String?
    var advice: String?
    var agreement: MediationAgreementTerms?
    var confirmation: MediationConfirmation?
    var sessions: [MediationSession]
    var consultations: [MediationConsultation]
    var followUps: [MediationFollowUp]
    var satisfaction: String?
    var performed: Bool?
    var createdAt: Date
    var acceptedAt: Date?
    var endedAt: Date?
    var closedAt: Date?
    var onTime: Bool?
    var allowedActions: [String]
    var clocks: [CaseClockDTO]
    var history: [CaseEventDTO]

    static func make(_ r: MediationCaseModel, reveal: Bool, context: HeweiContext, sourceOrder: String?,
                     clocks: [CaseClockModel], history: [CaseEventModel]) throws -> MediationCaseDTO {
        let org = context.org
        let a = try MediationParty.opened(r.applicant, context.cipher)
        let b = try MediationParty.opened(r.respondent, context.cipher)
        let state = MediationState(rawValue: r.state)
        return MediationCaseDTO(
            code: r.code, state: r.state, version: r.version, source: r.source, sourceRef: r.sourceRef, sourceOrder: sourceOrder,
            disputeType: r.disputeType, summary: r.summary, applicant: reveal ? a : a.masked, respondent: reveal ? b : b.masked,
            applicantConsent: r.applicantConsent, respondentConsent: r.respondentConsent,
            centre: org.unit(r.centreID)?.code ?? "", originCentre: org.unit(r.originCentreID)?.code ?? "", room: r.roomCode,
            team: r.teamCode, mediators: MediationJSON.decode([String].self, r.mediators) ?? [], major: r.major,
            outcome: r.outcome, advice: r.advice, agreement: MediationJSON.decode(MediationAgreementTerms.self, r.agreement),
            confirmation: MediationJSON.decode(MediationConfirmation.self, r.confirmation),
            sessions: MediationJSON.decode([MediationSession].self, r.sessions) ?? [],
            consultations: MediationJSON.decode([MediationConsultation].self, r.consultations) ?? [],
            followUps: MediationJSON.decode([MediationFollowUp].self, r.followUps) ?? [],
            satisfaction: r.satisfaction, performed: r.performed, createdAt: r.createdAt, acceptedAt: r.acceptedAt,
            endedAt: r.endedAt, closedAt: r.closedAt, onTime: r.onTime,
            allowedActions: state.map { MediationTransitions.table.allowed(from: $0).map(\.rawValue) } ?? [],
            clocks: clocks.map(CaseClockDTO.init), history: history.map(CaseEventDTO.init))
    }
}

struct MediationRoomDTO: Content {
    var code: String
    var name: String
    var centre: String
    var level: String
    var type: String
    var active: Bool
}

struct MediationTeamDTO: Content {
    var code: String
    var name: String
    var kind: String
    var disputeTypes: [String]
    var active: Bool
}

struct MediatorDTO: Content {
    var code: String
    var name: String
    var title: String
    var skills: [String]
    var room: String
    var team: String?
    var username: String?
    var active: Bool
}

/// The parties in full (a reveal, audited).
struct MediationPartiesDTO: Content {
    var applicant: MediationParty
    var respondent: MediationParty
}
