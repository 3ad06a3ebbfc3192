import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A test adapter: fails its first `failures` calls, records every message and counts calls.
final class FakeNotificationAdapter: NotificationAdapter, @unchecked Sendable {
    let channel: NotificationChannel = .sms
    private let lock = NSLock()
    private var failuresLeft: Int
    private var _calls = 0
    private var _sent: [NotificationMessage] = []

    init(failures: Int = 0) { failuresLeft = failures }

    var calls: Int { lock.withLock { _calls } }
    var sent: [NotificationMessage] { lock.withLock { _sent } }

    func send(_ message: NotificationMessage) async throws {
        // Let other tasks run between claiming and sending, as a real network call would.
        await Task.yield()
        let fail: Bool = lock.withLock {
            _calls += 1
            if failuresLeft > 0 { failuresLeft -= 1; return true }
            _sent.append(message)
            return false
        }
        await Task.yield()
        if fail { throw NotificationSendError("gateway said no to \(message.recipient)") }
    }
}

/// Issue 6, item 7: notifications to residents through an outbox.
@Suite(.serialized) struct NotificationTests {
    func rows(_ t: TestApp, order code: String? = nil) async throws -> [NotificationModel] {
        var query = NotificationModel.query(on: t.app.db)
        if let code {
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == code).first())
            query = query.filter(\.$orderID == order.id!)
        }
        return try await query.sort(\.$createdAt).sort(\.$eventSeq).all()
    }

    func deliver(_ t: TestApp, _ adapter: any NotificationAdapter) async throws -> NotificationDelivery.Report {
        try await t.context.delivery(on: t.app.db, logger: t.app.logger, adapter: adapter).run(now: t.clock.now())
    }

    // MARK: - written with the event

    @Test func anIntakeWithAPhoneWritesOnePendingAcceptedNotificationWithTheOrder() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let written = try await rows(t, order: order.code)
            try #require(written.count == 1)
            let n = written[0]
            #expect(n.kind == "accepted" && n.status == "pending" && n.attempts == 0 && n.eventSeq == 1)
            #expect(n.channel == "log", "the demo's log adapter is the default")
            #expect(n.text.hasPrefix("【和为贵】您的诉求已受理") && n.text.contains(order.code))
            #expect(!n.text.contains("张三") && !n.text.contains("1381234"), "no personal data in the text")
            #expect(n.createdAt == t.clock.now() && n.nextAttemptAt == t.clock.now() && n.sentAt == nil)
            // the recipient is sealed in the database, and opens to the requester's phone
            let sql = t.app.db as! any SQLDatabase
            let stored = try await sql.raw("SELECT recipient FROM notifications").all().map { try $0.decode(column: "recipient", as: String.self) }
            #expect(stored.count == 1 && FieldCipher.isSealed(stored[0]) && !stored[0].contains("13812341234"))
            #expect(try t.context.cipher.open(stored[0]) == "13812341234")
            // an anonymous request notifies no one
            var anonymous = TestApp.hotlineRequest()
            anonymous.anonymous = true
            anonymous.requesterName = nil
            anonymous.requesterPhone = nil
            let hidden = try #require(try await t.intake(anonymous, as: clerk))
            #expect(try await rows(t, order: hidden.code).isEmpty)
            #expect(try await rows(t).count == 1)
        }
    }

    @Test func batchedAndUnbatchedIntakesWriteTheNotificationInTheSameTransaction() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            // intakes queued together go through the batch writer's multi-row inserts
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 { group.addTask { try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk)).code } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for code in codes {
                let written = try await rows(t, order: code)
                #expect(written.count == 1 && written.first?.kind == "accepted" && written.first?.text.contains(code) == true)
            }
            // the unbatched path (`create`): a rolled-back intake leaves neither the order nor its notification
            let workflow = t.context.workflow(on: t.app.db)
            let checked = try await workflow.validate(TestApp.hotlineRequest(), actorRole: .intakeClerk)
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                _ = try await t.app.db.write(gate: t.context.gate) { db in
                    _ = try await workflow.create(checked, key: nil, by: .system, on: db)
                    throw Abort()
                }
            }
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 6)
            #expect(try await rows(t).count == 6)
            let kept = try await t.app.db.write(gate: t.context.gate) { db in try await workflow.create(checked, key: nil, by: .system, on: db) }
            #expect(try await rows(t, order: kept.code).map(\.kind) == ["accepted"])
            // a tracking code (the portal's 查询码) is in the text
            let tracked = try await workflow.intake(TestApp.hotlineRequest(), by: .system, idempotencyKey: nil, trackingCode: "K7Q2M9").order
            #expect(try await rows(t, order: tracked.code).first?.text == "【和为贵】您的诉求已受理，编号\(tracked.code)，查询码K7Q2M9。")
        }
    }

    @Test func replyAndCloseWriteTheirNotifications() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let handler = try await t.login("h-zjj"), followup = try await t.login("followup")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: handler)
            try await t.act(order.code, "report", ActionInput(note: "已更换灯泡"), as: handler)
            #expect(try await rows(t, order: order.code).count == 1, "working on it tells the resident nothing")
            try await t.act(order.code, "reply", ActionInput(reply: "路灯已修复，感谢反映"), as: dispatcher)
            try await t.act(order.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: followup)
            try await t.act(order.code, "close", as: dispatcher)
            let written = try await rows(t, order: order.code)
            #expect(written.map(\.kind) == ["accepted", "replied", "closed"])
            let timeline = try await t.timeline(order.code, as: dispatcher)
            let seqOf = { (action: String) in timeline.first { $0.action == action }?.seq }
            #expect(written.map(\.eventSeq) == [seqOf("accept"), seqOf("reply"), seqOf("close")].compactMap { $0 })
            #expect(!written[1].text.contains("路灯已修复"), "the reply itself is not sent")
            #expect(written.allSatisfy { FieldCipher.isSealed($0.recipient) && $0.status == "pending" })

            // an enquiry answered at once: at intake, one `closed` message; through the action, `accepted` then `closed`
            let atIntake = try #require(try await t.intake(TestApp.hotlineRequest(category: "0404", dispatchTo: nil, kind: "enquiry",
                                                                                   answer: "请到3号窗口办理。"), as: clerk))
            #expect(try await rows(t, order: atIntake.code).map(\.kind) == ["closed"])
            let later = try #require(try await t.intake(TestApp.hotlineRequest(category: "0404", dispatchTo: nil, kind: "enquiry"), as: clerk))
            try await t.act(later.code, "answerAtOnce", ActionInput(reply: "请到3号窗口办理。"), as: clerk)
            #expect(try await rows(t, order: later.code).map(\.kind) == ["accepted", "closed"])

            // the parent's reply answers each merged requester: each gets its own `replied`
            let parent = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let child = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            try await t.act(child.code, "merge", ActionInput(note: "同一路灯", parent: parent.code), as: dispatcher)
            try await t.act(parent.code, "signFor", as: handler)
            try await t.act(parent.code, "report", ActionInput(note: "已修复"), as: handler)
            try await t.act(parent.code, "reply", ActionInput(reply: "路灯已修复"), as: handler)
            #expect(try await rows(t, order: parent.code).map(\.kind) == ["accepted", "replied"])
            let childRows = try await rows(t, order: child.code)
            #expect(childRows.map(\.kind) == ["accepted", "replied"])
            #expect(childRows.last?.text.contains(child.code) == true)
        }
    }

    // MARK: - delivery

    @Test func deliverySendsAPendingNotificationAndMarksItSent() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let fake = FakeNotificationAdapter()
            #expect(try await deliver(t, fake) == .init(sent: 1))
            #expect(fake.sent == [NotificationMessage(order: order.code, kind: .accepted,
                                                      text: "【和为贵】您的诉求已受理，编号\(order.code)。", recipient: "13812341234")])
            let n = try #require(try await rows(t).first)
            #expect(n.status == "sent" && n.attempts == 1 && n.sentAt == t.clock.now() && n.lastError == nil)
            // nothing is sent twice
            t.clock.advance(by: 3600)
            #expect(try await deliver(t, fake) == .init())
            #expect(fake.calls == 1)
            // the default (log) adapter is what the server's sweeper uses
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            #expect(try await t.context.delivery(on: t.app.db, logger: t.app.logger).run(now: t.clock.now()) == .init(sent: 1))
        }
    }

    @Test func failedAttemptsBackOffExponentiallyAndTheEighthFailureIsDead() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let fake = FakeNotificationAdapter(failures: 100)
            var waits: [TimeInterval] = []
            for attempt in 1...8 {
                let report = try await deliver(t, fake)
                let n = try #require(try await rows(t).first)
                #expect(n.attempts == attempt)
                #expect(n.lastError?.contains("gateway said no") == true)
                #expect(n.lastError?.contains("13812341234") == false, "the phone is masked in the stored error")
                if attempt < 8 {
                    #expect(report == .init(failed: 1) && n.status == "failed")
                    let wait = n.nextAttemptAt.timeIntervalSince(t.clock.now())
                    waits.append(wait)
                    // not due before its time
                    t.clock.advance(by: wait - 1)
                    #expect(try await deliver(t, fake) == .init())
                    t.clock.advance(by: 1)
                } else {
                    #expect(report == .init(dead: 1) && n.status == "dead")
                }
            }
            #expect(waits == [1, 2, 4, 8, 16, 32, 64].map { TimeInterval($0 * 60) })
            t.clock.advance(by: 86_400)
            #expect(try await deliver(t, fake) == .init(), "a dead notification is not tried again")
            #expect(fake.calls == 8 && fake.sent.isEmpty)
        }
    }

    @Test func aSuccessAfterTwoFailuresLeavesOneSentNotificationWithThreeAttempts() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let fake = FakeNotificationAdapter(failures: 2)
            #expect(try await deliver(t, fake) == .init(failed: 1))
            t.clock.advance(by: 60)
            #expect(try await deliver(t, fake) == .init(failed: 1))
            t.clock.advance(by: 120)
            #expect(try await deliver(t, fake) == .init(sent: 1))
            let all = try await rows(t)
            #expect(all.count == 1)
            #expect(all.first?.status == "sent" && all.first?.attempts == 3 && all.first?.lastError == nil)
            #expect(fake.calls == 3 && fake.sent.count == 1)
        }
    }

    @Test func twoDeliveriesAtOnceSendEachNotificationOnce() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            for _ in 0..<5 { _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk)) }
            let fake = FakeNotificationAdapter()
            let reports = try await withThrowingTaskGroup(of: NotificationDelivery.Report.self) { group in
                for _ in 0..<2 { group.addTask { try await deliver(t, fake) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.map(\.sent).reduce(0, +) == 5)
            #expect(fake.calls == 5)
            #expect(Set(fake.sent.map(\.order)).count == 5)
            #expect(try await rows(t).allSatisfy { $0.status == "sent" && $0.attempts == 1 })
        }
    }

    @Test func aClaimWhoseLeaseRunsOutIsTakenOverAndTheStaleOutcomeIsIgnored() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk")
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let n = try #require(try await rows(t).first)
            // an instance claims it and dies before recording anything
            let stale = try await NotificationRepository.claim(n.id!, now: t.clock.now(),
                                                               leaseUntil: t.clock.now().addingTimeInterval(NotificationDelivery.lease), on: t.app.db)
            #expect(stale == 1)
            let fake = FakeNotificationAdapter()
            #expect(try await deliver(t, fake) == .init(), "claimed: no one else sends it")
            t.clock.advance(by: NotificationDelivery.lease)
            #expect(try await deliver(t, fake) == .init(sent: 1), "at least once: sent after the lease")
            #expect(try await NotificationRepository.markFailed(n.id!, attempt: 1, error: "late", retryAt: nil, at: t.clock.now(), on: t.app.db) == false)
            let after = try #require(try await rows(t).first)
            #expect(after.status == "sent" && after.attempts == 2)
        }
    }

    // MARK: - API, adapters, configuration

    @Test func theOrdersNotificationsAreListedMaskedInTheOrdersScope() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), hbj = try await t.login("h-hbj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let fake = FakeNotificationAdapter(failures: 1)
            _ = try await deliver(t, fake)
            let list = try await t.get("/api/v1/orders/\(order.code)/notifications", as: dispatcher, [NotificationsController.NotificationDTO].self)
            try #require(list.count == 1)
            #expect(list[0].recipient == "138****1234" && list[0].kind == "accepted" && list[0].status == "failed")
            #expect(list[0].attempts == 1 && list[0].nextAttemptAt == t.clock.now().addingTimeInterval(60))
            #expect(list[0].lastError?.contains("138****1234") == true)
            try await t.app.testing().test(.GET, "/api/v1/orders/\(order.code)/notifications", headers: hbj) { res in
                #expect(res.status == .notFound, "another unit's order is out of scope")
            }
            try await t.app.testing().test(.GET, "/api/v1/orders/370881-20990101-000009/notifications", headers: dispatcher) { res in
                #expect(res.status == .notFound)
            }
            try await t.app.testing().test(.GET, "/api/v1/orders/\(order.code)/notifications") { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func adaptersAreConfiguredFromTheEnvironment() async throws {
        #expect(NotificationAdapters.from(environment: [:]) is LogAdapter)
        #expect(NotificationAdapters.from(environment: ["HEWEI_NOTIFY": "log"]) is LogAdapter)
        let hook = try #require(NotificationAdapters.from(environment: ["HEWEI_NOTIFY": "webhook", "HEWEI_NOTIFY_URL": "https://notify.example/hook",
                                                                          "HEWEI_NOTIFY_TIMEOUT": "5"]) as? WebhookAdapter)
        #expect(hook.url == "https://notify.example/hook" && hook.timeout == 5 && hook.channel == .webhook)
        let sms = try #require(NotificationAdapters.from(environment: ["HEWEI_NOTIFY": "sms",
                                                                         "HEWEI_NOTIFY_TEMPLATE": "https://sms.example/send?to={phone}&msg={text}"]) as? SMSGatewayAdapter)
        #expect(!sms.post && sms.channel == .sms)
        let filled = sms.filled(NotificationMessage(order: "370881-20261126-000001", kind: .accepted, text: "【和为贵】已受理 a&b=c+d", recipient: "13812341234"))
        #expect(filled == "https://sms.example/send?to=13812341234&msg=%E3%80%90%E5%92%8C%E4%B8%BA%E8%B4%B5%E3%80%91%E5%B7%B2%E5%8F%97%E7%90%86%20a%26b%3Dc%2Bd")
        // a configuration that cannot work fails every attempt with the reason (and never sends in clear)
        let broken = NotificationAdapters.from(environment: ["HEWEI_NOTIFY": "webhook"])
        #expect(broken.channel == .webhook)
        await #expect(throws: NotificationSendError.self) {
            try await broken.send(NotificationMessage(order: "x", kind: .accepted, text: "t", recipient: "13812341234"))
        }
        let options = HeweiOptions(database: .sqliteMemory).withEnvironment(["HEWEI_NOTIFY": "sms", "HEWEI_NOTIFY_TEMPLATE": "http://gw/{phone}/{text}",
                                                                             "HEWEI_NOTIFY_METHOD": "post"])
        #expect((options.notifier as? SMSGatewayAdapter)?.post == true)
        #expect(HeweiOptions(database: .sqliteMemory).withEnvironment([:]).notifier is LogAdapter)
    }
}
