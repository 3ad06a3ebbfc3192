import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Steps for petition scenarios, all through HTTP.
extension TestApp {
    static func petitionJSON(type: String = "appealClaim", matter: String = "小区楼顶漏水，物业不予维修，要求物业公司赔偿屋内损失。",
                             name: String = "孔繁荣", id: String = "370881196505051234", phone: String = "13905370001",
                             concerned: String? = nil, parent: String? = nil) -> String {
        let concernedField = concerned.map { ",\"concernedUnitCode\":\"\($0)\"" } ?? ""
        let parentField = parent.map { ",\"parentCode\":\"\($0)\"" } ?? ""
        return """
        {"channel":"visit","type":"\(type)","matter":"\(matter)","petitioners":[{"name":"\(name)","idNumber":"\(id)",\
        "phone":"\(phone)","address":"曲阜市鲁城街道五马祠街12号"}]\(concernedField)\(parentField)}
        """
    }

    func petition(_ body: String, as h: HTTPHeaders, expect: HTTPResponseStatus = .created) async throws -> PetitionDTO? {
        let r = try await send(.POST, "/api/v1/petitions", as: h, body: body, expect: expect)
        return r.status == .created ? try r.decode(PetitionDTO.self) : nil
    }

    @discardableResult
    func petitionAct(_ code: String, _ action: String, _ body: String = "{}", as h: HTTPHeaders,
                     expect: HTTPResponseStatus = .ok) async throws -> Reply {
        try await send(.POST, "/api/v1/petitions/\(code)/actions/\(action)", as: h, body: body, expect: expect)
    }

    /// Forward to `unit`, accept (as the unit's handler), reply.
    func petitionThroughReply(_ code: String, unit: String = "RSJ", staff: HTTPHeaders, handler: HTTPHeaders) async throws {
        try await petitionAct(code, "forward", "{\"unitCode\":\"\(unit)\"}", as: staff)
        try await petitionAct(code, "accept", "{\"decision\":\"符合受理条件，予以受理。\"}", as: handler)
        try await petitionAct(code, "reply", "{\"reply\":\"经调查核实，已责成物业公司维修并赔偿。\"}", as: handler)
    }
}

@Suite struct PetitionFlowTests {
    @Test func aPetitionGoesThroughReviewAndReReviewThenIsNotAcceptedAgain() async throws {
        try await withApp { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            let first = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            #expect(first.state == "registered" && first.version == 1 && first.stage == "original")
            #expect(first.petitioner == "（保密）")
            try await t.petitionThroughReply(first.code, staff: staff, handler: rsj)
            let review = try #require(try await t.petition(TestApp.petitionJSON(parent: first.code), as: staff))
            #expect(review.stage == "review" && review.parentCode == first.code)
            try await t.petitionThroughReply(review.code, staff: staff, handler: rsj)
            try await t.send(.POST, "/api/v1/petitions", as: staff, body: TestApp.petitionJSON(parent: first.code), expect: .conflict)
            let reReview = try #require(try await t.petition(TestApp.petitionJSON(parent: review.code), as: staff))
            #expect(reReview.stage == "reReview" && reReview.chain == [first.code, review.code, reReview.code])
            try await t.petitionThroughReply(reReview.code, staff: staff, handler: rsj)
            // a re-review is final
            let final = try await t.send(.POST, "/api/v1/petitions", as: staff, body: TestApp.petitionJSON(parent: reReview.code), expect: .conflict)
            #expect(final.text.contains("final"))
            try await refusedAgain(t, earlier: reReview.code, staff: staff, handler: rsj)
        }
    }

    func refusedAgain(_ t: TestApp, earlier: String, staff: HTTPHeaders, handler: HTTPHeaders) async throws {
        let again = try #require(try await t.petition(TestApp.petitionJSON(matter: "小区楼顶又漏水了，物业不予维修，要求物业公司赔偿屋内的损失！"), as: staff))
        #expect(again.earlierCaseCode == earlier)
        #expect(again.repeatPetition)
        try await t.petitionAct(again.code, "forward", "{\"unitCode\":\"RSJ\"}", as: staff)
        let refused = try await t.petitionAct(again.code, "accept", "{\"decision\":\"受理\"}", as: handler, expect: .conflict)
        #expect(refused.text.contains(earlier))
        let no = try await t.petitionAct(again.code, "notAccept", "{\"decision\":\"同一事实和理由已经复核终结，不再受理。\"}", as: handler)
        #expect(try no.decode(PetitionDTO.self).state == "notAccepted")
        // another petitioner with the same matter is not refused
        let other = try #require(try await t.petition(TestApp.petitionJSON(id: "370881197001011111"), as: staff))
        #expect(other.earlierCaseCode == nil && !other.repeatPetition)
    }

    @Test func reviewApplicationsOutsideTheWindowAreRefused() async throws {
        try await withApp { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            let first = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            // before the reply there is nothing to review
            let early = try await t.send(.POST, "/api/v1/petitions", as: staff, body: TestApp.petitionJSON(parent: first.code), expect: .conflict)
            #expect(early.text.contains("no written reply"))
            try await t.petitionThroughReply(first.code, staff: staff, handler: rsj)
            t.clock.advance(by: 40 * 86_400)
            let staff2 = try await t.login("petition")
            let late = try await t.send(.POST, "/api/v1/petitions", as: staff2, body: TestApp.petitionJSON(parent: first.code), expect: .conflict)
            #expect(late.text.contains("window"))
            let list = try await t.send(.GET, "/api/v1/petitions", as: staff2, expect: .ok).decode(HeweiServer.Page<PetitionDTO>.self)
            #expect(list.total == 1)
        }
    }

    @Test func illegalActionsAndBadInputChangeNothing() async throws {
        try await withApp { t in
            let staff = try await t.login("petition"), rsj = try await t.login("h-rsj")
            try await t.send(.POST, "/api/v1/petitions", as: staff, body: "{\"channel\":\"fax\",\"type\":\"suggestion\",\"matter\":\"建议增设公交线路\",\"petitioners\":[{\"name\":\"甲\"}]}", expect: .badRequest)
            try await t.send(.POST, "/api/v1/petitions", as: staff, body: "{\"channel\":\"letter\",\"type\":\"suggestion\",\"matter\":\"建议增设公交线路\",\"petitioners\":[]}", expect: .badRequest)
            let p = try #require(try await t.petition(TestApp.petitionJSON(), as: staff))
            let bad = try await t.petitionAct(p.code, "reply", "{\"reply\":\"x\"}", as: staff, expect: .conflict)
            let body = try JSONDecoder().decode(ErrorBody.self, from: Data(bad.text.utf8))
            #expect(body.error.allowedActions == ["forward", "notAccept"])
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"NOPE\"}", as: staff, expect: .badRequest)
            // the handler of another unit does not see it at all
            try await t.petitionAct(p.code, "forward", "{\"unitCode\":\"ZJJ\"}", as: staff)
            try await t.send(.GET, "/api/v1/petitions/\(p.code)", as: rsj, expect: .notFound)
            let events = try await t.send(.GET, "/api/v1/petitions/\(p.code)/events", as: staff, expect: .ok).decode([CaseEventDTO].self)
            #expect(events.map(\.action) == ["register", "forward"])
            #expect(events.map(\.seq) == [1, 2])
        }
    }
}

@Suite struct PetitionConversionTests {
    @Test func aWorkOrderConvertedIntoAPetitionIsLinkedBothWays() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), staff = try await t.login("petition"), leader = try await t.login("leader")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let body = TestApp.petitionJSON().replacingOccurrences(of: "\"channel\":\"visit\"", with: "\"channel\":\"phone\",\"sourceOrderCode\":\"\(order.code)\"")
            let p = try #require(try await t.petition(body, as: staff))
            #expect(p.sourceOrderCode == order.code)
            let links = try await t.send(.GET, "/api/v1/orders/\(order.code)/links", as: leader, expect: .ok)
            #expect(links.text.contains(p.code))
            try await t.send(.POST, "/api/v1/petitions", as: staff, body: body.replacingOccurrences(of: order.code, with: "370881-20000101-000001"),
                             expect: .badRequest)
        }
    }
}
