import Fluent
import Foundation
import HeweiCore
import Vapor

/// `GET /api/v1/orders/{key}/notifications`: what the order's requester was (or will be) sent, with
/// the delivery state; the recipient masked like phones everywhere. Same scope as the order.
struct NotificationsController: RouteCollection {
    struct NotificationDTO: Content {
        var id: UUID
        /// The order event (its number in the timeline) that caused the message.
        var eventSeq: Int
        var kind: String
        var channel: String
        var recipient: String
        var text: String
        var status: String
        var attempts: Int
        /// When the next attempt is due (`pending`, `failed`) or the current claim runs out (`sending`).
        var nextAttemptAt: Date?
        var lastError: String?
        var createdAt: Date
        var sentAt: Date?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("orders", ":key", "notifications", use: list)
    }

    func list(req: Request) async throws -> [NotificationDTO] {
        let (_, order) = try await OrdersController().load(req)
        let cipher = req.hewei.cipher
        return try await NotificationRepository.of(order: order.id!, on: req.db).map { n in
            let open = [NotificationStatus.pending.rawValue, NotificationStatus.failed.rawValue, NotificationStatus.sending.rawValue]
            let phone = (try? cipher.open(n.recipient)).map(Masking.phone) ?? "***"
            return NotificationDTO(id: n.id!, eventSeq: n.eventSeq, kind: n.kind, channel: n.channel, recipient: phone, text: n.text,
                                   status: n.status, attempts: n.attempts, nextAttemptAt: open.contains(n.status) ? n.nextAttemptAt : nil,
                                   lastError: n.lastError, createdAt: n.createdAt, sentAt: n.sentAt)
        }
    }
}
