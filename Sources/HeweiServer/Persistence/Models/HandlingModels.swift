import Fluent
import Foundation

/// A unit taking part in an order besides its lead: an assisting unit of joint handling (联办协办)
/// or an eligible unit of a claim pool (抢单). Rows are never deleted; their status moves on.
final class OrderUnitModel: Model, @unchecked Sendable {
    static let schema = "order_units"

    enum Part: String, Sendable { case assisting, pool }

    /// assisting: assigned → signed → reported, or waived (or cancelled when the round ends).
    /// pool: open → claimed (the winner), lost (another unit won), expired, or withdrawn.
    enum Status: String, Sendable { case assigned, signed, reported, waived, cancelled, open, claimed, lost, expired, withdrawn }

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "role") var role: String
    @Field(key: "round") var round: Int
    @Field(key: "status") var status: String
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// The assisting unit's report, or the reason it was waived.
    @OptionalField(key: "note") var note: String?

    init() {}

    init(order: UUID, unit: UUID, part: Part, round: Int, status: Status, at: Date) {
        id = OrderedID.make()
        orderID = order
        unitID = unit
        role = part.rawValue
        self.round = round
        self.status = status.rawValue
        openedAt = at
    }
}

/// A supervision notice (督办单): issued by a supervisor or automatically on a red light, or asked
/// for by a lower level (escalation); it has its own deadline and needs a response. Unanswered, it
/// escalates to the centre one level up.
final class SupervisionNoticeModel: Model, @unchecked Sendable {
    static let schema = "supervision_notices"

    enum Kind: String, Sendable, CaseIterable { case manual, automatic, escalation }
    /// open → answered | escalated (a new notice one level up took over) | overdue (no level above) | closed (order closed or moved on).
    enum Status: String, Sendable, CaseIterable { case open, answered, escalated, overdue, closed }

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "round") var round: Int
    @Field(key: "kind") var kind: String
    /// The level of the centre holding the notice: village, town or city.
    @Field(key: "level") var level: String
    @Field(key: "holder_unit_id") var holderUnitID: UUID
    /// The unit that must respond: the order's lead (or an assisting unit) for supervision, the
    /// holding centre itself for an escalation request.
    @Field(key: "respondent_unit_id") var respondentUnitID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "issued_by") var issuedBy: String
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "due_at") var dueAt: Date?
    @Field(key: "status") var status: String
    @OptionalField(key: "response") var response: String?
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "responded_by") var respondedBy: String?
    @OptionalField(key: "escalated_from_id") var escalatedFromID: UUID?

    init() {}
}
