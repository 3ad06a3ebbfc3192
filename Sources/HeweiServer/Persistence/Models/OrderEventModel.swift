import Fluent
import Foundation

/// One appended fact about a work order: who did what, when, why, and the state before and after.
/// Rows are never updated or deleted.
final class OrderEventModel: Model, @unchecked Sendable {
    static let schema = "order_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "seq") var seq: Int
    @Field(key: "action") var action: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "actor_role") var actorRole: String
    @OptionalField(key: "actor_unit_id") var actorUnitID: UUID?
    @OptionalField(key: "target_unit_id") var targetUnitID: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "note") var note: String
    @OptionalField(key: "from_state") var fromState: String?
    @Field(key: "to_state") var toState: String
    /// Action-specific details as JSON (extension asked, follow-up result, deadlines moved…).
    @Field(key: "data") var data: String

    init() {}
}
