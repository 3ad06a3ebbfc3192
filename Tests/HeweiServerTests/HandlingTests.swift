import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Handling in depth, through the API, on SQLite and PostgreSQL: the claim pool (抢单), joint
/// handling (联办), supervision notices and their escalation (督办), follow-up attempts (回访) and
/// merging duplicates (并单).
@Suite struct HandlingTests {
    typealias Handling = HandlingController.HandlingDTO

    func handling(_ t: TestApp, _ code: String, as h: HTTPHeaders) async throws -> Handling {
        try await t.get("/api/v1/orders/\(code)/handling", as: h, Handling.self)
    }

    func status(_ t: TestApp, _ path: String, as h: HTTPHeaders) async throws -> HTTPStatus {
        var s: HTTPStatus = .internalServerError
        try await t.app.testing().test(.GET, path, headers: h, afterResponse: { s = $0.status })
        return s
    }

    // MARK: - claim pool

    @Test func thePoolIsSeenByEligibleUnitsAndTheFirstClaimWins() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), zhzf = try await t.login("h-zhzf"), rsj = try await t.login("h-rsj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            // bad input changes nothing: one unit is not a pool, an unknown unit is named
            try await t.act(order.code, "pool", ActionInput(units: ["ZJJ"]), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "pool", ActionInput(units: ["ZJJ", "NOPE"]), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "pool", ActionInput(units: ["ZJJ", "ZJJ"]), as: dispatcher, expect: .badRequest)
            #expect(try await t.order(order.code, as: clerk).state == "accepted")
            try await t.act(order.code, "pool", ActionInput(note: "住建、执法职责交叉", units: ["ZJJ", "ZHZF"]), as: dispatcher)
            #expect(try await t.order(order.code, as: dispatcher).state == "pooled")
            // the eligible units see it in their pool queue; another unit does not see it at all
            let queue = try await t.get("/api/v1/queues/pool", as: zjj, HeweiServer.Page<QueuesController.EntryDTO>.self)
            #expect(queue.items.map(\.order.code) == [order.code])
            #expect(try await t.order(order.code, as: zhzf).allowedActions == ["claim"])
            #expect(try await status(t, "/api/v1/orders/\(order.code)", as: rsj) == .notFound)
            // the first claim wins; the second is refused, naming the state the order is now in
            let won = try await t.act(order.code, "claim", ActionInput(note: "我局负责"), as: zjj)
            #expect(won.contains("\"leadUnit\":\"ZJJ\""))
            let refused = try await t.act(order.code, "claim", as: zhzf, expect: .conflict)
            #expect(refused.contains("state 'handling'"))
            let h = try await handling(t, order.code, as: dispatcher)
            #expect(h.mode == "pool")
            #expect(Set(h.pool.map { "\($0.unit)=\($0.status)" }) == ["ZJJ=claimed", "ZHZF=lost"])
            // the losing unit still sees the outcome but can do nothing; the winner handles it with a running clock
            #expect(try await t.order(order.code, as: zhzf).allowedActions.isEmpty)
            #expect(try await t.get("/api/v1/queues/pool", as: zhzf, HeweiServer.Page<QueuesController.EntryDTO>.self).total == 0)
            let clocks = try await t.deadlines(order.code, as: zjj)
            #expect(clocks.first { $0.kind == "claim" }?.status == "met")
            #expect(clocks.contains { $0.kind == "handling" && $0.status == "open" })
            let events = try await t.timeline(order.code, as: dispatcher).map(\.action)
            #expect(events == ["accept", "pool", "claim"])
        }
    }

    @Test func anUnclaimedPoolIsDispatchedByTheRulesWhenItsTimeRunsOut() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            try await t.act(order.code, "pool", ActionInput(units: ["ZJJ", "HBJ"], window: "1 hours"), as: dispatcher)
            t.clock.advance(by: 1800)
            #expect(try await t.sweep().poolsDispatched == 0)
            t.clock.advance(by: 3600)
            #expect(try await t.sweep().poolsDispatched == 1)
            #expect(try await t.sweep().poolsDispatched == 0)
            let after = try await t.order(order.code, as: dispatcher)
            #expect(after.state == "dispatched")
            #expect(after.leadUnit == "ZJJ")  // category 0106's default unit
            let last = try #require(try await t.timeline(order.code, as: dispatcher).last)
            #expect(last.action == "dispatch" && last.actorRole == "system" && last.data["automatic"] == "true")
            #expect(try await handling(t, order.code, as: dispatcher).pool.allSatisfy { $0.status == "expired" })
        }
    }

    @Test func aHundredSimultaneousClaimsHaveExactlyOneWinner() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            let units = Array(t.app.hewei.org.all.filter { $0.kind == "department" || $0.level == "town" }.prefix(25))
            try await t.act(order.code, "pool", ActionInput(units: units.map(\.code)), as: dispatcher)
            // 100 handlers, four in each eligible unit, claim at the same moment
            let claimers = (0..<100).map { i in
                Principal(id: UUID(), username: "claimer\(i)", name: "抢单人\(i)", role: .unitHandler, unitID: units[i % units.count].id)
            }
            let workflow = t.app.hewei.workflow(on: t.app.db)
            let results = try await withThrowingTaskGroup(of: Result<UUID?, HeweiError>.self) { group in
                for p in claimers {
                    group.addTask {
                        do { return .success(try await workflow.perform(.claim, on: order.id, input: ActionInput(), by: p).leadUnitID) }
                        catch let e as HeweiError { return .failure(e) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            let refusals = results.compactMap { r -> HeweiError? in if case let .failure(e) = r { return e } else { return nil } }
            #expect(refusals.count == 99)
            #expect(refusals.allSatisfy { $0.status == .conflict && $0.reason.contains("'claim' is not allowed in state 'handling'") })
            let after = try await t.order(order.code, as: dispatcher)
            #expect(after.state == "handling" && after.leadUnit == units.first { $0.id == winners[0] }?.code)
            #expect(try await t.timeline(order.code, as: dispatcher).filter { $0.action == "claim" }.count == 1)
            let pool = try await handling(t, order.code, as: dispatcher).pool
            #expect(pool.filter { $0.status == "claimed" }.count == 1 && pool.filter { $0.status == "lost" }.count == 24)
        }
    }

    @Test func aRoutingRuleCanSendMatchingOrdersToAPool() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin"), clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let rule = #"{"categoryCode":"0106","unit":"ZJJ","note":"路灯：住建、执法抢单","poolUnits":["ZJJ","ZHZF"]}"#
            _ = try await t.send(.POST, "/api/v1/routing-rules", as: admin, body: #"{"categoryCode":"0106","unit":"ZJJ","note":"x","poolUnits":["ZJJ"]}"#,
                                 expect: .badRequest)
            _ = try await t.send(.POST, "/api/v1/routing-rules", as: admin, body: rule, expect: .created)
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            #expect(order.state == "pooled" && order.leadUnit == nil)
            let h = try await handling(t, order.code, as: dispatcher)
            #expect(Set(h.pool.map(\.unit)) == ["ZJJ", "ZHZF"] && h.pool.allSatisfy { $0.status == "open" })
            #expect(try await t.timeline(order.code, as: dispatcher).map(\.action) == ["accept", "pool"])
            try await t.act(order.code, "claim", as: try await t.login("h-zhzf"))
            #expect(try await t.order(order.code, as: dispatcher).leadUnit == "ZHZF")
            // a named unit is still dispatched directly
            #expect(try await t.intake(TestApp.hotlineRequest(dispatchTo: "ZJJ"), as: clerk)?.state == "dispatched")
        }
    }

    // MARK: - joint handling

    @Test func theLeadReportsOnlyWhenEveryAssistingUnitReportedOrWasWaived() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), zhzf = try await t.login("h-zhzf"), hbj = try await t.login("h-hbj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))  // → ZJJ (lead)
            try await t.act(order.code, "addAssisting", ActionInput(units: ["ZJJ"]), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "addAssisting", ActionInput(note: "涉及执法、环保", units: ["ZHZF", "HBJ"]), as: dispatcher)
            try await t.act(order.code, "addAssisting", ActionInput(units: ["ZHZF"]), as: dispatcher, expect: .badRequest)
            // an assisting unit sees the order and does its part
            #expect(try await t.order(order.code, as: zhzf).allowedActions.contains("assistSignFor"))
            #expect(try await t.order(order.code, as: zjj).allowedActions.contains("assistSignFor") == false)
            try await t.act(order.code, "assistSignFor", as: zhzf)
            try await t.act(order.code, "assistReport", ActionInput(note: "已清理占道杂物，配合维修"), as: zhzf)
            try await t.act(order.code, "assistReport", ActionInput(note: "再报"), as: zhzf, expect: .conflict)
            // the lead cannot report while HBJ has not
            try await t.act(order.code, "signFor", as: zjj)
            let blocked = try await t.act(order.code, "report", ActionInput(note: "已修复路灯"), as: zjj, expect: .conflict)
            #expect(blocked.contains("HBJ") && !blocked.contains("ZHZF"))
            // the dispatcher waives HBJ's report with a reason; then the lead reports
            try await t.act(order.code, "waiveAssist", ActionInput(note: "x", unit: "NOPE"), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "waiveAssist", ActionInput(note: "环保无需参与", unit: "HBJ"), as: dispatcher)
            try await t.act(order.code, "assistReport", ActionInput(note: "迟到的反馈"), as: hbj, expect: .conflict)
            try await t.act(order.code, "report", ActionInput(note: "已修复路灯"), as: zjj)
            let h = try await handling(t, order.code, as: dispatcher)
            #expect(h.mode == "joint")
            #expect(Set(h.assisting.map { "\($0.unit)=\($0.status)" }) == ["ZHZF=reported", "HBJ=waived"])
            #expect(h.assisting.first { $0.unit == "ZHZF" }?.note == "已清理占道杂物，配合维修")
            let clocks = try await t.deadlines(order.code, as: dispatcher)
            #expect(clocks.filter { $0.kind == "assistSignFor" }.map(\.status).sorted() == ["cancelled", "met"])
            #expect(clocks.filter { $0.kind == "assistHandling" }.map(\.status).sorted() == ["cancelled", "met"])
            // the assisting unit keeps seeing the order it helped with
            #expect(try await t.order(order.code, as: zhzf).state == "reported")
        }
    }

    // MARK: - supervision

    @Test func anUnansweredNoticeClimbsFromTheVillageRoomToTheTownAndTheCity() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), secadmin = try await t.login("secadmin")
            let room = "370881001001", town = "370881001000", city = "370881000000"
            _ = try await t.send(.POST, "/api/v1/users", as: secadmin,
                                 body: #"{"username":"h-room","displayName":"五马祠调解室 孔梅","role":"unitHandler","unit":"\#(room)","password":"Qufu-2026-pass"}"#)
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: room), as: clerk))
            try await t.act(order.code, "signFor", as: try await t.login("h-room", password: "Qufu-2026-pass"))
            // the handling clock runs out: one automatic notice, held by the room itself, to be answered by it
            t.clock.advance(by: 9 * 86_400)
            _ = try await t.sweep()
            var notices = try await handling(t, order.code, as: try await t.login("dispatcher")).notices
            #expect(notices.map { "\($0.kind)@\($0.level):\($0.holder ?? "")→\($0.respondent ?? "")" } == ["automatic@village:\(room)→\(room)"])
            // unanswered: it escalates to the town, then to the city, then stays overdue at the top
            for _ in 0..<3 {
                t.clock.advance(by: 4 * 86_400)
                _ = try await t.sweep()
            }
            // (tokens last 12 hours: sign in again after moving the clock by days)
            let dispatcher = try await t.login("dispatcher"), supervisor = try await t.login("supervisor")
            let roomHandler = try await t.login("h-room", password: "Qufu-2026-pass")
            notices = try await handling(t, order.code, as: dispatcher).notices
            #expect(notices.map { "\($0.level)=\($0.status)" } == ["village=escalated", "town=escalated", "city=overdue"])
            #expect(notices.map(\.holder) == [room, town, city])
            #expect(notices.allSatisfy { $0.respondent == room })
            #expect(notices[1].escalatedFrom == notices[0].id && notices[2].escalatedFrom == notices[1].id)
            #expect(try await t.sweep().noticesEscalated == 0)
            // a manual notice by the supervisor (city level) is answered by the room and leaves the queue
            try await t.act(order.code, "supervise", ActionInput(note: "请尽快办理"), as: supervisor)
            let queue = try await t.get("/api/v1/supervision", as: roomHandler, HeweiServer.Page<HandlingController.NoticeDTO>.self)
            #expect(queue.items.count == 1 && queue.items[0].kind == "manual" && queue.items[0].level == "city")
            try await t.act(order.code, "respondSupervision", ActionInput(note: "已安排维修，明日完成"), as: roomHandler)
            #expect(try await t.get("/api/v1/supervision", as: roomHandler, HeweiServer.Page<HandlingController.NoticeDTO>.self).total == 0)
            let answered = try await t.get("/api/v1/supervision?status=answered", as: supervisor, HeweiServer.Page<HandlingController.NoticeDTO>.self)
            #expect(answered.items.map(\.response) == ["已安排维修，明日完成"])
            try await t.act(order.code, "respondSupervision", ActionInput(note: "再答"), as: roomHandler, expect: .conflict)
            let supervise = try await t.timeline(order.code, as: dispatcher).filter { $0.action == "supervise" }
            #expect(supervise.count == 5)  // automatic, two escalations, overdue at the top, manual
            #expect(try await t.order(order.code, as: dispatcher).supervisionCount == 4)  // four notices
        }
    }

    @Test func aLowerLevelEscalatesAMatterAndTheLevelAboveAnswers() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let town = "370881001000"
            let townHandler = try await t.login("h-\(town)"), townDispatcher = try await t.login("d-\(town)")
            let zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: town), as: clerk))
            try await t.act(order.code, "signFor", as: townHandler)
            try await t.act(order.code, "escalate", as: townHandler, expect: .badRequest)  // a reason is required
            try await t.act(order.code, "escalate", ActionInput(note: "涉及多个部门，镇街无法协调"), as: townHandler)
            // a department at the top level has nowhere to escalate to
            let dept = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: "ZJJ"), as: clerk))
            try await t.act(dept.code, "escalate", ActionInput(note: "x"), as: zjj, expect: .conflict)
            let notice = try #require(try await handling(t, order.code, as: dispatcher).notices.first)
            #expect(notice.kind == "escalation" && notice.level == "city" && notice.respondent == "370881000000")
            // the town's own dispatcher cannot answer for the city; the city's dispatcher can
            try await t.act(order.code, "respondSupervision", ActionInput(note: "x"), as: townDispatcher, expect: .conflict)
            try await t.act(order.code, "respondSupervision", ActionInput(note: "已协调住建局协办", notice: notice.id), as: dispatcher)
            try await t.act(order.code, "addAssisting", ActionInput(units: ["ZJJ"]), as: dispatcher)
            #expect(try await handling(t, order.code, as: dispatcher).notices.first?.status == "answered")
        }
    }

    // MARK: - follow-up

    func replied(_ t: TestApp) async throws -> (code: String, dispatcher: HTTPHeaders, agent: HTTPHeaders, handler: HTTPHeaders) {
        let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
        let agent = try await t.login("followup"), handler = try await t.login("h-zjj")
        let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
        try await t.act(order.code, "signFor", as: handler)
        try await t.act(order.code, "report", ActionInput(note: "已修复"), as: handler)
        try await t.act(order.code, "reply", ActionInput(reply: "路灯已修复"), as: handler)
        return (order.code, dispatcher, agent, handler)
    }

    @Test func threeUnansweredCallsMakeTheRequesterUnreachable() async throws {
        try await withApp { t in
            let (code, dispatcher, agent, _) = try await replied(t)
            try await t.act(code, "recordFollowUp", ActionInput(satisfaction: "unreachable"), as: agent, expect: .badRequest)
            for attempt in 1...2 {
                try await t.act(code, "followUpAttempt", ActionInput(note: "第\(attempt)次无人接听"), as: agent)
                #expect(try await t.order(code, as: agent).state == "replied")
            }
            try await t.act(code, "followUpAttempt", ActionInput(note: "第3次无人接听"), as: agent)
            let after = try await t.order(code, as: agent)
            #expect(after.state == "followedUp" && after.followUp?.satisfaction == "unreachable")
            let tail = try await t.timeline(code, as: dispatcher).suffix(4)
            #expect(tail.map(\.action) == ["followUpAttempt", "followUpAttempt", "followUpAttempt", "recordFollowUp"])
            #expect(tail.map { $0.data["attempt"] ?? "" } == ["1", "2", "3", ""])
            try await t.act(code, "followUpAttempt", as: agent, expect: .conflict)
            // unreachable is not a reason to redo: the order can be closed
            try await t.act(code, "close", ActionInput(note: "三次未接通，按规定办结"), as: dispatcher)
        }
    }

    @Test func stillUnsatisfiedAfterARedoBringsSupervision() async throws {
        try await withApp { t in
            let (code, dispatcher, agent, handler) = try await replied(t)
            try await t.act(code, "recordFollowUp", ActionInput(resolved: false, satisfaction: "unsatisfied"), as: agent)
            #expect(try await handling(t, code, as: dispatcher).notices.isEmpty)  // round 1: redo, no supervision yet
            try await t.act(code, "redo", ActionInput(note: "群众反映仍不亮"), as: dispatcher)
            try await t.act(code, "signFor", as: handler)
            try await t.act(code, "report", ActionInput(note: "更换灯具"), as: handler)
            try await t.act(code, "reply", ActionInput(reply: "已更换灯具"), as: handler)
            try await t.act(code, "recordFollowUp", ActionInput(resolved: false, satisfaction: "unsatisfied"), as: agent)
            let notices = try await handling(t, code, as: dispatcher).notices
            #expect(notices.count == 1 && notices[0].kind == "automatic" && notices[0].respondent == "ZJJ" && notices[0].round == 2)
            let last = try #require(try await t.timeline(code, as: dispatcher).last)
            #expect(last.action == "supervise" && last.actorRole == "system" && last.fromState == "followedUp")
        }
    }

    // MARK: - merge

    @Test func mergedRequestersAreAnsweredWithTheParentAndUnmergeIsLogged() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let handler = try await t.login("h-zjj"), agent = try await t.login("followup")
            let parent = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let child = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            let other = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            try await t.act(child.code, "merge", ActionInput(note: "同一路灯", parent: child.code), as: dispatcher, expect: .badRequest)
            try await t.act(child.code, "merge", ActionInput(note: "同一路灯", parent: "370881-20990101-000001"), as: dispatcher, expect: .badRequest)
            try await t.act(child.code, "merge", ActionInput(note: "同一路灯", parent: parent.code), as: dispatcher)
            try await t.act(other.code, "merge", ActionInput(note: "同一路灯", parent: child.code), as: dispatcher, expect: .badRequest)
            try await t.act(other.code, "merge", ActionInput(note: "同一路灯", parent: parent.code), as: dispatcher)
            #expect(try await handling(t, parent.code, as: dispatcher).children.map(\.code) == [child.code, other.code])
            #expect(try await handling(t, child.code, as: dispatcher).parent?.code == parent.code)
            // unmerge: back to accepted, waiting for a dispatcher; logged with the parent's code
            try await t.act(other.code, "unmerge", ActionInput(note: "核实为另一处路灯"), as: dispatcher)
            #expect(try await t.order(other.code, as: dispatcher).state == "accepted")
            #expect(try await t.timeline(other.code, as: dispatcher).last?.data["parent"] == parent.code)
            // the parent's reply answers the merged requester, whose own follow-up then runs
            try await t.act(parent.code, "signFor", as: handler)
            try await t.act(parent.code, "report", ActionInput(note: "已修复"), as: handler)
            try await t.act(parent.code, "reply", ActionInput(reply: "路灯已修复"), as: handler)
            let answered = try await t.order(child.code, as: dispatcher)
            #expect(answered.state == "replied" && answered.reply == "路灯已修复")
            #expect(try await t.deadlines(child.code, as: dispatcher).contains { $0.kind == "followUp" && $0.status == "open" })
            try await t.act(child.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: agent)
            #expect(try await t.timeline(child.code, as: dispatcher).map(\.action) == ["accept", "merge", "reply", "recordFollowUp"])
            #expect(try await t.order(other.code, as: dispatcher).state == "accepted")
        }
    }

    // MARK: - pages

    @Test func thePoolSupervisionAndOrderPagesShowWhatTheUserMayDo() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), supervisor = try await t.login("supervisor")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(dispatchTo: nil), as: clerk))
            // the dispatcher pools it from the order page: a multiple select of units posted as units[]
            let desk = try await signIn(t, "dispatcher")
            let form = try await get(t, "/console/orders/\(order.code)", desk).body.string
            #expect(form.contains("name=\"units[]\" multiple"))
            let pooled = try await post(t, "/console/orders/\(order.code)/actions/pool", ["units[]": "ZJJ"], desk)
            #expect(pooled.status == .badRequest)  // one unit is not a pool
            try await t.act(order.code, "pool", ActionInput(units: ["ZJJ", "ZHZF"]), as: dispatcher)
            // the eligible unit's pool queue lists it and the order page offers the claim
            let handler = try await signIn(t, "h-zhzf")
            let queue = try await get(t, "/console/queues/pool", handler).body.string
            #expect(queue.contains("href=\"/console/orders/\(order.code)\""))
            let detail = try await get(t, "/console/orders/\(order.code)", handler).body.string
            #expect(detail.contains("action=\"/console/orders/\(order.code)/actions/claim\""))
            #expect(detail.contains("抢单池") && detail.contains("可抢单"))
            let claimed = try await post(t, "/console/orders/\(order.code)/actions/claim", ["note": "我局负责"], handler)
            #expect(claimed.status == .seeOther)
            // a supervision notice shows on the supervision page of the unit that must answer, with the answer form on the order
            try await t.act(order.code, "supervise", ActionInput(note: "请三日内处理完毕"), as: supervisor)
            let board = try await get(t, "/console/supervision", handler).body.string
            #expect(board.contains("请三日内处理完毕") && board.contains("href=\"/console/orders/\(order.code)\""), "\(board)")
            #expect(try await get(t, "/console/supervision?status=answered", handler).body.string.contains("没有此状态的督办单"))
            let answer = try await get(t, "/console/orders/\(order.code)", handler).body.string
            #expect(answer.contains("action=\"/console/orders/\(order.code)/actions/respondSupervision\""))
            // roles that do not supervise get no supervision link
            #expect(try await get(t, "/console/orders", try await signIn(t, "clerk")).body.string.contains("/console/supervision") == false)
        }
    }
}
