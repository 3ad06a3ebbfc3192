import Fluent
import Foundation
import HeweiCore
import Logging

/// Delivers the outbox: claims each due row (compare-and-set, so with several server instances each
/// row is claimed by one), opens the recipient, sends through the adapter and records the outcome.
/// A failed attempt is retried after 1, 2, 4, 8 … minutes; the 8th failure makes the row `dead`.
/// At least once: a send whose outcome was never recorded (the instance died) is retried when its
/// lease runs out. Runs after each deadline sweep (`SweeperLifecycle`); tests call `run(now:)`.
struct NotificationDelivery {
    let db: any Database
    let gate: WriteGate
    let cipher: FieldCipher
    let adapter: any NotificationAdapter
    let logger: Logger
    /// Rows looked at per run.
    var batch = 50

    static let maximumAttempts = 8
    /// How long a claimed row is left to its delivery before another may take it over (far longer
    /// than an adapter's timeout).
    static let lease: TimeInterval = 300

    /// The wait after failed attempt `n` (1-based): 1, 2, 4, 8 … minutes.
    static func backoff(afterAttempt n: Int) -> TimeInterval {
        60 * pow(2, Double(max(0, n - 1)))
    }

    struct Report: Sendable, Equatable {
        var sent = 0
        var failed = 0
        var dead = 0
    }

    @discardableResult
    func run(now: Date) async throws -> Report {
        var report = Report()
        let due = try await NotificationRepository.due(before: now, limit: batch, on: db)
        guard !due.isEmpty else { return report }
        let ids = Array(Set(due.map(\.orderID)))
        var codes: [UUID: String] = [:]
        for order in try await WorkOrderModel.query(on: db).filter(\.$id ~~ ids).field(\.$id).field(\.$code).all() {
            if let id = order.id { codes[id] = order.code }
        }
        for row in due {
            guard let id = row.id else { continue }
            let claimed = try await db.write(gate: gate) { db in
                try await NotificationRepository.claim(id, now: now, leaseUntil: now.addingTimeInterval(Self.lease), on: db)
            }
            guard let attempt = claimed else { continue }
            var phone = ""
            do {
                phone = try cipher.open(row.recipient)
                let message = NotificationMessage(order: codes[row.orderID] ?? "", kind: NotificationKind(rawValue: row.kind) ?? .accepted,
                                                  text: row.text, recipient: phone)
                try await adapter.send(message)
            } catch {
                let reason = Self.describe(error, phone: phone)
                let retryAt = attempt >= Self.maximumAttempts ? nil : now.addingTimeInterval(Self.backoff(afterAttempt: attempt))
                _ = try await db.write(gate: gate) { db in
                    try await NotificationRepository.markFailed(id, attempt: attempt, error: reason, retryAt: retryAt, at: now, on: db)
                }
                if retryAt == nil { report.dead += 1 } else { report.failed += 1 }
                logger.warning("notification attempt failed", metadata: [
                    "notification": "\(id)", "attempt": "\(attempt)", "error": "\(reason)", "dead": "\(retryAt == nil)",
                ])
                continue
            }
            // Sent. Should this write fail, the lease runs out and the message is sent again (at least once).
            _ = try await db.write(gate: gate) { db in
                try await NotificationRepository.markSent(id, attempt: attempt, at: now, on: db)
            }
            report.sent += 1
        }
        return report
    }

    /// The error as stored on the row: short, and never with the phone in clear.
    static func describe(_ error: any Error, phone: String) -> String {
        var text = error is NotificationSendError ? "\(error)" : String(describing: error)
        if !phone.isEmpty {
            let masked = Masking.phone(phone)
            for form in [phone, SMSGatewayAdapter.encode(phone)] { text = text.replacingOccurrences(of: form, with: masked) }
        }
        return String(text.prefix(500))
    }
}
