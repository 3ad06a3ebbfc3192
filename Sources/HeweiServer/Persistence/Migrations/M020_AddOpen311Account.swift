import Fluent

/// An Open311 client's `account_id` is kept with the request (the order's channel reference is the
/// request's own reference, which makes a repeated request one order); a category says whether it
/// accepts anonymous requests (nil: it does).
struct M020_AddOpen311Account: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Open311RequestModel.schema).field("account_id", .string).update()
        try await database.schema(CategoryModel.schema).field("allows_anonymous", .bool).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(CategoryModel.schema).deleteField("allows_anonymous").update()
        try await database.schema(Open311RequestModel.schema).deleteField("account_id").update()
    }
}
