import Fluent
import SQLKit

struct M006_CreateGrid: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(GridVersionModel.schema)
            .id()
            .field("imported_at", .datetime, .required)
            .field("actor_name", .string, .required)
            .field("note", .string, .required)
            .field("cell_count", .int, .required)
            .field("active", .bool, .required)
            .create()
        try await database.schema(GridCellModel.schema)
            .id()
            .field("version_id", .uuid, .required, .references(GridVersionModel.schema, "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_code", .string)
            .field("coordinates", .string, .required)
            .field("centroid_lon", .double, .required)
            .field("centroid_lat", .double, .required)
            .field("area_m2", .double, .required)
            .field("dedicated", .bool, .required)
            .unique(on: "version_id", "code")
            .create()
        try await database.schema(RoutingRuleModel.schema)
            .id()
            .field("position", .int, .required)
            .field("category_code", .string, .required)
            .field("area_code", .string)
            .field("unit_id", .uuid, .required, .references(UnitModel.schema, "id"))
            .field("note", .string, .required)
            .field("active", .bool, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_grid_cells_parent").on(GridCellModel.schema).column("version_id").column("parent_code").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RoutingRuleModel.schema).delete()
        try await database.schema(GridCellModel.schema).delete()
        try await database.schema(GridVersionModel.schema).delete()
    }
}
