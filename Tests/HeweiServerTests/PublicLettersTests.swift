import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// Letters to the secretary's mailbox and online inquiries: published with their answer only with the
/// writer's consent, once answered, without personal data.
@Suite struct PublicLettersTests {
    func letter(consent: Bool?, content: String = "建议在五马祠街增设路灯，联系电话13812345678，身份证370881199001011234。") -> IntakeInput {
        var input = TestApp.hotlineRequest()
        input.channel = "secretaryMailbox"
        input.requestKind = nil   // the channel's default: suggestion
        input.content = content
        input.publicConsent = consent
        return input
    }

    @Test func anAnsweredLetterIsPublishedWithoutPersonalData() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let order = try #require(try await t.intake(letter(consent: true), as: clerk))
            #expect(order.requestKind == "suggestion" && order.publicConsent == true)
            // not before it is answered
            try await t.act(order.code, "publish", as: dispatcher, expect: .conflict)
            try await t.act(order.code, "signFor", as: zjj)
            try await t.act(order.code, "report", ActionInput(note: "已安排"), as: zjj)
            try await t.act(order.code, "reply", ActionInput(reply: "已纳入明年路灯建设计划，请致电0537-4412345了解进度。"), as: zjj)
            try await t.act(order.code, "publish", as: zjj, expect: .forbidden)
            let published = try await t.act(order.code, "publish", ActionInput(note: "公开"), as: dispatcher)
            #expect(published.contains("\"publishedAt\""))
            try await t.act(order.code, "publish", as: dispatcher, expect: .conflict)
            var page = ""
            try await t.app.testing().test(.GET, "/portal/letters", afterResponse: { res in
                #expect(res.status == .ok)
                page = res.body.string
            })
            #expect(page.contains("建议在五马祠街增设路灯") && page.contains("已纳入明年路灯建设计划"))
            #expect(!page.contains("13812345678") && !page.contains("370881199001011234") && !page.contains("4412345"))
            #expect(!page.contains("张三") && !page.contains(order.code))
        }
    }

    @Test func withoutConsentOrOnAnotherChannelNothingIsPublished() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let private_ = try #require(try await t.intake(letter(consent: nil), as: clerk))
            let hotline = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            for code in [private_.code, hotline.code] {
                try await t.act(code, "signFor", as: zjj)
                try await t.act(code, "report", ActionInput(note: "已处理"), as: zjj)
                try await t.act(code, "reply", ActionInput(reply: "已处理完毕"), as: zjj)
                let refused = try await t.act(code, "publish", as: dispatcher, expect: .conflict)
                #expect(refused.contains("did not agree") || refused.contains("only letters"))
            }
            try await t.app.testing().test(.GET, "/portal/letters", afterResponse: { res in
                #expect(res.body.string.contains("暂无公开的来信"))
            })
        }
    }

    @Test func scrubbingRemovesPhonesIDsAndMail() {
        #expect(PublicText.scrub("电话138-1234-5678，座机0537-4412345，身份证37088119900101123X，邮箱a.b@qq.com") ==
                "电话＊＊＊，座机＊＊＊，身份证＊＊＊，邮箱＊＊＊")
    }
}
