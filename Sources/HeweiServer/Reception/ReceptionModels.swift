import Fluent
import Foundation

/// A leader's reception day (领导接访日): who receives, when, where, on which topics, how many.
final class ReceptionDayModel: Model, @unchecked Sendable {
    static let schema = "reception_days"

    @ID(key: .id) var id: UUID?
    @Field(key: "leader_name") var leaderName: String
    @Field(key: "leader_title") var leaderTitle: String
    @OptionalField(key: "leader_user_id") var leaderUserID: UUID?
    /// The local date, `yyyy-MM-dd`.
    @Field(key: "date") var date: String
    /// Local times `HH:mm`.
    @Field(key: "starts") var starts: String
    @Field(key: "ends") var ends: String
    @Field(key: "place") var place: String
    @Field(key: "topics") var topics: String
    @Field(key: "capacity") var capacity: Int
    /// Bookings holding a place (not cancelled); raised under the row lock, never above capacity.
    @Field(key: "booked") var booked: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    /// `scheduled` or `cancelled` (`ReceptionDays.table`); `version` numbers the day's events.
    @Field(key: "state") var state: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "cancel_reason") var cancelReason: String?

    init() {}
}

/// A resident booked on a reception day. The phone is sealed at rest.
final class ReceptionBookingModel: Model, @unchecked Sendable {
    static let schema = "reception_bookings"

    @ID(key: .id) var id: UUID?
    @Field(key: "day_id") var dayID: UUID
    @Field(key: "state") var state: String
    @Field(key: "version") var version: Int
    @Field(key: "name") var name: String
    @Field(key: "phone") var phone: String
    @Field(key: "matter") var matter: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "outcome_note") var outcomeNote: String?
    /// `order`, `petition` or `mediation`, with the record's code or id.
    @OptionalField(key: "link_type") var linkType: String?
    @OptionalField(key: "link_ref") var linkRef: String?
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}
}
