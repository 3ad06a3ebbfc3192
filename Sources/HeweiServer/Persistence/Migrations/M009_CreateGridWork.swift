import Fluent
import SQLKit

/// Grid workers' assignments to cells, their patrols and the findings of a patrol.
struct M009_CreateGridWork: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(GridAssignmentModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("cell_code", .string, .required)
            .field("kind", .string, .required)
            .field("active", .bool, .required)
            .field("assigned_at", .datetime, .required)
            .field("assigned_by", .string, .required)
            .create()
        try await database.schema(PatrolModel.schema)
            .id()
            .field("worker_id", .uuid, .required, .references(UserModel.schema, "id"))
            .field("worker_name", .string, .required)
            .field("cell_code", .string, .required)
            .field("note", .string, .required)
            .field("track", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        try await database.schema(PatrolFindingModel.schema)
            .id()
            .field("patrol_id", .uuid, .required, .references(PatrolModel.schema, "id"))
            .field("at", .datetime, .required)
            .field("text", .string, .required)
            .field("category_code", .string)
            .field("longitude", .double)
            .field("latitude", .double)
            .field("order_code", .string)
            .field("reported_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_grid_assignments_cell").on(GridAssignmentModel.schema).column("cell_code").run()
        try await sql.create(index: "idx_grid_assignments_user").on(GridAssignmentModel.schema).column("user_id").run()
        try await sql.create(index: "idx_patrols_worker").on(PatrolModel.schema).column("worker_id").column("started_at").run()
        try await sql.create(index: "idx_patrol_findings_patrol").on(PatrolFindingModel.schema).column("patrol_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(PatrolFindingModel.schema).delete()
        try await database.schema(PatrolModel.schema).delete()
        try await database.schema(GridAssignmentModel.schema).delete()
    }
}
