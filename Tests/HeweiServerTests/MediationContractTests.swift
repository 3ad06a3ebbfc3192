import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Every documented operation under /api/v1/mediation, checked against the OpenAPI document, and the
/// figures checked against a hand count.
@Suite struct MediationContractTests {
    @Test func everyMediationOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let flow = try await ContractFlow(t, prefix: "/api/v1/mediation")
            let m = try await t.login("mediator"), admin = try await t.login("sysadmin")
            for path in ["rooms", "teams", "mediators"] { try await flow.run(.GET, "/api/v1/mediation/\(path)", m, expect: .ok) }
            try await flow.run(.GET, "/api/v1/mediation/rooms", expect: .unauthorized)
            try await flow.run(.GET, "/api/v1/mediation/teams", try await t.login("h-zjj"), expect: .forbidden)
            try await flow.run(.PUT, "/api/v1/mediation/organisation", m, body: "{}", expect: .forbidden)
            try await flow.run(.PUT, "/api/v1/mediation/organisation", admin, body: #"{"rooms":[{"code":"X","centre":"NOPE","name":"x","type":"general"}],"teams":[],"mediators":[]}"#, expect: .badRequest)
            let org = try await flow.run(.GET, "/api/v1/mediation/mediators", m, expect: .ok)
            _ = org
            let file = try MediationOrganisation.demo()
            let body = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
            try await flow.run(.PUT, "/api/v1/mediation/organisation", admin, body: body, expect: .noContent)
            let created = try await flow.run(.POST, "/api/v1/mediation/cases", m, body: TestApp.mediationOpening(room: "370881000000-01"), expect: .created)
            let code = try #require(created.json?["code"]?.string)
            try await flow.run(.POST, "/api/v1/mediation/cases", m, body: #"{"source":"walkIn"}"#, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/mediation/cases?state=accepted&sort=code&page=1&per=5", m, expect: .ok)
            try await flow.run(.GET, "/api/v1/mediation/cases?state=nope", m, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/mediation/cases/\(code)", m, expect: .ok)
            let csv = try await flow.run(.GET, "/api/v1/mediation/cases/export?state=accepted", m, expect: .ok)
            #expect(csv.text.contains(code) && !csv.text.contains("13805371234"))
            try await flow.run(.GET, "/api/v1/mediation/cases/export", try await t.login("clerk"), expect: .forbidden)
            try await flow.run(.GET, "/api/v1/mediation/cases/NOPE", m, expect: .notFound)
            try await flow.run(.POST, "/api/v1/mediation/cases/\(code)/reveal", m, body: #"{"reason":"通知当事人到场"}"#, expect: .ok)
            try await flow.run(.GET, "/api/v1/mediation/cases/\(code)/agreement", m, expect: .conflict)
            try await flow.run(.POST, "/api/v1/mediation/cases/\(code)/settle", m, body: "{}", expect: .conflict)
            try await flow.run(.POST, "/api/v1/mediation/cases/\(code)/assign", m, body: #"{"teamCode":"neighbourhood","mediators":["M003"]}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/mediation/cases/\(code)/recordSession", m, body: MediationBodies.session, expect: .ok)
            try await flow.run(.POST, "/api/v1/mediation/cases/\(code)/settle", m, body: MediationBodies.settle(deadline: "2026-12-10T10:00:00Z"), expect: .ok)
            try await flow.run(.GET, "/api/v1/mediation/cases/\(code)/agreement", m, expect: .ok)
            try await flow.run(.GET, "/api/v1/mediation/figures?groupBy=room&from=2026-11-01&to=2026-11-30", m, expect: .ok)
            try await flow.run(.GET, "/api/v1/mediation/figures?groupBy=colour", m, expect: .badRequest)
            flow.finish()
        }
    }

    /// Figures equal a hand count: 4 accepted (2 written/oral agreements, 1 failure, 1 open), 1 declined.
    @Test func figuresEqualAHandCount() async throws {
        try await withApp { t in
            let m = try await t.login("mediator")
            var codes: [String] = []
            for type in ["family", "family", "contract", "labour"] {
                codes.append(try #require(try await t.openMediation(TestApp.mediationOpening(room: "370881000000-01", type: type), as: m)).code)
            }
            try await t.openMediation(TestApp.mediationOpening(room: "370881000000-01", respondentConsent: false), as: m)
            for code in codes.prefix(3) {
                try await t.mediate(code, "assign", #"{"teamCode":"family","mediators":["M002"]}"#, as: m)
                try await t.mediate(code, "recordSession", MediationBodies.session, as: m)
            }
            try await t.mediate(codes[0], "settle", MediationBodies.settle(deadline: "2026-12-10T10:00:00Z"), as: m)
            try await t.mediate(codes[1], "settle", MediationBodies.settle(deadline: "2026-12-10T10:00:00Z").replacingOccurrences(of: "writtenAgreement", with: "oralAgreement"), as: m)
            try await t.mediate(codes[2], "fail", #"{"advice":"arbitration","note":"劳动报酬争议，建议申请劳动仲裁"}"#, as: m)
            try await t.mediate(codes[0], "followUp", #"{"performed":true,"satisfaction":"satisfied"}"#, as: m)
            try await t.mediate(codes[1], "followUp", #"{"performed":false,"satisfaction":"unsatisfied"}"#, as: m)
            let f = try await t.get("/api/v1/mediation/figures?groupBy=type", as: m, MediationFigures.self)
            #expect(f.total.accepted == 4 && f.total.agreements == 2 && f.total.written == 1 && f.total.oral == 1)
            #expect(f.total.failures == 1 && f.total.declined == 1)
            #expect(f.total.successRate == 0.5 && f.total.satisfactionRate == 0.5 && f.total.onTimeRate == 1)
            let family = try #require(f.groups.first { $0.key == "family" })
            #expect(family.accepted == 2 && family.agreements == 2 && family.successRate == 1)
            #expect(f.groups.map(\.key) == ["contract", "family", "labour", "neighbourhood"])
            let none = try await t.get("/api/v1/mediation/figures?from=2026-12-01", as: m, MediationFigures.self)
            #expect(none.total.accepted == 0 && none.total.successRate == nil)
        }
    }
}
