import Fluent
import SQLKit

/// The notification outbox (`notifications`): one row per message to a resident, written in the
/// transaction of the order event that causes it, delivered (and retried) by `NotificationDelivery`.
struct M016_CreateNotifications: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(NotificationModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(WorkOrderModel.schema, "id"))
            .field("event_seq", .int, .required)
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "idx_notifications_due").on(NotificationModel.schema).column("status").column("next_attempt_at").run()
        try await sql.create(index: "idx_notifications_order").on(NotificationModel.schema).column("order_id").run()
    }

    func revert(on database: Database) async throws {
        try await database.schema(NotificationModel.schema).delete()
    }
}
