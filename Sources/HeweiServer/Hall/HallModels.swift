import Fluent
import Foundation

/// A visitor in the walk-in hall with their queue number. The phone is sealed at rest.
final class HallVisitModel: Model, @unchecked Sendable {
    static let schema = "hall_visits"

    @ID(key: .id) var id: UUID?
    @Field(key: "area") var area: String
    /// The local date the number belongs to, `yyyy-MM-dd`.
    @Field(key: "queue_day") var queueDay: String
    @Field(key: "queue_number") var queueNumber: Int
    /// The number as shown: `A001`.
    @Field(key: "ticket") var ticket: String
    @Field(key: "state") var state: String
    @Field(key: "version") var version: Int
    @Field(key: "name") var name: String
    @Field(key: "phone") var phone: String
    @Field(key: "matter") var matter: String
    @OptionalField(key: "counter") var counter: String?
    @Field(key: "registered_at") var registeredAt: Date
    @OptionalField(key: "called_at") var calledAt: Date?
    @OptionalField(key: "serving_at") var servingAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "outcome_note") var outcomeNote: String?
    @OptionalField(key: "link_type") var linkType: String?
    @OptionalField(key: "link_ref") var linkRef: String?

    init() {}
}
