import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The staff console as a person uses it: sign in, register a request, find it, act on it.
@Suite struct ConsolePagesTests {
    // MARK: - Signing in

    @Test func unauthenticatedListRedirectsToLogin() async throws {
        try await withApp { t in
            let res = try await t.app.testing().sendRequest(.GET, "/console/orders")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/console/login?next=/console/orders")
        }
    }

    @Test func loginSetsTheSessionCookie() async throws {
        try await withApp { t in
            // when: a wrong password, then the right one
            let wrong = try await post(t, "/console/login", ["username": "clerk", "password": "nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("用户名或密码错误"))
            let res = try await post(t, "/console/login", ["username": "clerk", "password": DemoAccounts.password,
                                                            "next": "/console/intake"])
            // then
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/console/intake")
            #expect(res.headers.setCookie?[Tokens.sessionCookie]?.string.isEmpty == false)
        }
    }

    // MARK: - Intake and list

    @Test func intakeFormCreatesAnOrderAndTheListShowsIt() async throws {
        try await withApp { t in
            let clerk = try await signIn(t, "clerk")
            let form = try await get(t, "/console/intake", clerk)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("<optgroup label=\"01 城市管理\">"))
            #expect(form.body.string.contains("value=\"hotline12345\" selected"))

            let code = try await intake(t, clerk)
            #expect(code == "370881-20261126-000001")

            let list = try await get(t, "/console/orders", clerk).body.string
            #expect(list.contains("/console/orders/\(code)"))
            #expect(list.contains("dot dot-green"))
            #expect(list.contains("2026-11-26 09:00"))
            #expect(list.contains("12345热线"))
            #expect(list.contains("市综合行政执法局"))
            #expect(list.contains("第 1 / 1 页，共 1 件"))

            let none = try await get(t, "/console/orders?light=red", clerk).body.string
            #expect(none.contains("没有符合条件的工单"))
            let bad = try await get(t, "/console/orders?from=yesterday", clerk)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("受理自"))
        }
    }

    @Test func intakeValidationErrorKeepsTheValues() async throws {
        try await withApp { t in
            let clerk = try await signIn(t, "clerk")
            var fields = Self.intakeFields
            fields["requesterPhone"] = "abc"
            let res = try await post(t, "/console/intake", fields, clerk)
            #expect(res.status == .badRequest)
            let html = res.body.string
            #expect(html.contains("「联系电话」填写有误"))
            #expect(html.contains("id=\"f-requesterPhone\" name=\"requesterPhone\" type=\"tel\" value=\"abc\" autofocus aria-invalid=\"true\""))
            #expect(html.contains("路边占道摆摊"))
            #expect(html.contains("value=\"0101\" selected"))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
        }
    }

    // MARK: - Detail and actions

    @Test func detailShowsTheTimelineAndOnlyTheAllowedActionForms() async throws {
        try await withApp { t in
            let code = try await intake(t, try await signIn(t, "clerk"))
            // the lead unit's handler: sign for or object, nothing of the dispatcher's
            let handler = try await get(t, "/console/orders/\(code)", try await signIn(t, "h-zhzf")).body.string
            #expect(handler.contains("<strong>受理</strong>"))
            #expect(handler.contains("<strong>派单</strong>"))
            #expect(handler.contains("已受理 → 待签收"))
            #expect(forms(in: handler) == ["signFor", "object"])
            // the dispatcher: reassign, suspend, correct the category/location, add assisting units or merge
            // (no waiver without assisting units, no escalation above the city centre)
            let dispatcher = try await get(t, "/console/orders/\(code)", try await signIn(t, "dispatcher")).body.string
            #expect(forms(in: dispatcher) == ["reassign", "suspend", "amend", "addAssisting", "merge"])
            // the leader reads but acts on nothing
            let leader = try await get(t, "/console/orders/\(code)", try await signIn(t, "leader")).body.string
            #expect(forms(in: leader).isEmpty)
            #expect(leader.contains("没有可执行的操作"))
            // another unit's handler does not even see it
            let other = try await signIn(t, "h-zjj")
            #expect(try await get(t, "/console/orders/\(code)", other).status == .notFound)
            #expect(try await get(t, "/console/orders", other).body.string.contains("/console/orders/\(code)") == false)
            let blocked = try await post(t, "/console/orders/\(code)/actions/signFor", [:], other)
            #expect(blocked.status == .notFound)
        }
    }

    @Test func actionFormChangesTheState() async throws {
        try await withApp { t in
            let code = try await intake(t, try await signIn(t, "clerk"))
            let handler = try await signIn(t, "h-zhzf")
            let res = try await post(t, "/console/orders/\(code)/actions/signFor", ["note": "收到"], handler)
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/console/orders/\(code)?done=signFor")
            let page = try await get(t, "/console/orders/\(code)?done=signFor", handler).body.string
            #expect(page.contains("已完成：签收"))
            #expect(page.contains("class=\"state state-handling\""))
            #expect(forms(in: page) == ["object", "requestExtension", "report"])
            #expect(try await order(t, code).state == "handling")
        }
    }

    @Test func illegalOrInvalidSubmissionShowsTheErrorAndChangesNothing() async throws {
        try await withApp { t in
            let code = try await intake(t, try await signIn(t, "clerk"))
            let handler = try await signIn(t, "h-zhzf")
            // an action the state does not allow
            let illegal = try await post(t, "/console/orders/\(code)/actions/report", ["note": "已处理"], handler)
            #expect(illegal.status == .conflict)
            #expect(illegal.body.string.contains("工单当前状态为「待签收」，不能执行「办理反馈」"))
            // an objection without reasons: the form comes back with the error and the typed values
            let invalid = try await post(t, "/console/orders/\(code)/actions/object", ["note": "  "], handler)
            #expect(invalid.status == .badRequest)
            #expect(invalid.body.string.contains("「说明」填写有误"))
            #expect(invalid.body.string.contains("class=\"action-form failed\""))
            #expect(invalid.body.string.contains("href=\"/console/orders/\(code)?lang=en\""))
            let unchanged = try await order(t, code)
            #expect(unchanged.state == "dispatched")
            #expect(unchanged.version == 2)
        }
    }

    @Test func phoneIsMaskedForAUnitHandlerAndFullForADispatcher() async throws {
        try await withApp { t in
            let code = try await intake(t, try await signIn(t, "clerk"))
            let handler = try await get(t, "/console/orders/\(code)", try await signIn(t, "h-zhzf")).body.string
            #expect(handler.contains("138****5678"))
            #expect(!handler.contains("13812345678"))
            // the dispatcher sees the phone masked too, and in full only after giving a reason
            let dispatcher = try await signIn(t, "dispatcher")
            let page = try await get(t, "/console/orders/\(code)", dispatcher).body.string
            #expect(page.contains("138****5678") && !page.contains("13812345678"))
            #expect(page.contains("action=\"/console/orders/\(code)/reveal\""))
            #expect(try await get(t, "/console/orders", dispatcher).body.string.contains("张三丰"))
            let refused = try await post(t, "/console/orders/\(code)/reveal", ["reason": ""], dispatcher)
            #expect(refused.status == .badRequest && !refused.body.string.contains("13812345678"))
            let shown = try await post(t, "/console/orders/\(code)/reveal", ["reason": "回访核实办理结果"], dispatcher)
            #expect(shown.status == .ok && shown.body.string.contains("13812345678"))
            let entry = try #require(try await AuditEntryModel.query(on: t.app.db).filter(\.$kind == "reveal").first())
            #expect(entry.actor == "dispatcher" && entry.reason == "回访核实办理结果" && entry.target == "order \(code)")
            // a supervisor has no reveal form, and posting one anyway is refused
            let supervisor = try await signIn(t, "supervisor")
            #expect(!(try await get(t, "/console/orders/\(code)", supervisor).body.string.contains("/reveal\"")))
            #expect(try await post(t, "/console/orders/\(code)/reveal", ["reason": "想看看号码"], supervisor).status == .forbidden)
        }
    }

    // MARK: - Language and page hygiene

    @Test func englishSwitchSticks() async throws {
        try await withApp { t in
            var clerk = try await signIn(t, "clerk")
            let code = try await intake(t, clerk)
            let res = try await get(t, "/console/orders?lang=en", clerk)
            #expect(res.headers.setCookie?[Lang.cookie]?.string == "en")
            #expect(res.body.string.contains("<html lang=\"en\">"))
            #expect(res.body.string.contains("Work orders"))
            #expect(res.body.string.contains("href=\"/console/orders?lang=zh\""))
            clerk.replaceOrAdd(name: .cookie, value: (clerk.first(name: .cookie) ?? "") + "; \(Lang.cookie)=en")
            let detail = try await get(t, "/console/orders/\(code)", clerk).body.string
            #expect(detail.contains("Awaiting sign-for"))
            #expect(detail.contains("Timeline"))
            #expect(detail.contains("12345 hotline"))
        }
    }

    @Test func pagesHaveNoInlineScriptsOrStyles() async throws {
        try await withApp { t in
            let dispatcher = try await signIn(t, "dispatcher")
            let code = try await intake(t, dispatcher)
            let pages = [
                try await get(t, "/console/login", [:]).body.string,
                try await get(t, "/console/orders", dispatcher).body.string,
                try await get(t, "/console/orders?lang=en", dispatcher).body.string,
                try await get(t, "/console/orders/\(code)", dispatcher).body.string,
                try await get(t, "/console/intake", dispatcher).body.string,
                try await post(t, "/console/intake", [:], dispatcher).body.string,
                try await get(t, "/console/orders/nope", dispatcher).body.string,
            ]
            for html in pages {
                #expect(!html.contains("style="))
                #expect(!html.contains("<style"))
                #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
                // only the app's own script files (the intake page adds the dispatch suggestions')
                let scripts = html.components(separatedBy: "<script").dropFirst()
                #expect(!scripts.isEmpty && scripts.allSatisfy { $0.hasPrefix(" src=\"/assets/") && $0.contains("></script>") })
                #expect(html.contains("<script src=\"/assets/app.js\"></script>"))
            }
            let css = try await get(t, "/assets/app.css", [:])
            #expect(css.status == .ok)
            #expect(css.body.string.contains(".dot-red"))
        }
    }

    @Test func listPageRendersWithoutADatabase() {
        let page = OrderListPage(rows: [], total: 0, page: 1, per: 20, query: ["code": "<x>"],
                                 catalog: ConsoleCatalog(categories: [], units: []), error: nil, lang: .en)
        let html = page.render()
        #expect(html.contains("No work orders match."))
        #expect(html.contains("value=\"&lt;x&gt;\""))
        #expect(ConsoleFormat.time(testStart) == "2026-11-26 09:00")
        #expect(ConsoleFormat.limit("3 working days", lang: .zh) == "3个工作日")
    }

    // MARK: - Helpers

    static let intakeFields: [String: String] = [
        "channel": "hotline12345", "requestKind": "complaint", "categoryCode": "0101", "urgency": "",
        "requesterName": "张三丰", "requesterPhone": "13812345678", "address": "曲阜市鼓楼北街12号",
        "content": "路边占道摆摊，影响通行", "dispatchTo": "auto", "answerAtOnce": "",
    ]

    private func forms(in html: String) -> [String] {
        html.components(separatedBy: "<form id=\"act-").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    private func order(_ t: TestApp, _ code: String) async throws -> WorkOrderModel {
        try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == code).first())
    }

    /// Registers the standard request through the form and returns the new order's code.
    private func intake(_ t: TestApp, _ headers: HTTPHeaders) async throws -> String {
        let res = try await post(t, "/console/intake", Self.intakeFields, headers)
        #expect(res.status == .seeOther, "intake failed: \(res.body.string)")
        let location = res.headers.first(name: .location) ?? ""
        #expect(location.hasSuffix("?done=accept"))
        return String(location.dropFirst("/console/orders/".count).prefix { $0 != "?" })
    }

}
