import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// raised → acknowledged → handled with notes and events; the rules' GET and PUT.
@Suite(.serialized) struct RiskLifecycleTests {
    @Test func aWarningIsAcknowledgedThenHandledAndIllegalActionsAre409() async throws {
        try await withApp { t in
            try await t.intake(TestApp.riskRequest("有人扬言要报复"), as: try await t.login("clerk"))
            let dispatcher = try await t.login("dispatcher")
            let code = try #require(try await t.warnings(as: dispatcher).items.first?.code)
            let base = "/api/v1/risk/warnings/\(code)/actions/"
            #expect(try await t.post(base + "acknowledge", [:], as: dispatcher).0 == .badRequest)
            #expect(try await t.post(base + "acknowledge", ["note": "已联系属地派出所"], as: dispatcher).0 == .ok)
            let (status, body) = try await t.post(base + "acknowledge", ["note": "again"], as: dispatcher)
            #expect(status == .conflict)
            #expect(body.contains("handle"))
            #expect(try await t.post(base + "handle", ["note": "已稳控"], as: dispatcher).0 == .ok)
            #expect(try await t.post(base + "handle", ["note": "again"], as: dispatcher).0 == .conflict)
            #expect(try await t.post(base + "dance", ["note": "x"], as: dispatcher).0 == .badRequest)
            let w = try await t.get("/api/v1/risk/warnings/\(code)", as: dispatcher, RiskWarningDTO.self)
            #expect(w.state == "handled")
            #expect(w.events?.map(\.action) == ["raise", "acknowledge", "handle"])
            #expect(w.events?.last?.note == "已稳控")
            #expect(try await t.warnings("state=handled", as: dispatcher).total == 1)
            #expect(try await t.warnings("state=raised", as: dispatcher).total == 0)
        }
    }

    @Test func othersMayNotSeeOrActOnWarnings() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            var status: HTTPResponseStatus = .ok
            try await t.app.testing().test(.GET, "/api/v1/risk/warnings", headers: clerk) { status = $0.status }
            #expect(status == .forbidden)
        }
    }

    static func put(_ t: TestApp, _ rules: RiskRules, note: String = "调整", as headers: HTTPHeaders) async throws -> HTTPResponseStatus {
        var status: HTTPResponseStatus = .internalServerError
        try await t.app.testing().test(.PUT, "/api/v1/risk/rules", beforeRequest: { req in
            req.headers = headers
            try req.content.encode(RiskController.RulesInput(rules: rules, note: note))
        }, afterResponse: { status = $0.status })
        return status
    }

    @Test func badRulesAreRefusedAndChangeNothing() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin")
            let before = try await t.get("/api/v1/risk/rules", as: try await t.login("leader"), RiskRules.self)
            #expect(before.words.contains { $0.text == "跳楼" })
            var bad = before
            bad.spike.falseAlarmRate = 0
            #expect(try await Self.put(t, bad, as: admin) == .badRequest)
            bad = before
            bad.words.append(.init(text: "跳楼", kind: "selfHarm"))
            #expect(try await Self.put(t, bad, as: admin) == .badRequest)
            #expect(try await Self.put(t, before, note: "", as: admin) == .badRequest)
            #expect(try await Self.put(t, before, as: try await t.login("leader")) == .forbidden)
            #expect(t.context.risk.current == before)
            #expect(try await RiskRulesStore.stored(on: t.app.db) == nil)
        }
    }

    @Test func newRulesApplyAtOnceAndAreRecorded() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin")
            var rules = t.context.risk.current
            rules.words.append(.init(text: "烧房子", kind: "violence"))
            #expect(try await Self.put(t, rules, as: admin) == .ok)
            #expect(try await RiskRulesStore.stored(on: t.app.db) == rules)
            #expect(try await ConfigChangeModel.query(on: t.app.db).filter(\.$subject == "risk").count() == 1)
            try await t.intake(TestApp.riskRequest("他说要烧房子"), as: try await t.login("clerk"))
            #expect(try await RiskWarningModel.query(on: t.app.db).count() == 1)
        }
    }
}
