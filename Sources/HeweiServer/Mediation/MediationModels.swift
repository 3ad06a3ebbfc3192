import Fluent
import Foundation

/// One people's-mediation case (人民调解案件). Its events go to `case_events` and its clocks to
/// `case_clocks` under record type `mediation`. Parties' phones and ID numbers are sealed at rest.
final class MediationCaseModel: Model, @unchecked Sendable {
    static let schema = "mediation_cases"

    @ID(key: .id) var id: UUID?
    /// Human-readable code, e.g. TJ20261126-0001.
    @Field(key: "code") var code: String
    /// `MediationState`.
    @Field(key: "state") var state: String
    /// The event sequence (bumped under the row lock by `CaseEventLog.lock`).
    @Field(key: "version") var version: Int
    /// `MediationSource`.
    @Field(key: "source") var source: String
    /// Order code, petition code, court case number, booking id…
    @Field(key: "source_ref") var sourceRef: String
    /// The converted work order, when the source is `workOrder`.
    @OptionalField(key: "source_order_id") var sourceOrderID: UUID?
    @Field(key: "dispute_type") var disputeType: String
    /// Facts and disputed matters (纠纷事实及争议事项).
    @Field(key: "summary") var summary: String
    /// `MediationParty` as JSON, phone and ID number sealed.
    @Field(key: "applicant") var applicant: String
    @Field(key: "respondent") var respondent: String
    @Field(key: "applicant_name") var applicantName: String
    @Field(key: "respondent_name") var respondentName: String
    @OptionalField(key: "applicant_consent") var applicantConsent: Bool?
    @OptionalField(key: "respondent_consent") var respondentConsent: Bool?
    /// The centre (unit) that holds the case now; escalation moves it up.
    @Field(key: "centre_id") var centreID: UUID
    /// The centre where the case was opened.
    @Field(key: "origin_centre_id") var originCentreID: UUID
    @Field(key: "room_code") var roomCode: String
    @OptionalField(key: "team_code") var teamCode: String?
    /// Mediator codes, JSON array.
    @Field(key: "mediators") var mediators: String
    @Field(key: "major") var major: Bool
    /// `MediationOutcome` once settled or failed.
    @OptionalField(key: "outcome") var outcome: String?
    /// `MediationAdvice` of a failed case.
    @OptionalField(key: "advice") var advice: String?
    /// `MediationAgreementTerms` as JSON once settled.
    @OptionalField(key: "agreement") var agreement: String?
    @OptionalField(key: "effective_at") var effectiveAt: Date?
    @OptionalField(key: "performance_due_at") var performanceDueAt: Date?
    /// Sessions, follow-ups, consultations, confirmation: JSON (the events hold the same facts).
    @Field(key: "sessions") var sessions: String
    @Field(key: "follow_ups") var followUps: String
    @Field(key: "consultations") var consultations: String
    @OptionalField(key: "confirmation") var confirmation: String?
    /// The last follow-up's satisfaction and performance.
    @OptionalField(key: "satisfaction") var satisfaction: String?
    @OptionalField(key: "performed") var performed: Bool?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Whether the case ended (agreement or failure) within its duration clock.
    @OptionalField(key: "on_time") var onTime: Bool?
    @Field(key: "created_by") var createdBy: String

    init() {}
}

/// A mediation room at a centre (city, town, or the village 和为贵调解室).
final class MediationRoomModel: Model, @unchecked Sendable {
    static let schema = "mediation_rooms"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "centre_id") var centreID: UUID
    /// `MediationRoomType`.
    @Field(key: "type") var type: String
    @Field(key: "active") var active: Bool

    init() {}
}

/// A mediation team: "3+N+1".
final class MediationTeamModel: Model, @unchecked Sendable {
    static let schema = "mediation_teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// `MediationTeamKind`.
    @Field(key: "kind") var kind: String
    /// Dispute types the team takes, JSON array.
    @Field(key: "dispute_types") var disputeTypes: String
    @Field(key: "active") var active: Bool

    init() {}
}

/// A mediator: legal adviser, village cadre, local worthy (乡贤), …
final class MediatorModel: Model, @unchecked Sendable {
    static let schema = "mediation_mediators"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// legalAdviser, villageCadre, localWorthy, confucianAdviser, fullTime, …
    @Field(key: "title") var title: String
    /// Dispute types, JSON array.
    @Field(key: "skills") var skills: String
    @Field(key: "room_code") var roomCode: String
    @OptionalField(key: "team_code") var teamCode: String?
    @OptionalField(key: "username") var username: String?
    @Field(key: "active") var active: Bool

    init() {}
}
