import Fluent
import Foundation

/// One training of the dispatch-suggestion model: its held-out figures and both classifiers as JSON.
/// Rows are only ever added; the highest `generation` is the model in use.
final class DispatchModelRecord: Model, @unchecked Sendable {
    static let schema = "dispatch_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "generation") var generation: Int
    @Field(key: "trained_at") var trainedAt: Date
    @Field(key: "trained_by") var trainedBy: String
    /// Closed orders used for the category classifier (those with a lead unit train the unit one).
    @Field(key: "samples") var samples: Int
    @Field(key: "unit_samples") var unitSamples: Int
    /// Held-out orders (every 5th) the figures were measured on.
    @Field(key: "tested") var tested: Int
    @Field(key: "unit_tested") var unitTested: Int
    @Field(key: "category_accuracy") var categoryAccuracy: Double
    @Field(key: "category_top3") var categoryTop3: Double
    @Field(key: "unit_accuracy") var unitAccuracy: Double
    @Field(key: "unit_top3") var unitTop3: Double
    @Field(key: "threshold") var threshold: Double
    /// `[DispatchCategoryAccuracy]` as JSON.
    @Field(key: "per_category") var perCategory: String
    /// `TextClassifier` as JSON (trained on all samples).
    @Field(key: "category_model") var categoryModel: String
    @Field(key: "unit_model") var unitModel: String

    init() {}

    /// The newest training, or nil before the first.
    static func newest(on db: any Database) async throws -> DispatchModelRecord? {
        try await query(on: db).sort(\.$generation, .descending).first()
    }

    /// Figures only (no classifier JSON), newest first.
    static func history(limit: Int, on db: any Database) async throws -> [DispatchModelRecord] {
        try await query(on: db).sort(\.$generation, .descending).limit(limit)
            .field(\.$id).field(\.$generation).field(\.$trainedAt).field(\.$trainedBy).field(\.$samples).field(\.$unitSamples)
            .field(\.$tested).field(\.$unitTested).field(\.$categoryAccuracy).field(\.$categoryTop3).field(\.$unitAccuracy)
            .field(\.$unitTop3).field(\.$threshold).field(\.$perCategory).all()
    }
}
