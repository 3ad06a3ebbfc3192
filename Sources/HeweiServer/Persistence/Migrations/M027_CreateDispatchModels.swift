import Fluent
import SQLKit

/// Trained dispatch-suggestion models (issue 7): one row per training, never deleted; the row with
/// the highest generation is the active model.
struct M027_CreateDispatchModels: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(DispatchModelRecord.schema)
            .id()
            .field("generation", .int, .required)
            .field("trained_at", .datetime, .required)
            .field("trained_by", .string, .required)
            .field("samples", .int, .required)
            .field("unit_samples", .int, .required)
            .field("tested", .int, .required)
            .field("unit_tested", .int, .required)
            .field("category_accuracy", .double, .required)
            .field("category_top3", .double, .required)
            .field("unit_accuracy", .double, .required)
            .field("unit_top3", .double, .required)
            .field("threshold", .double, .required)
            .field("per_category", .string, .required)
            .field("category_model", .string, .required)
            .field("unit_model", .string, .required)
            .unique(on: "generation")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(DispatchModelRecord.schema).delete()
    }
}
