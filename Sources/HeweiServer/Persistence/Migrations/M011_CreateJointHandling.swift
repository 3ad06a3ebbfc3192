import Fluent
import SQLKit

/// Handling in depth: the units taking part in an order besides its lead (assisting units of joint
/// handling, eligible units of a claim pool), supervision notices with their own clocks, merged
/// orders' parent, and which participant or notice a clock belongs to.
struct M011_CreateJointHandling: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(OrderUnitModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("unit_id", .uuid, .required, .references(UnitModel.schema, "id"))
            .field("role", .string, .required)
            .field("round", .int, .required)
            .field("status", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("note", .string)
            .unique(on: "order_id", "unit_id", "role", "round")
            .create()
        try await database.schema(SupervisionNoticeModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("round", .int, .required)
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("holder_unit_id", .uuid, .required, .references(UnitModel.schema, "id"))
            .field("respondent_unit_id", .uuid, .required, .references(UnitModel.schema, "id"))
            .field("reason", .string, .required)
            .field("issued_by", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("due_at", .datetime)
            .field("status", .string, .required)
            .field("response", .string)
            .field("responded_at", .datetime)
            .field("responded_by", .string)
            .field("escalated_from_id", .uuid)
            .create()
        try await database.schema(DeadlineModel.schema).field("ref_id", .uuid).update()
        try await database.schema(WorkOrderModel.schema).field("parent_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_order_units_order").on(OrderUnitModel.schema).column("order_id").run()
        try await sql.create(index: "idx_order_units_unit").on(OrderUnitModel.schema).column("unit_id").column("status").run()
        try await sql.create(index: "idx_notices_order").on(SupervisionNoticeModel.schema).column("order_id").run()
        try await sql.create(index: "idx_notices_status").on(SupervisionNoticeModel.schema).column("status").column("issued_at").run()
        try await sql.create(index: "idx_work_orders_parent").on(WorkOrderModel.schema).column("parent_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(WorkOrderModel.schema).deleteField("parent_id").update()
        try await database.schema(DeadlineModel.schema).deleteField("ref_id").update()
        try await database.schema(SupervisionNoticeModel.schema).delete()
        try await database.schema(OrderUnitModel.schema).delete()
    }
}
