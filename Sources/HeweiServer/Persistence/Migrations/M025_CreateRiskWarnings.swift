import Fluent
import SQLKit

/// Risk early warnings (issue 7) and the stored risk rules (the last set the administrator put).
struct M025_CreateRiskWarnings: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RiskWarningModel.schema)
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("subject", .string, .required)
            .field("explanation", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("open_key", .string)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("order_code", .string)
            .field("raised_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .field("handled_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .unique(on: "open_key")
            .unique(on: "dedupe_key")
            .create()
        try await database.schema("risk_rule_sets")
            .field("id", .int, .identifier(auto: false))
            .field("rules", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "risk_warnings_raised").on(RiskWarningModel.schema).column("raised_at").run()
        try await sql.create(index: "risk_warnings_state").on(RiskWarningModel.schema).column("state").column("raised_at").run()
        // Repeat callers and escalation risk look orders up by requester phone within a window.
        try await sql.create(index: "idx_work_orders_phone").on(WorkOrderModel.schema).column("requester_phone").column("created_at").run()
    }

    func revert(on database: Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "idx_work_orders_phone").run()
        try await database.schema("risk_rule_sets").delete()
        try await database.schema(RiskWarningModel.schema).delete()
    }
}
