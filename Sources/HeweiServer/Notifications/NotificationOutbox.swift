import Fluent
import Foundation
import HeweiCore

/// What a resident is told about.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    /// 受理: the order was registered.
    case accepted
    /// 回复: the order was answered.
    case replied
    /// 办结: the order was closed (also an enquiry answered at once).
    case closed
}

/// How a notification leaves the platform.
public enum NotificationChannel: String, Sendable, CaseIterable, Codable {
    case sms, webhook, log
}

/// `pending` (not tried yet), `sending` (claimed by one delivery, until its lease runs out),
/// `failed` (the last attempt failed; tried again at `next_attempt_at`), `sent`, `dead` (gave up).
enum NotificationStatus: String, Sendable, CaseIterable {
    case pending, sending, failed, sent, dead

    /// The statuses a delivery may claim once `next_attempt_at` has passed (`sending`: a lease
    /// that ran out because its instance died mid-send).
    static let claimable: [String] = [Self.pending.rawValue, Self.failed.rawValue, Self.sending.rawValue]
}

/// One message to a resident in the outbox (`notifications`), written in the transaction of the
/// event that causes it and delivered later by `NotificationDelivery`.
final class NotificationModel: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    /// The order event (its `seq`) that caused the message.
    @Field(key: "event_seq") var eventSeq: Int
    @Field(key: "kind") var kind: String
    @Field(key: "channel") var channel: String
    /// The requester's phone, sealed with the field cipher (`enc:v1:…`); never stored in clear.
    @Field(key: "recipient") var recipient: String
    @Field(key: "text") var text: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}
}

/// Builds the outbox rows of order events. The workflow calls `OrderWorkflow.notification(…)` (in
/// memory, for the intake batch) or `notify(…)` (stored in the caller's transaction).
enum NotificationOutbox {
    /// What the workflow needs to write a row: the cipher that seals the recipient and the channel
    /// the deployment delivers through.
    struct Settings: Sendable {
        let cipher: FieldCipher
        let channel: NotificationChannel
    }

    /// The message text: Chinese, short, the order code and the tracking code — no other personal data.
    static func text(_ kind: NotificationKind, code: String, trackingCode: String?) -> String {
        let query = trackingCode.map { "，查询码\($0)" } ?? ""
        switch kind {
        case .accepted: return "【和为贵】您的诉求已受理，编号\(code)\(query)。"
        case .replied: return "【和为贵】您的诉求已答复，编号\(code)\(query)。如有疑问请致电12345。"
        case .closed: return "【和为贵】您的诉求已办结，编号\(code)\(query)。感谢您的支持。"
        }
    }

    /// The row for one event of `order`, or nil when the requester cannot be reached (anonymous, no phone).
    static func make(_ kind: NotificationKind, for order: WorkOrderModel, eventSeq: Int, at now: Date,
                     settings: Settings) throws -> NotificationModel? {
        let phone = order.requesterPhone.trimmingCharacters(in: .whitespaces)
        guard !order.anonymous, !phone.isEmpty, let orderID = order.id else { return nil }
        let row = NotificationModel()
        row.id = OrderedID.make()
        row.orderID = orderID
        row.eventSeq = eventSeq
        row.kind = kind.rawValue
        row.channel = settings.channel.rawValue
        row.recipient = try settings.cipher.seal(phone)
        row.text = text(kind, code: order.code, trackingCode: order.trackingCode)
        row.status = NotificationStatus.pending.rawValue
        row.attempts = 0
        row.nextAttemptAt = now
        row.createdAt = now
        return row
    }
}

extension OrderWorkflow {
    /// The outbox row an event of `order` writes (`seq`: the event's number), not yet stored; nil
    /// for a requester who cannot be reached.
    func notification(_ kind: NotificationKind, for order: WorkOrderModel, seq: Int) throws -> NotificationModel? {
        guard let settings = notifications else {
            throw HeweiError.internalFailure("this workflow has no notification settings (make it with HeweiContext.workflow(on:))")
        }
        return try NotificationOutbox.make(kind, for: order, eventSeq: seq, at: now, settings: settings)
    }

    /// Stores the outbox row of the event being recorded (`order.version` numbers it) in the caller's transaction.
    func notify(_ kind: NotificationKind, _ order: WorkOrderModel, on db: any Database) async throws {
        try await notification(kind, for: order, seq: order.version)?.create(on: db)
    }
}
