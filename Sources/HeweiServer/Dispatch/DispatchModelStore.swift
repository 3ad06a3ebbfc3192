import Fluent
import Foundation
import HeweiCore
import NIOConcurrencyHelpers
import Vapor

/// The active dispatch-suggestion model in memory. Loaded when the server boots (see
/// `DispatchModelWarmUp`) or on first use, replaced at once after a retrain on this instance, and
/// checked against the table at most once a minute, so that a retrain on another instance is taken
/// up without reading the model JSON per request.
public final class DispatchModelStore: @unchecked Sendable {
    struct Active: Sendable {
        let id: UUID
        let generation: Int
        let trainedAt: Date
        let threshold: Double
        let category: TextClassifier
        let unit: TextClassifier

        init(_ r: DispatchModelRecord) throws {
            id = try r.requireID()
            generation = r.generation
            trainedAt = r.trainedAt
            threshold = r.threshold
            category = try DispatchClassifierBuilder.decode(r.categoryModel)
            unit = try DispatchClassifierBuilder.decode(r.unitModel)
        }
    }

    static let recheck: TimeInterval = 60
    private let lock = NIOLock()
    private var active: Active?
    private var checkedAt: Date?

    init() {}

    func set(_ model: Active) {
        lock.withLock { if (active?.generation ?? 0) <= model.generation { active = model } }
    }

    /// The active model, or nil when none has been trained.
    func current(on db: any Database, now: Date) async throws -> Active? {
        let (cached, due): (Active?, Bool) = lock.withLock {
            (active, checkedAt.map { now < $0 || now.timeIntervalSince($0) >= Self.recheck } ?? true)
        }
        guard due else { return cached }
        let newest = try await DispatchModelRecord.query(on: db).sort(\.$generation, .descending)
            .field(\.$id).field(\.$generation).first()
        lock.withLock { checkedAt = now }
        guard let newest, newest.generation != cached?.generation else { return cached }
        guard let row = try await DispatchModelRecord.find(newest.id, on: db) else { return cached }
        let loaded = try Active(row)
        set(loaded)
        return loaded
    }
}

/// Loads the model when the server starts, so that the first clerk does not wait for it.
struct DispatchModelWarmUp: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        do {
            _ = try await app.hewei.dispatch.current(on: app.db, now: app.hewei.clock.now())
        } catch {
            app.logger.error("dispatch model not loaded", metadata: ["error": "\(error)"])
        }
    }
}
