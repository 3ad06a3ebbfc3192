import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite struct PetitionPagesTests {
    @Test func staffRegisterAndForwardFromThePages() async throws {
        try await withApp { t in
            let staff = try await signIn(t, "petition")
            let empty = try await get(t, "/console/petitions", staff)
            #expect(empty.status == .ok && empty.body.string.contains("没有符合条件的信访件"))
            let bad = try await post(t, "/console/petitions", ["channel": "visit", "type": "suggestion", "matter": ""], staff)
            #expect(bad.status == .badRequest)
            let made = try await post(t, "/console/petitions", ["channel": "visit", "type": "appealClaim", "name": "孔繁荣",
                                                                "matter": "小区楼顶漏水，物业不予维修，要求赔偿损失。", "phone": "13905370001"], staff)
            #expect(made.status == .seeOther || made.status == .found)
            let location = try #require(made.headers.first(name: .location))
            let code = String(try #require(location.split(separator: "/").last?.split(separator: "?").first))
            let page = try await get(t, "/console/petitions/\(code)", staff)
            #expect(page.body.string.contains("/actions/forward") && !page.body.string.contains("孔繁荣"))
            let wrong = try await post(t, "/console/petitions/\(code)/actions/reply", ["reply": "答复"], staff)
            #expect(wrong.status == .conflict)
            let forwarded = try await post(t, "/console/petitions/\(code)/actions/forward", ["unitCode": "RSJ"], staff)
            #expect(forwarded.status == .seeOther || forwarded.status == .found)
            let revealed = try await post(t, "/console/petitions/\(code)/reveal", ["reason": "电话告知转送情况"], staff)
            #expect(revealed.status == .ok && revealed.body.string.contains("孔繁荣"))
            let list = try await get(t, "/console/petitions?state=forwarded", staff)
            #expect(list.body.string.contains(code))
        }
    }

    @Test func theBuiltInLimitsParse() throws {
        let limits = try PetitionSettings.parse(PetitionSettings.defaultYAML)
        #expect(limits.forward == .statutoryDays(15) && limits.handling == .statutoryDays(60))
        #expect(limits.extensionMaximum == .statutoryDays(30) && limits.reReviewDecision == .statutoryDays(30))
    }
}
