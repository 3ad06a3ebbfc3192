import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Trains the dispatch-suggestion model from the deployment's own closed work orders: request text
/// → category, and request text → lead unit. Every 5th order (newest first) is held out to measure
/// accuracy and top-3 accuracy; then both classifiers are trained on all of them and stored as a new
/// row of `dispatch_models`, which becomes the active model.
public enum DispatchTraining {
    public static let defaultThreshold = 0.6
    /// The newest closed orders used; older ones add little and slow training down.
    public static let sampleCap = 50_000
    static let every = 5
    static let minimumSamples = 10
    static let thresholds: ClosedRange<Double> = 0.05...0.99

    struct Sample {
        var text: String
        var category: String
        var unit: String?
    }

    /// What a training measured, for the CLI and the API.
    public struct Report: Sendable {
        public let generation: Int
        public let trainedAt: Date
        public let samples: Int
        public let unitSamples: Int
        public let tested: Int
        public let unitTested: Int
        public let categoryAccuracy: Double
        public let categoryTop3: Double
        public let unitAccuracy: Double
        public let unitTop3: Double
        public let threshold: Double
        public let seconds: Double
    }

    /// The newest closed orders, cleaned of personal numbers.
    static func samples(on db: any Database, org: OrgDirectory, cap: Int = sampleCap) async throws -> [Sample] {
        let rows = try await (db as! any SQLDatabase).select()
            .column("content").column("category_code").column("lead_unit_id")
            .from(WorkOrderModel.schema)
            .where("state", .equal, WorkOrderState.closed.rawValue)
            .orderBy("closed_at", .descending).orderBy("code", .descending)
            .limit(cap).all()
        return try rows.compactMap { row in
            let text = DispatchText.clean(try row.decode(column: "content", as: String.self))
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            let unit = try row.decode(column: "lead_unit_id", as: UUID?.self).flatMap { org.unit($0)?.code }
            return Sample(text: text, category: try row.decode(column: "category_code", as: String.self), unit: unit)
        }
    }

    /// Held-out figures for one classifier: trained on the kept samples, tested on the held-out ones.
    static func heldOut(train: [(text: String, label: String)], test: [(text: String, label: String)],
                        builder: DispatchClassifierBuilder) throws -> (accuracy: Double, top3: Double, rows: [String: (Int, Int, Int)]) {
        let model = try builder.build(train)
        var rows: [String: (tested: Int, correct: Int, top3: Int)] = [:]
        var correct = 0, top3 = 0
        for s in test {
            let guesses = model.suggest(s.text, top: 3)
            let hit = guesses.first?.label == s.label, near = guesses.contains { $0.label == s.label }
            if hit { correct += 1 }
            if near { top3 += 1 }
            let r = rows[s.label] ?? (0, 0, 0)
            rows[s.label] = (r.tested + 1, r.correct + (hit ? 1 : 0), r.top3 + (near ? 1 : 0))
        }
        let n = Double(max(1, test.count))
        return (test.isEmpty ? 0 : Double(correct) / n, test.isEmpty ? 0 : Double(top3) / n, rows.mapValues { ($0.tested, $0.correct, $0.top3) })
    }

    /// Trains both classifiers (no database access); the row is not saved yet.
    static func train(_ samples: [Sample], threshold: Double, at now: Date, by name: String,
                      builder: DispatchClassifierBuilder = DispatchClassifierBuilder()) throws -> DispatchModelRecord {
        let categories = samples.map { (text: $0.text, label: $0.category) }
        guard categories.count >= minimumSamples, Set(categories.map(\.label)).count >= 2 else {
            throw HeweiError.conflict("not enough closed orders to train on: \(categories.count) (at least \(minimumSamples), in two categories or more)")
        }
        let held = samples.indices.filter { $0 % every == 0 }
        let isHeld = Set(held)
        let units = samples.indices.compactMap { i in samples[i].unit.map { (i, (text: samples[i].text, label: $0)) } }
        let cat = try heldOut(train: categories.indices.filter { !isHeld.contains($0) }.map { categories[$0] },
                              test: held.map { categories[$0] }, builder: builder)
        let unitTest = units.filter { isHeld.contains($0.0) }.map(\.1)
        let unit = try heldOut(train: units.filter { !isHeld.contains($0.0) }.map(\.1), test: unitTest, builder: builder)
        let perCategory = cat.rows.keys.sorted().map { code in
            let r = cat.rows[code]!
            return DispatchCategoryAccuracy(code: code, tested: r.0, correct: r.1, inTop3: r.2)
        }
        let record = DispatchModelRecord()
        record.id = UUID()
        record.trainedAt = now
        record.trainedBy = name
        record.samples = categories.count
        record.unitSamples = units.count
        record.tested = held.count
        record.unitTested = unitTest.count
        (record.categoryAccuracy, record.categoryTop3) = (cat.accuracy, cat.top3)
        (record.unitAccuracy, record.unitTop3) = (unit.accuracy, unit.top3)
        record.threshold = threshold
        record.perCategory = try DispatchClassifierBuilder.encode(perCategory)
        let allUnits = units.map(\.1)
        record.categoryModel = try DispatchClassifierBuilder.encode(try builder.build(categories))
        record.unitModel = try DispatchClassifierBuilder.encode(try builder.build(allUnits))
        return record
    }

    /// Trains now, stores the model as the newest row (recorded as a configuration change) and
    /// makes it the active one. `threshold` nil keeps the active model's (or the default).
    public static func run(app: Application, threshold: Double?, note: String?, by actor: Principal = .system) async throws -> Report {
        if let threshold, !(threshold.isFinite && thresholds.contains(threshold)) {
            throw HeweiError.invalidField("threshold", "must be a number from \(thresholds.lowerBound) to \(thresholds.upperBound)")
        }
        let context = app.hewei
        let started = Date()
        let now = context.clock.now()
        let previous = try await DispatchModelRecord.history(limit: 1, on: app.db).first
        let record = try train(try await samples(on: app.db, org: context.org),
                               threshold: threshold ?? previous?.threshold ?? defaultThreshold, at: now, by: actor.name)
        try await app.db.write(gate: context.gate) { db in
            let top = try await DispatchModelRecord.query(on: db).max(\.$generation) ?? 0
            record.generation = top + 1
            try await record.create(on: db)
            try await ConfigChangeModel.record("dispatch model", before: previous.map(Self.describe) ?? "none", after: Self.describe(record),
                                               note: note ?? "retrained", by: actor, at: now, on: db)
        }
        context.dispatch.set(try DispatchModelStore.Active(record))
        return Report(generation: record.generation, trainedAt: now, samples: record.samples, unitSamples: record.unitSamples,
                      tested: record.tested, unitTested: record.unitTested, categoryAccuracy: record.categoryAccuracy,
                      categoryTop3: record.categoryTop3, unitAccuracy: record.unitAccuracy, unitTop3: record.unitTop3,
                      threshold: record.threshold, seconds: Date().timeIntervalSince(started))
    }

    static func describe(_ r: DispatchModelRecord) -> String {
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        return "generation \(r.generation), \(r.samples) orders, category \(pct(r.categoryAccuracy)) (top-3 \(pct(r.categoryTop3))), "
            + "unit \(pct(r.unitAccuracy)) (top-3 \(pct(r.unitTop3))), threshold \(r.threshold)"
    }

    /// The active model's figures, for `hewei dispatch-model show`; nil before the first training.
    public static func activeSummary(app: Application) async throws -> String? {
        try await DispatchModelRecord.history(limit: 1, on: app.db).first.map { "\(describe($0)), trained \($0.trainedAt) by \($0.trainedBy)" }
    }
}

/// One category's held-out figures.
struct DispatchCategoryAccuracy: Codable, Sendable, Hashable {
    var code: String
    var tested: Int
    var correct: Int
    var inTop3: Int
}
