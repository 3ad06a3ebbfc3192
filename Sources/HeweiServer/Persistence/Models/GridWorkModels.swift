import Fluent
import Foundation

/// A user's responsibility for a grid cell (of any level, covering its descendants).
final class GridAssignmentModel: Model, @unchecked Sendable {
    static let schema = "grid_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "cell_code") var cellCode: String
    /// `worker` (网格员) or `chief` (网格长).
    @Field(key: "kind") var kind: String
    @Field(key: "active") var active: Bool
    @Field(key: "assigned_at") var assignedAt: Date
    @Field(key: "assigned_by") var assignedBy: String

    init() {}
}

/// A grid worker's patrol (巡查) of one of their cells, with its GPS track.
final class PatrolModel: Model, @unchecked Sendable {
    static let schema = "patrols"

    @ID(key: .id) var id: UUID?
    @Field(key: "worker_id") var workerID: UUID
    @Field(key: "worker_name") var workerName: String
    @Field(key: "cell_code") var cellCode: String
    @Field(key: "note") var note: String
    /// JSON `[[lon, lat, unixSeconds], …]` in the order received.
    @Field(key: "track") var track: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?

    init() {}
}

/// Something a worker found on patrol; reported at most once, as a work order.
final class PatrolFindingModel: Model, @unchecked Sendable {
    static let schema = "patrol_findings"

    @ID(key: .id) var id: UUID?
    @Field(key: "patrol_id") var patrolID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "text") var text: String
    @OptionalField(key: "category_code") var categoryCode: String?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "order_code") var orderCode: String?
    @OptionalField(key: "reported_at") var reportedAt: Date?

    init() {}
}
