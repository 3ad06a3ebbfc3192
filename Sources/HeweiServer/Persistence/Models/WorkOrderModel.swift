import Fluent
import Foundation

/// The current state of a work order. Its history is in `order_events`; this row is what the
/// events led to, kept for listing and filtering.
final class WorkOrderModel: Model, @unchecked Sendable {
    static let schema = "work_orders"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "channel") var channel: String
    @OptionalField(key: "channel_ref") var channelRef: String?
    @Field(key: "request_kind") var requestKind: String
    @Field(key: "category_code") var categoryCode: String
    @Field(key: "urgency") var urgency: String
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "latitude") var latitude: Double?
    @Field(key: "address") var address: String
    @Field(key: "requester_name") var requesterName: String
    @Field(key: "requester_phone") var requesterPhone: String
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "content") var content: String
    @OptionalField(key: "lead_unit_id") var leadUnitID: UUID?
    @Field(key: "state") var state: String
    @Field(key: "suspended") var suspended: Bool
    @Field(key: "round") var round: Int
    @Field(key: "light") var light: String
    @OptionalField(key: "due_at") var dueAt: Date?
    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "follow_up_resolved") var followUpResolved: Bool?
    @OptionalField(key: "follow_up_satisfaction") var followUpSatisfaction: String?
    @Field(key: "supervision_count") var supervisionCount: Int
    @Field(key: "version") var version: Int
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    /// The unit of the clerk who registered it (scopes accepted orders that have no lead unit yet).
    @OptionalField(key: "intake_unit_id") var intakeUnitID: UUID?
    @OptionalField(key: "cell_micro") var cellMicro: String?
    @OptionalField(key: "cell_small") var cellSmall: String?
    @OptionalField(key: "cell_medium") var cellMedium: String?
    @OptionalField(key: "cell_large") var cellLarge: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Set while the order is merged under another (并单).
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// Letters: the writer agreed to publication; when published, the public text and the time.
    @OptionalField(key: "public_consent") var publicConsent: Bool?
    @OptionalField(key: "public_text") var publicText: String?
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// The resident portal's tracking code (查询码): random, unique, set for portal submissions only.
    @OptionalField(key: "tracking_code") var trackingCode: String?

    init() {}
}
