import Fluent
import Foundation

/// One running clock of an order. The sweeper finds due rows through the indexes on
/// (status, warn_at) and (status, due_at).
final class DeadlineModel: Model, @unchecked Sendable {
    static let schema = "deadlines"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "round") var round: Int
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "time_limit") var timeLimit: String
    /// JSON array of approved extensions, e.g. `["3 working days"]`.
    @Field(key: "extensions") var extensions: String
    /// JSON array of pauses `{from, to}` while the clock was suspended.
    @Field(key: "pauses") var pauses: String
    @OptionalField(key: "warn_at") var warnAt: Date?
    @OptionalField(key: "due_at") var dueAt: Date?
    /// `open`, `met` (stopped in time), `late` (stopped after the due time), `cancelled`, or
    /// `expired` (an objection window that ran out).
    @Field(key: "status") var status: String
    @Field(key: "light") var light: String
    @OptionalField(key: "stopped_at") var stoppedAt: Date?
    /// The assisting unit (`order_units` row) or supervision notice the clock belongs to; nil for the order's own clocks.
    @OptionalField(key: "ref_id") var refID: UUID?

    init() {}
}
