import Fluent
import Foundation
import SQLKit

/// Inserts the rows of a new order — the order, its events, its clocks and its notifications — as
/// multi-row statements with explicit columns. Intake is the hottest write path and runs inside the single
/// SQLite writer, so it avoids the per-row reflection of Fluent's `create`. Values are bound
/// through the database's own encoder, so the rows read back through Fluent exactly as if Fluent
/// had written them (same SQL on SQLite and PostgreSQL).
enum OrderRowsRepository {
    static func insert(order o: WorkOrderModel, events: [OrderEventModel], deadlines: [DeadlineModel],
                       notifications: [NotificationModel] = [], on db: any Database) async throws {
        try await insert([OrderRows(order: o, events: events, deadlines: deadlines, notifications: notifications)], on: db)
    }

    /// Rows of many orders; statements are split so that none binds more than ~8,000 values.
    static func insert(_ rows: [OrderRows], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await insertChunked(sql, WorkOrderModel.schema, orderColumns, rows.map { orderValues($0.order) })
        try await insertChunked(sql, OrderEventModel.schema, eventColumns, rows.flatMap { $0.events.map(eventValues) })
        try await insertChunked(sql, DeadlineModel.schema, deadlineColumns, rows.flatMap { $0.deadlines.map(deadlineValues) })
        try await insertChunked(sql, NotificationModel.schema, notificationColumns, rows.flatMap { $0.notifications.map(notificationValues) })
        for warning in rows.flatMap(\.riskWarnings) { try await RiskWarningBook.raise(warning, on: db) }
    }

    /// Multi-row INSERTs of `values` (one array per row), split to stay under ~8,000 binds each.
    static func insertChunked(_ sql: any SQLDatabase, _ table: String, _ columns: [String],
                                      _ values: [[any SQLExpression]]) async throws {
        let perStatement = max(1, 8000 / columns.count)
        var start = 0
        while start < values.count {
            var insert = sql.insert(into: table).columns(columns)
            for row in values[start..<min(values.count, start + perStatement)] { insert = insert.values(row) }
            try await insert.run()
            start += perStatement
        }
    }

    private static func bind<T: Encodable & Sendable>(_ v: T?) -> any SQLExpression {
        v.map { SQLBind($0) } ?? SQLLiteral.null
    }

    static let orderColumns = [
        "id", "code", "channel", "channel_ref", "request_kind", "category_code", "urgency", "longitude", "latitude",
        "address", "requester_name", "requester_phone", "anonymous", "content", "lead_unit_id", "state", "suspended",
        "round", "light", "due_at", "reply", "follow_up_resolved", "follow_up_satisfaction", "supervision_count",
        "version", "idempotency_key", "created_by", "intake_unit_id", "cell_micro", "cell_small", "cell_medium",
        "cell_large", "created_at", "updated_at", "closed_at", "tracking_code", "public_consent",
    ]

    private static func orderValues(_ o: WorkOrderModel) -> [any SQLExpression] {
        [bind(o.id), bind(o.code), bind(o.channel), bind(o.channelRef), bind(o.requestKind), bind(o.categoryCode),
         bind(o.urgency), bind(o.longitude), bind(o.latitude), bind(o.address), bind(o.requesterName),
         bind(o.requesterPhone), bind(o.anonymous), bind(o.content), bind(o.leadUnitID), bind(o.state),
         bind(o.suspended), bind(o.round), bind(o.light), bind(o.dueAt), bind(o.reply), bind(o.followUpResolved),
         bind(o.followUpSatisfaction), bind(o.supervisionCount), bind(o.version), bind(o.idempotencyKey),
         bind(o.createdBy), bind(o.intakeUnitID), bind(o.cellMicro), bind(o.cellSmall), bind(o.cellMedium),
         bind(o.cellLarge), bind(o.createdAt), bind(o.updatedAt), bind(o.closedAt), bind(o.trackingCode), bind(o.publicConsent)]
    }

    static let eventColumns = [
        "id", "order_id", "seq", "action", "actor_id", "actor_name", "actor_role", "actor_unit_id", "target_unit_id",
        "at", "note", "from_state", "to_state", "data",
    ]

    private static func eventValues(_ e: OrderEventModel) -> [any SQLExpression] {
        [bind(e.id), bind(e.orderID), bind(e.seq), bind(e.action), bind(e.actorID), bind(e.actorName), bind(e.actorRole),
         bind(e.actorUnitID), bind(e.targetUnitID), bind(e.at), bind(e.note), bind(e.fromState), bind(e.toState), bind(e.data)]
    }

    static let deadlineColumns = [
        "id", "order_id", "kind", "round", "started_at", "time_limit", "extensions", "pauses", "warn_at", "due_at",
        "status", "light", "stopped_at",
    ]

    private static func deadlineValues(_ d: DeadlineModel) -> [any SQLExpression] {
        [bind(d.id), bind(d.orderID), bind(d.kind), bind(d.round), bind(d.startedAt), bind(d.timeLimit), bind(d.extensions),
         bind(d.pauses), bind(d.warnAt), bind(d.dueAt), bind(d.status), bind(d.light), bind(d.stoppedAt)]
    }

    static let notificationColumns = [
        "id", "order_id", "event_seq", "kind", "channel", "recipient", "text", "status", "attempts", "next_attempt_at",
        "last_error", "created_at", "sent_at",
    ]

    private static func notificationValues(_ n: NotificationModel) -> [any SQLExpression] {
        [bind(n.id), bind(n.orderID), bind(n.eventSeq), bind(n.kind), bind(n.channel), bind(n.recipient), bind(n.text),
         bind(n.status), bind(n.attempts), bind(n.nextAttemptAt), bind(n.lastError), bind(n.createdAt), bind(n.sentAt)]
    }
}
