import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The accused unit's handler cannot see the petitioner or the accusation by any route.
@Suite struct PetitionConfidentialityTests {
    static let name = "王秘密", phone = "13905379999", idNumber = "370881198808081234", secret = "收受开发商贿赂"

    static func accusation() -> String {
        TestApp.petitionJSON(type: "accusation", matter: "检举住建局某科长\(secret)二十万元，违规办理竣工验收。",
                             name: name, id: idNumber, phone: phone, concerned: "ZJJ")
    }

    func leaks(_ text: String) -> Bool {
        [Self.name, Self.phone, Self.idNumber, Self.secret, "8808081234"].contains { text.contains($0) }
    }

    @Test func theAccusedUnitSeesNeitherThePetitionerNorTheAccusation() async throws {
        try await withApp { t in
            let staff = try await t.login("petition")
            let acc = try #require(try await t.petition(Self.accusation(), as: staff))
            // an accusation is never assigned to the accused unit
            let refused = try await t.petitionAct(acc.code, "forward", "{\"unitCode\":\"ZJJ\"}", as: staff, expect: .conflict)
            #expect(refused.text.contains("accused"))
            try await t.petitionAct(acc.code, "forward", "{\"unitCode\":\"ZFW\"}", as: staff)
            // the same petitioner's suggestion is assigned to ZJJ, so ZJJ's lists are not empty
            let own = try #require(try await t.petition(TestApp.petitionJSON(type: "suggestion", matter: "建议住建局公开老旧小区改造计划和资金使用情况",
                                                                               name: Self.name, id: Self.idNumber, phone: Self.phone), as: staff))
            try await t.petitionAct(own.code, "forward", "{\"unitCode\":\"ZJJ\"}", as: staff)
            try await apiRoutes(t, accusation: acc.code, own: own.code)
            try await pages(t, accusation: acc.code, own: own.code)
            try await otherHandlingUnit(t, accusation: acc.code)
        }
    }

    func apiRoutes(_ t: TestApp, accusation: String, own: String) async throws {
        let zjj = try await t.login("h-zjj")
        let list = try await t.send(.GET, "/api/v1/petitions", as: zjj, expect: .ok)
        #expect(list.text.contains(own) && !list.text.contains(accusation) && !leaks(list.text))
        for path in ["/api/v1/petitions?q=%E8%B4%BF%E8%B5%82", "/api/v1/petitions?type=accusation", "/api/v1/petitions?q=\(accusation)",
                     "/api/v1/petitions/\(own)", "/api/v1/petitions/\(own)/events", "/api/v1/petitions/\(own)/clocks"] {
            let r = try await t.send(.GET, path, as: zjj, expect: .ok)
            #expect(!r.text.contains(accusation) && !leaks(r.text), "\(path): \(r.text)")
        }
        let search = try await t.send(.GET, "/api/v1/petitions?type=accusation", as: zjj, expect: .ok).decode(HeweiServer.Page<PetitionDTO>.self)
        #expect(search.total == 0)
        for path in ["/api/v1/petitions/\(accusation)", "/api/v1/petitions/\(accusation)/events", "/api/v1/petitions/\(accusation)/clocks"] {
            let r = try await t.send(.GET, path, as: zjj, expect: .notFound)
            #expect(!leaks(r.text))
        }
        try await t.send(.POST, "/api/v1/petitions/\(accusation)/actions/accept", as: zjj, body: "{\"decision\":\"受理\"}", expect: .notFound)
        try await t.send(.POST, "/api/v1/petitions/\(own)/reveal", as: zjj, body: "{\"reason\":\"需要联系信访人\"}", expect: .forbidden)
        try await t.send(.GET, "/api/v1/petitions/export", as: zjj, expect: .forbidden)
        let figures = try await t.send(.GET, "/api/v1/petitions/figures", as: zjj, expect: .ok).decode(PetitionFiguresDTO.self)
        #expect(figures.total == 1 && figures.byType["accusation"] == nil)
        // the leader's export has the accusation, but never the petitioner
        let leader = try await t.login("leader")
        let csv = try await t.send(.GET, "/api/v1/petitions/export", as: leader, expect: .ok)
        #expect(csv.text.contains(accusation) && csv.text.contains(Self.secret))
        #expect(!csv.text.contains(Self.name) && !csv.text.contains(Self.phone) && !csv.text.contains(Self.idNumber))
    }

    func pages(_ t: TestApp, accusation: String, own: String) async throws {
        let zjj = try await signIn(t, "h-zjj")
        for path in ["/console/petitions", "/console/petitions?q=%E8%B4%BF%E8%B5%82", "/console/petitions?type=accusation", "/console/petitions/\(own)"] {
            let r = try await get(t, path, zjj)
            #expect(r.status == .ok, "\(path)")
            #expect(!r.body.string.contains(accusation) && !leaks(r.body.string), "\(path)")
        }
        let hidden = try await get(t, "/console/petitions/\(accusation)", zjj)
        #expect(hidden.status == .notFound && !leaks(hidden.body.string))
    }

    /// The unit the accusation is assigned to handles it without the petitioner or the material.
    func otherHandlingUnit(_ t: TestApp, accusation: String) async throws {
        let zfw = try await t.login("h-zfw")
        let r = try await t.send(.GET, "/api/v1/petitions/\(accusation)", as: zfw, expect: .ok)
        #expect(!leaks(r.text))
        let staff = try await t.login("petition")
        let full = try await t.send(.GET, "/api/v1/petitions/\(accusation)", as: staff, expect: .ok)
        #expect(full.text.contains(Self.secret) && !full.text.contains(Self.name))
        let revealed = try await t.send(.POST, "/api/v1/petitions/\(accusation)/reveal", as: staff, body: "{\"reason\":\"核实检举人身份\"}", expect: .ok)
        #expect(revealed.text.contains(Self.name) && revealed.text.contains(Self.idNumber))
    }
}
