import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// 信访导入调解: an appeal/claim petition moved into people's mediation with both parties' consent.
@Suite struct PetitionMediationTests {
    static let transfer = """
    {"applicantConsent":true,"respondentConsent":true,"disputeType":"property",\
    "respondent":{"name":"曲阜市某物业服务有限公司","kind":"organisation","phone":"05374412345"}}
    """

    @Test func anAppealIsTransferredToMediationWithBothPartiesConsent() async throws {
        try await withApp { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            let p = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"RSJ\"}", as: staff)
            try await t.petitionAct(p.code, "accept", "{\"decision\":\"予以受理\"}", as: rsj)
            // without both consents nothing changes; a unit handler may not transfer
            try await t.petitionAct(p.code, "transferToMediation", Self.transfer.replacingOccurrences(of: "\"respondentConsent\":true", with: "\"respondentConsent\":false"),
                                    as: staff, expect: .conflict)
            try await t.petitionAct(p.code, "transferToMediation", Self.transfer, as: rsj, expect: .forbidden)
            let done = try await t.petitionAct(p.code, "transferToMediation", Self.transfer, as: staff).decode(PetitionDTO.self)
            #expect(done.state == "transferredToMediation")
            let caseCode = try #require(done.mediationCaseCode)
            let m = try #require(try await MediationCaseModel.query(on: t.app.db).filter(\.$code == caseCode).first())
            #expect(m.source == "petition" && m.sourceRef == p.code && m.state == "accepted")
            let events = try await t.send(.GET, "/api/v1/petitions/\(p.code)/events", as: staff, expect: .ok).decode([CaseEventDTO].self)
            #expect(events.last?.data["mediationCase"] == caseCode)
            let clocks = try await t.send(.GET, "/api/v1/petitions/\(p.code)/clocks", as: staff, expect: .ok).decode([CaseClockDTO].self)
            #expect(clocks.allSatisfy { $0.status != "open" })
        }
    }

    @Test func onlyAppealsCanBeTransferred() async throws {
        try await withApp { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            let p = try #require(try await t.petition(TestApp.petitionJSON(type: "suggestion"), as: staff))
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"RSJ\"}", as: staff)
            try await t.petitionAct(p.code, "accept", "{\"decision\":\"予以受理\"}", as: rsj)
            let r = try await t.petitionAct(p.code, "transferToMediation", Self.transfer, as: staff, expect: .conflict)
            #expect(r.text.contains("appeal"))
            #expect(try await MediationCaseModel.query(on: t.app.db).count() == 0)
        }
    }
}
