import Foundation
import NIOCore
import SQLKit
import Vapor

/// Moves SQLite's WAL into the database file every few seconds from a reader connection, so that
/// the writer's commits never pay for a checkpoint. PASSIVE: it never blocks the writer.
final class WalCheckpointer: LifecycleHandler, @unchecked Sendable {
    let interval: TimeAmount
    private var task: RepeatedTask?

    init(interval: TimeAmount = .seconds(2)) { self.interval = interval }

    func didBoot(_ app: Application) throws {
        let logger = app.logger
        let gate = app.hewei.gate
        Task { await gate.leaveCheckpointsToBackground() }
        task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: interval, delay: interval) { _ in
            app.eventLoopGroup.any().makeFutureWithTask {
                do {
                    try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(PASSIVE)").run()
                } catch {
                    logger.warning("WAL checkpoint failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        task?.cancel()
    }
}
