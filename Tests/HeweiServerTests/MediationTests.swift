import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// People's mediation through the API, on SQLite and PostgreSQL: escalation and settlement with the
/// confirmation clock, failure with advice, refusal of consent, illegal actions, masking and reveal.
@Suite struct MediationTests {
    /// A village case is escalated to its town centre and settled there with a written agreement;
    /// the judicial-confirmation window runs 30 statutory days from the agreement taking effect.
    @Test func aVillageCaseEscalatedToTheTownIsSettledWithAWrittenAgreement() async throws {
        try await withApp { t in
            let village = try await t.login("m-370881001001"), town = try await t.login("m-370881001000")
            let opened = try #require(try await t.openMediation(as: village))
            #expect(opened.state == "accepted" && opened.version == 1 && opened.centre == "370881001001")
            // duration: 30 statutory days from Thu 26 Nov; day 30 is Sat 26 Dec → end of Mon 28 Dec (UTC+8)
            #expect(opened.clocks.first { $0.kind == "duration" }?.dueAt == ISO8601DateFormatter().date(from: "2026-12-28T16:00:00Z"))
            try await t.mediate(opened.code, "assign", #"{"teamCode":"neighbourhood","mediators":["M006"]}"#, as: village)
            try await t.mediate(opened.code, "recordSession", MediationBodies.session, as: village)
            try await t.mediate(opened.code, "escalate", "{}", as: village, expect: .badRequest)
            let (up, _) = try await t.mediate(opened.code, "escalate", #"{"reason":"涉及宅基地确权，村调解室调解未果，提请街道调解"}"#, as: village)
            #expect(up?.state == "accepted" && up?.centre == "370881001000" && up?.room == "370881001000-01" && up?.mediators == [])
            #expect(up?.history.last?.data["toCentre"] == "370881001000")
            try await escalatedAndSettledAtTheTown(t, opened.code, town: town, village: village)
        }
    }

    func escalatedAndSettledAtTheTown(_ t: TestApp, _ code: String, town first: HTTPHeaders, village _: HTTPHeaders) async throws {
        try await t.mediate(code, "assign", #"{"teamCode":"land","mediators":["M005","M007"]}"#, as: first)
        try await t.mediate(code, "recordSession", MediationBodies.session, as: first)
        t.clock.advance(by: 86_400)  // Fri 27 Nov 09:00 (sessions expire: sign in again)
        let town = try await t.login("m-370881001000"), village = try await t.login("m-370881001001")
        try await t.mediate(code, "settle", #"{"kind":"writtenAgreement"}"#, as: town, expect: .badRequest)
        #expect(try await t.mediationCase(code, as: town).state == "inMediation")
        let (settled, _) = try await t.mediate(code, "settle", MediationBodies.settle(deadline: "2026-12-15T10:00:00Z"), as: town)
        let s = try #require(settled)
        #expect(s.state == "settled" && s.outcome == "writtenAgreement")
        // confirmation: from Fri 27 Nov, day 30 is Sun 27 Dec → end of Mon 28 Dec (UTC+8)
        let confirmation = try #require(s.clocks.first { $0.kind == "confirmation" })
        #expect(confirmation.dueAt == ISO8601DateFormatter().date(from: "2026-12-28T16:00:00Z") && confirmation.status == "open")
        #expect(s.clocks.first { $0.kind == "duration" }?.status == "met")
        #expect(s.clocks.first { $0.kind == "performance" }?.dueAt == ISO8601DateFormatter().date(from: "2026-12-15T10:00:00Z"))
        // the village room still sees the case it opened
        #expect(try await t.mediationCase(code, as: village).state == "settled")
        let (applied, _) = try await t.mediate(code, "applyConfirmation", #"{"court":"曲阜市人民法院"}"#, as: town)
        #expect(applied?.clocks.first { $0.kind == "confirmation" }?.status == "met")
        try await t.mediate(code, "recordConfirmation", #"{"decision":"confirmed"}"#, as: town)
        try await t.mediate(code, "close", "{}", as: town, expect: .conflict)
        try await t.mediate(code, "followUp", #"{"performed":true,"satisfaction":"satisfied","note":"已按约重砌院墙"}"#, as: town)
        let (closed, _) = try await t.mediate(code, "close", "{}", as: town)
        #expect(closed?.state == "closed")
        #expect(closed?.history.map(\.action) == ["open", "assign", "recordSession", "escalate", "assign", "recordSession", "settle",
                                                  "applyConfirmation", "recordConfirmation", "followUp", "close"])
        #expect(closed?.history.map(\.seq) == Array(1...11))
        let html = try await t.send(.GET, "/api/v1/mediation/cases/\(code)/agreement", as: town, expect: .ok).text
        for text in ["人民调解协议书", "颜世军", "2026年12月15日", "三十日内共同向人民法院申请司法确认", "人民调解委员会（印章）", "张德厚"] {
            #expect(html.contains(text), "the agreement lacks \(text)")
        }
    }

    @Test func aFailedCaseRecordsTheAdviceAndADeclinedCaseIsNotMediated() async throws {
        try await withApp { t in
            let m = try await t.login("mediator")
            let c = try #require(try await t.openMediation(TestApp.mediationOpening(room: "370881000000-01", type: "contract"), as: m))
            try await t.mediate(c.code, "assign", #"{"teamCode":"economic","mediators":["M001"]}"#, as: m)
            try await t.mediate(c.code, "recordSession", MediationBodies.session, as: m)
            try await t.mediate(c.code, "fail", #"{"advice":"nowhere","note":"x"}"#, as: m, expect: .badRequest)
            let (failed, _) = try await t.mediate(c.code, "fail", #"{"advice":"litigation","note":"双方对欠款数额分歧过大，告知可依法向人民法院起诉"}"#, as: m)
            #expect(failed?.state == "failed" && failed?.advice == "litigation" && failed?.outcome == "failed")
            #expect(failed?.allowedActions == ["close"])
            try await t.mediate(c.code, "close", "{}", as: m)
            // a party refuses: declined at once, no clock runs
            let d = try #require(try await t.openMediation(TestApp.mediationOpening(respondentConsent: false), as: m))
            #expect(d.state == "declined" && d.clocks.isEmpty && d.allowedActions.isEmpty)
            // consent asked later: one refusal declines
            let w = try #require(try await t.openMediation(TestApp.mediationOpening(respondentConsent: nil), as: m))
            #expect(w.state == "awaitingConsent" && w.clocks.isEmpty)
            let (declined, _) = try await t.mediate(w.code, "consent", #"{"party":"respondent","agrees":false}"#, as: m)
            #expect(declined?.state == "declined")
        }
    }

    @Test func anIllegalActionIsRefusedWithTheAllowedActionsAndBadInputChangesNothing() async throws {
        try await withApp { t in
            let m = try await t.login("mediator")
            let c = try #require(try await t.openMediation(as: m))
            let (_, body) = try await t.mediate(c.code, "settle", MediationBodies.settle(deadline: "2026-12-15T10:00:00Z"), as: m, expect: .conflict)
            let error = try JSONDecoder().decode(ErrorBody.self, from: Data(body.utf8)).error
            #expect(error.code == "illegal_transition" && error.state == "accepted")
            #expect(error.allowedActions == ["assign", "decline", "escalate", "convene", "conclude"])
            try await t.mediate(c.code, "assign", #"{"teamCode":"neighbourhood","mediators":["NOPE"]}"#, as: m, expect: .badRequest)
            try await t.mediate(c.code, "nonsense", "{}", as: m, expect: .notFound)
            let after = try await t.mediationCase(c.code, as: m)
            #expect(after.version == 1 && after.state == "accepted" && after.history.count == 1)
            try await t.openMediation(#"{"source":"workOrder","sourceRef":"NO-SUCH","disputeType":"family","summary":"家庭赡养纠纷事实","applicant":{"name":"甲","kind":"person"},"respondent":{"name":"乙","kind":"person"},"applicantConsent":true,"respondentConsent":true}"#,
                                      as: m, expect: .badRequest)
            try await t.openMediation(TestApp.mediationOpening(type: "gossip"), as: m, expect: .badRequest)
            // roles: a unit handler may not open or read; a clerk may open but not read
            try await t.openMediation(as: try await t.login("h-zjj"), expect: .forbidden)
            let clerk = try await t.login("clerk")
            try await t.openMediation(as: clerk)
            _ = try await t.send(.GET, "/api/v1/mediation/cases/\(c.code)", as: clerk, expect: .forbidden)
        }
    }

    @Test func partiesAreMaskedUnlessRevealedWithAReasonAndScopeFollowsTheCentre() async throws {
        try await withApp { t in
            let m = try await t.login("mediator"), supervisor = try await t.login("supervisor")
            let c = try #require(try await t.openMediation(as: try await t.login("m-370881001001")))
            #expect(c.applicant.phone == "138****1234" && c.applicant.idNumber?.contains("*") == true)
            _ = try await t.send(.POST, "/api/v1/mediation/cases/\(c.code)/reveal", as: m, body: #"{"reason":"x"}"#, expect: .badRequest)
            let full = try await t.send(.POST, "/api/v1/mediation/cases/\(c.code)/reveal", as: m, body: #"{"reason":"电话通知当事人到场调解"}"#, expect: .ok).text
            #expect(full.contains("13805371234") && full.contains("370881196805121234"))
            _ = try await t.send(.POST, "/api/v1/mediation/cases/\(c.code)/reveal", as: supervisor, body: #"{"reason":"核查当事人信息"}"#, expect: .forbidden)
            // sealed at rest
            let row = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == c.code).first())
            #expect(!row.applicant.contains("13805371234") && !row.respondent.contains("370881197203035678"))
            // another village's room does not see it; its town and the city do
            _ = try await t.send(.GET, "/api/v1/mediation/cases/\(c.code)", as: try await t.login("m-370881101001"), expect: .notFound)
            #expect(try await t.mediationCase(c.code, as: try await t.login("m-370881001000")).code == c.code)
            #expect(try await t.mediationCase(c.code, as: supervisor).code == c.code)
        }
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { var code: String; var state: String?; var allowedActions: [String]? }
        var error: Detail
    }
}
