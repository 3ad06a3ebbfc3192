import Fluent
import Foundation

/// A camera or sensor that may report alerts (视频/物联感知设备): where it is, and the key its
/// alerts are signed with (sealed at rest with the field cipher).
final class AlertSourceModel: Model, @unchecked Sendable {
    static let schema = "alert_sources"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// camera or sensor.
    @Field(key: "kind") var kind: String
    @Field(key: "longitude") var longitude: Double
    @Field(key: "latitude") var latitude: Double
    @OptionalField(key: "cell_code") var cellCode: String?
    @Field(key: "address") var address: String
    @Field(key: "secret") var secret: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// What an alert type means: its category, urgency, and how long repeats fold into one open order.
final class AlertTypeModel: Model, @unchecked Sendable {
    static let schema = "alert_types"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "category_code") var categoryCode: String
    @Field(key: "urgency") var urgency: String
    @Field(key: "fold_minutes") var foldMinutes: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One received alert, kept whatever it led to: a new order, or folded into an open one.
final class AlertModel: Model, @unchecked Sendable {
    static let schema = "alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "source_id") var sourceID: UUID
    @Field(key: "type_code") var typeCode: String
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "description") var description: String
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "folded") var folded: Bool

    init() {}
}
