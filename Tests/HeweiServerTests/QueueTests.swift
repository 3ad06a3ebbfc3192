import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// The review queues (objections, extension requests, follow-up calls): who sees what, in which
/// order, with the request's reason, and that a decision takes the order out of the queue.
@Suite(.serialized) struct QueueTests {
    typealias Entries = Page<QueuesController.EntryDTO>

    @Test func objectionsAndExtensionsQueueForTheDispatcherWithTheirReasons() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            // an empty queue is an empty page, not an error
            #expect(try await t.get("/api/v1/queues/objections", as: dispatcher, Entries.self).total == 0)
            let first = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let second = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            t.clock.advance(by: 600)
            try await t.act(second.code, "object", ActionInput(note: "该路段由综合执法局管理"), as: zjj)
            t.clock.advance(by: 600)
            try await t.act(first.code, "object", ActionInput(note: "非本单位职责"), as: zjj)
            // oldest request first, with who asked, when and why
            let objections = try await t.get("/api/v1/queues/objections", as: dispatcher, Entries.self)
            #expect(objections.items.map(\.order.code) == [second.code, first.code])
            #expect(objections.items.first?.reason == "该路段由综合执法局管理")
            #expect(objections.items.first?.decisions == ["approveObjection", "rejectObjection"])
            #expect(objections.items.first?.requestedAt == testStart.addingTimeInterval(600))
            // a decision takes the order out of the queue
            try await t.act(second.code, "rejectObjection", ActionInput(note: "路灯维护属住建局职责"), as: dispatcher)
            #expect(try await t.get("/api/v1/queues/objections", as: dispatcher, Entries.self).items.map(\.order.code) == [first.code])
            // extension requests, with the time asked for
            try await t.act(second.code, "requestExtension", ActionInput(note: "需协调供电公司", extension: "3 working days"), as: zjj)
            let extensions = try await t.get("/api/v1/queues/extensions", as: dispatcher, Entries.self)
            #expect(extensions.items.map(\.order.code) == [second.code])
            #expect(extensions.items.first?.extensionAsked == "3 working days" && extensions.items.first?.reason == "需协调供电公司")
            // the unit that asked does not work the queues; a bad queue name is a 400
            try await t.send(.GET, "/api/v1/queues/objections", as: zjj, expect: .forbidden)
            try await t.send(.GET, "/api/v1/queues/everything", as: dispatcher, expect: .badRequest)
            // the page shows the same, and links to the order where the decision forms are
            let page = try await get(t, "/console/queues/extensions", try await signIn(t, "dispatcher")).body.string
            #expect(page.contains("href=\"/console/orders/\(second.code)\"") && page.contains("需协调供电公司"))
            #expect(try await get(t, "/console/queues/objections", try await signIn(t, "h-zjj")).status == .forbidden)
        }
    }

    @Test func repliedOrdersQueueForTheFollowUpCall() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), followup = try await t.login("followup")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            try await t.act(order.code, "signFor", as: zjj)
            try await t.act(order.code, "report", ActionInput(note: "已更换灯泡"), as: zjj)
            try await t.act(order.code, "reply", ActionInput(reply: "路灯已修复，感谢反映"), as: dispatcher)
            let calls = try await t.get("/api/v1/queues/followUps", as: followup, Entries.self)
            #expect(calls.items.map(\.order.code) == [order.code])
            #expect(calls.items.first?.reason == "路灯已修复，感谢反映")
            // the phone in the queue is masked like everywhere else
            #expect(calls.items.first?.order.requesterPhone == "138****1234")
            try await t.act(order.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: followup)
            #expect(try await t.get("/api/v1/queues/followUps", as: followup, Entries.self).total == 0)
            let html = try await get(t, "/console/queues/followUps", try await signIn(t, "followup")).body.string
            #expect(html.contains("队列已清空"))
        }
    }
}

@Suite(.serialized) struct DuplicateSuggestionTests {
    @Test func similarRequestsNearbyAreSuggestedAndOthersAreNot() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            var first = TestApp.hotlineRequest()
            first.content = "小区门口路灯不亮。"
            var second = TestApp.hotlineRequest()
            second.content = "门口的路灯一直不亮。"
            second.longitude = 116.9905   // ~45 m east
            var noise = TestApp.hotlineRequest()
            noise.content = "楼下饭店油烟很大。"
            let a = try #require(try await t.intake(first, as: clerk))
            let b = try #require(try await t.intake(second, as: clerk))
            _ = try #require(try await t.intake(noise, as: clerk))
            let found = try await t.get("/api/v1/orders/\(a.code)/duplicates", as: dispatcher, [OrdersController.DuplicateDTO].self)
            #expect(found.map(\.order.code) == [b.code])
            #expect((found.first?.similarity ?? 0) >= 0.3 && (found.first?.distanceMeters ?? 1000) < 60)
            // outside a 10 m radius it is not a candidate
            #expect(try await t.get("/api/v1/orders/\(a.code)/duplicates?radius=10", as: dispatcher, [OrdersController.DuplicateDTO].self).isEmpty)
            // the order page shows the candidate to the dispatcher
            let html = try await get(t, "/console/orders/\(a.code)", try await signIn(t, "dispatcher")).body.string
            #expect(html.contains("可能重复的工单") && html.contains("href=\"/console/orders/\(b.code)\""))
        }
    }
}

@Suite struct PagerTests {
    @Test func aPagerLinksOnlyToPagesThatExist() {
        #expect(HTML.pager(page: 1, per: 20, total: 20, lang: .zh) { "?page=\($0)" } == "")
        let first = HTML.pager(page: 1, per: 20, total: 41, lang: .en) { "?page=\($0)" }
        #expect(first.contains("Page 1 of 3") && first.contains("href=\"?page=2\"") && !first.contains("rel=\"prev\""))
        let last = HTML.pager(page: 3, per: 20, total: 41, lang: .zh) { "?page=\($0)" }
        #expect(last.contains("第 3 / 3 页") && last.contains("href=\"?page=2\"") && !last.contains("rel=\"next\""))
    }
}
