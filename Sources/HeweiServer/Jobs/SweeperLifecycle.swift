import Foundation
import NIOCore
import Vapor

/// Runs the deadline sweeper every few seconds while the server runs; stops with the application.
final class SweeperLifecycle: LifecycleHandler, @unchecked Sendable {
    let interval: TimeInterval
    private var task: RepeatedTask?

    init(interval: TimeInterval) { self.interval = interval }

    func didBoot(_ app: Application) throws {
        let logger = app.logger
        task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(1),
                                                                    delay: .milliseconds(Int64(interval * 1000))) { _ in
            app.eventLoopGroup.any().makeFutureWithTask {
                do {
                    try await app.hewei.sweeper(on: app.db, logger: logger).sweep(now: app.hewei.clock.now())
                } catch {
                    logger.error("deadline sweep failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                // Residents' notifications (the outbox), after the sweep; failures never stop the sweeper.
                do {
                    try await app.hewei.delivery(on: app.db, logger: logger).run(now: app.hewei.clock.now())
                } catch {
                    logger.error("notification delivery failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }

    func shutdown(_ app: Application) {
        task?.cancel()
    }
}
