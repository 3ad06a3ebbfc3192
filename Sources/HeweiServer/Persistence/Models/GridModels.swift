import Fluent
import Foundation

/// One imported grid. Importing never deletes: a new version becomes active, old ones stay.
final class GridVersionModel: Model, @unchecked Sendable {
    static let schema = "grid_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "imported_at") var importedAt: Date
    @Field(key: "actor_name") var actorName: String
    @Field(key: "note") var note: String
    @Field(key: "cell_count") var cellCount: Int
    @Field(key: "active") var active: Bool

    init() {}
}

final class GridCellModel: Model, @unchecked Sendable {
    static let schema = "grid_cells"

    @ID(key: .id) var id: UUID?
    @Field(key: "version_id") var versionID: UUID
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "level") var level: String
    @OptionalField(key: "parent_code") var parentCode: String?
    /// GeoJSON MultiPolygon coordinates: `[[[[lon, lat], …], hole…], …]`.
    @Field(key: "coordinates") var coordinates: String
    @Field(key: "centroid_lon") var centroidLon: Double
    @Field(key: "centroid_lat") var centroidLat: Double
    /// Square metres (approximate, equirectangular at the cell's latitude).
    @Field(key: "area_m2") var areaM2: Double
    @Field(key: "dedicated") var dedicated: Bool

    init() {}
}

/// A routing rule: orders of `categoryCode` (a minor category, or a major one for all its minors)
/// located in `areaCode` (a cell of any level, or nil for anywhere) go to `unitID`. Rules are tried
/// by `position`; the first match wins; without a match the category's default unit is used.
final class RoutingRuleModel: Model, @unchecked Sendable {
    static let schema = "routing_rules"

    @ID(key: .id) var id: UUID?
    @Field(key: "position") var position: Int
    @Field(key: "category_code") var categoryCode: String
    @OptionalField(key: "area_code") var areaCode: String?
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "note") var note: String
    @Field(key: "active") var active: Bool
    @Field(key: "updated_at") var updatedAt: Date
    /// Comma-separated unit codes: matching orders go to this claim pool (抢单) instead of `unit_id`,
    /// which receives them when nobody claims them in time.
    @OptionalField(key: "pool_units") var poolUnits: String?

    init() {}
}
