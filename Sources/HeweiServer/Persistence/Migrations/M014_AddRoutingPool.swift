import Fluent

/// A routing rule may send matching orders to a claim pool (抢单) of several units instead of one
/// unit; the rule's own unit receives the order when nobody claims it in time.
struct M014_AddRoutingPool: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(RoutingRuleModel.schema).field("pool_units", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(RoutingRuleModel.schema).deleteField("pool_units").update()
    }
}
