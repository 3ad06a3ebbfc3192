import Fluent
import Foundation

/// One appended fact about a mediation case, petition, reception booking or walk-in visit: who did
/// what, when, why, and the state before and after. Rows are never updated or deleted.
final class CaseEventModel: Model, @unchecked Sendable {
    static let schema = "case_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: UUID
    /// The record's version after the change (1 for its creation).
    @Field(key: "seq") var seq: Int
    @Field(key: "action") var action: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "actor_role") var actorRole: String
    @OptionalField(key: "actor_unit_id") var actorUnitID: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "note") var note: String
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    /// Action-specific details as JSON with sorted keys.
    @Field(key: "data") var data: String

    init() {}
}

/// One running clock of a mediation case or petition (case duration, judicial-confirmation window,
/// forward/acceptance/handling limits, review windows…). Same shape and sweep as order deadlines.
final class CaseClockModel: Model, @unchecked Sendable {
    static let schema = "case_clocks"

    @ID(key: .id) var id: UUID?
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "time_limit") var timeLimit: String
    @Field(key: "extensions") var extensions: String
    @Field(key: "pauses") var pauses: String
    @OptionalField(key: "warn_at") var warnAt: Date?
    @OptionalField(key: "due_at") var dueAt: Date?
    /// `open`, `met`, `late`, `cancelled`.
    @Field(key: "status") var status: String
    @Field(key: "light") var light: String
    @OptionalField(key: "stopped_at") var stoppedAt: Date?

    init() {}
}
