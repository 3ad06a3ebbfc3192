import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 7 item 6: smart dispatch suggestions trained on the deployment's own closed orders.
@Suite(.serialized) struct DispatchSuggestionTests {
    /// A small hand-made history: three categories, each with its own words and default unit.
    static let history: [(category: String, texts: [String])] = [
        ("0106", ["小区门口路灯连续三晚不亮", "村口路灯坏了晚上一片漆黑", "人民路路灯不亮行人看不清", "公园路灯闪烁后熄灭了",
                  "学校门口路灯不亮孩子放学很危险", "路灯整条街都不亮了", "新修道路的路灯一直没有亮", "路灯杆倒了灯也不亮"]),
        ("0301", ["小区突然停水没有通知", "停水两天了生活用水困难", "自来水停水一直没来水", "楼上停水水压太低",
                  "全村停水老人没水做饭", "停水没有提前公告", "夜里停水早上还没来水", "自来水管停水抢修太慢"]),
        ("0501", ["工地夜间施工噪音太大", "广场舞音响噪音扰民", "楼下饭店排风机噪音很大", "噪音吵得孩子睡不着",
                  "夜市噪音持续到凌晨", "厂房机器噪音扰民", "装修噪音周末一直不停", "卡拉OK噪音太大了"]),
    ]

    /// Registers the history through the API (the category's default unit takes each order) and
    /// closes it. Closing writes the state directly: what training reads is the closed row, and the
    /// whole loop is covered by OrderLoopTests.
    static func seedClosedOrders(_ t: TestApp, extra: [(String, String)] = []) async throws {
        let clerk = try await t.login("clerk")
        let sql = t.app.db as! any SQLDatabase
        var all: [(String, String)] = []
        for h in history { for text in h.texts { all.append((text, h.category)) } }
        all += extra
        for (text, category) in all {
            var input = TestApp.hotlineRequest(category: category)
            input.content = text
            let order = try #require(try await t.intake(input, as: clerk))
            try await sql.raw("UPDATE work_orders SET state = 'closed', closed_at = \(bind: t.clock.now()) WHERE code = \(bind: order.code)").run()
        }
    }

    static func suggest(_ t: TestApp, _ content: String, as who: String = "clerk") async throws -> (DispatchSuggestionsDTO, String) {
        let body = try JSONEncoder().encode(["content": content])
        let r = try await t.send(.POST, "/api/v1/orders/suggestions", as: try await t.login(who), body: String(decoding: body, as: UTF8.self), expect: .ok)
        return (try r.decode(DispatchSuggestionsDTO.self), r.text)
    }

    @Test func withoutAModelSuggestionsAreEmpty() async throws {
        try await withApp { t in
            let (answer, text) = try await Self.suggest(t, "路灯不亮")
            #expect(answer.categories.isEmpty && answer.units.isEmpty)
            #expect(answer.confident == false)
            #expect(text.contains("\"model\":null"))
        }
    }

    /// The intake page asks as the text is typed; those answers store nothing and are not audited,
    /// while a refused write next to them still is.
    @Test func suggestionsAreNotAuditedButWritesAre() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let before = try await AuditEntryModel.query(on: t.app.db).count()
            for text in ["路灯", "路灯不亮", "路灯不亮了"] {
                try await t.send(.POST, "/api/v1/orders/suggestions", as: clerk, body: #"{"content":"\#(text)"}"#, expect: .ok)
            }
            try await t.send(.POST, "/api/v1/orders/suggestions", as: clerk, body: #"{"content":""}"#, expect: .badRequest)
            #expect(try await AuditEntryModel.query(on: t.app.db).count() == before)
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: clerk, body: "{}", expect: .forbidden)
            let entries = try await AuditEntryModel.query(on: t.app.db).count()
            #expect(entries == before + 1)
        }
    }

    /// The suggestion shown at intake goes into the accept event with whether the clerk kept it,
    /// through the API and through the console's form; a bad one is refused and stores nothing.
    @Test func theIntakeEventRecordsTheSuggestionAndWhetherItWasKept() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            var input = TestApp.hotlineRequest(category: "0106")
            input.suggestion = IntakeSuggestion(generation: 2, category: "0106", unit: "ZJJ", preselected: true)
            let kept = try #require(try await t.intake(input, as: clerk))
            let accepted = try #require(try await t.timeline(kept.code, as: clerk).first { $0.action == "accept" })
            #expect(accepted.data["suggestionModel"] == "2" && accepted.data["suggestedCategory"] == "0106")
            #expect(accepted.data["suggestedCategoryKept"] == "true" && accepted.data["suggestedUnitKept"] == "true")
            #expect(accepted.data["suggestionPreselected"] == "true" && accepted.data["channel"] == "hotline12345")

            input.suggestion = IntakeSuggestion(generation: 2, category: "0301", preselected: false)
            let changed = try #require(try await t.intake(input, as: clerk))
            let other = try #require(try await t.timeline(changed.code, as: clerk).first { $0.action == "accept" })
            #expect(other.data["suggestedCategoryKept"] == "false" && other.data["suggestionPreselected"] == "false")
            #expect(other.data["suggestedUnit"] == nil && other.data["suggestedUnitKept"] == nil)

            let before = try await WorkOrderModel.query(on: t.app.db).count()
            for bad in [IntakeSuggestion(generation: 0, category: "0106"), IntakeSuggestion(generation: 1, category: "9999"),
                        IntakeSuggestion(generation: 1, category: "0106", unit: "NOPE")] {
                input.suggestion = bad
                try await t.intake(input, as: clerk, expect: .badRequest)
            }
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == before)

            // the console's form carries what dispatch-suggest.js put in its hidden fields
            let session = try await signIn(t, "clerk")
            #expect(try await get(t, "/console/intake", session).body.string.contains("id=\"f-suggestionModel\" name=\"suggestionModel\""))
            var fields = ConsolePagesTests.intakeFields
            fields["suggestionModel"] = "1"
            fields["suggestionCategory"] = "0106"
            fields["suggestionUnit"] = "ZJJ"
            fields["suggestionPreselected"] = "true"
            let res = try await post(t, "/console/intake", fields, session)
            #expect(res.status == .seeOther, "\(res.body.string)")
            let code = String((res.headers.first(name: .location) ?? "").dropFirst("/console/orders/".count).prefix { $0 != "?" })
            let page = try await get(t, "/console/orders/\(code)", session).body.string
            #expect(page.contains("智能派单建议"))
            #expect(page.contains("分类 路灯照明（未采用）"))
            #expect(page.contains("模型第 1 版"))
            fields["suggestionModel"] = "x"
            #expect(try await post(t, "/console/intake", fields, session).status == .badRequest)
        }
    }

    @Test func aClearTextIsPreselectedAndAnAmbiguousOneOnlySuggested() async throws {
        try await withApp { t in
            // given closed orders about street lights, water outages and noise, and a trained model
            try await Self.seedClosedOrders(t)
            let admin = try await t.login("sysadmin")
            let view = try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: admin, body: #"{"threshold":0.6,"note":"首次训练"}"#, expect: .created)
                .decode(DispatchModelViewDTO.self)
            let model = try #require(view.model)
            #expect(model.samples == 24 && model.tested == 5)
            #expect(view.perCategory.map(\.code) == ["0106", "0301", "0501"])
            // when a clerk types a clear request, then category and unit are suggested with confidence
            let (clear, _) = try await Self.suggest(t, "我家楼下的路灯坏了，晚上不亮")
            #expect(clear.categories.first?.code == "0106")
            #expect(clear.categories.first?.name == "路灯照明")
            #expect(clear.units.first?.code == "ZJJ")
            #expect(clear.confident && clear.unitConfident)
            #expect(clear.threshold == 0.6 && clear.model?.generation == 1)
            // an unclear one gives three suggestions, none pre-selected
            let (vague, _) = try await Self.suggest(t, "想反映个情况请尽快处理")
            #expect(vague.categories.count == 3)
            #expect(vague.confident == false)
            #expect(vague.categories.allSatisfy { $0.probability < 0.6 })
            // and the training is a recorded configuration change
            let change = try #require(try await ConfigChangeModel.query(on: t.app.db).filter(\.$subject == "dispatch model").first())
            #expect(change.note == "首次训练" && change.after.contains("24 orders"))
        }
    }

    @Test func onlyTheAdministratorRetrainsAndBadInputChangesNothing() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin")
            // too few closed orders: refused, nothing stored
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: admin, expect: .conflict)
            // three requests carry the same phone and ID numbers: often enough to survive pruning, were they not removed
            let numbers = "联系电话13812345678，身份证370881199001011234"
            try await Self.seedClosedOrders(t, extra: ["路灯不亮", "路灯坏了", "路灯闪烁"].map { ("\($0)，\(numbers)", "0106") })
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: try await t.login("dispatcher"), expect: .forbidden)
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: admin, body: #"{"threshold":5}"#, expect: .badRequest)
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: admin, body: #"{"threshold":"high"}"#, expect: .badRequest)
            #expect(try await DispatchModelRecord.query(on: t.app.db).count() == 0)
            let clerk = try await t.login("clerk")
            try await t.send(.POST, "/api/v1/orders/suggestions", as: clerk, body: #"{"content":"  "}"#, expect: .badRequest)
            try await t.send(.POST, "/api/v1/orders/suggestions", as: clerk, body: #"{"content":"\#(String(repeating: "灯", count: 4001))"}"#, expect: .badRequest)
            try await t.send(.POST, "/api/v1/orders/suggestions", as: try await t.login("leader"), body: #"{"content":"路灯"}"#, expect: .forbidden)
            // a retrain stores the model without the personal numbers in the texts
            try await t.send(.POST, "/api/v1/dispatch/model/retrain", as: admin, expect: .created)
            let row = try #require(try await DispatchModelRecord.newest(on: t.app.db))
            let digitGram = #""[0-9]{1,3}""#
            #expect(row.categoryModel.range(of: digitGram, options: .regularExpression) == nil)
            #expect(row.unitModel.range(of: digitGram, options: .regularExpression) == nil)
            #expect(row.categoryModel.contains("路灯"))
            #expect(row.threshold == DispatchTraining.defaultThreshold)
        }
    }

    @Test func theAdminPageShowsTheHeldOutAccuracyAndRetrains() async throws {
        try await withApp { t in
            let staff = try await signIn(t, "clerk")
            let empty = try await get(t, "/console/dispatch-model", staff)
            #expect(empty.status == .ok && empty.body.string.contains("尚未训练模型"))
            #expect(!empty.body.string.contains("/console/dispatch-model/retrain"))
            try await Self.seedClosedOrders(t)
            let admin = try await signIn(t, "sysadmin")
            let posted = try await post(t, "/console/dispatch-model/retrain", ["threshold": "0.55", "note": "页面训练"], admin)
            #expect(posted.status == .seeOther)
            let denied = try await post(t, "/console/dispatch-model/retrain", ["threshold": "0.5"], staff)
            #expect(denied.status == .forbidden)
            let row = try #require(try await DispatchModelRecord.newest(on: t.app.db))
            let page = try await get(t, "/console/dispatch-model", admin).body.string
            #expect(page.contains("分类准确率") && page.contains(DispatchModelPages.pct(row.categoryAccuracy)))
            #expect(page.contains("路灯照明") && page.contains("0.55"))
            #expect(page.contains("action=\"/console/dispatch-model/retrain\""))
            let bad = try await post(t, "/console/dispatch-model/retrain", ["threshold": "abc"], admin)
            #expect(bad.status == .badRequest && bad.body.string.contains("threshold"))
            #expect(try await DispatchModelRecord.query(on: t.app.db).count() == 1)
            // the intake page loads the suggestion script from the app's own assets
            let intake = try await get(t, "/console/intake", staff).body.string
            #expect(intake.contains("data-dispatch-suggest") && intake.contains("/assets/dispatch-suggest.js"))
            let script = try await get(t, "/assets/dispatch-suggest.js", [:])
            #expect(script.status == .ok && script.body.string.contains("/api/v1/orders/suggestions"))
        }
    }

    @Test func theCommandLineTrainingIsTheSameFunction() async throws {
        try await withApp { t in
            #expect(try await DispatchTraining.activeSummary(app: t.app) == nil)
            try await Self.seedClosedOrders(t)
            let report = try await DispatchTraining.run(app: t.app, threshold: 0.7, note: "from the CLI")
            #expect(report.generation == 1 && report.samples == 24 && report.unitSamples == 24)
            #expect(report.categoryAccuracy > 0.5)
            let again = try await DispatchTraining.run(app: t.app, threshold: nil, note: nil)
            #expect(again.generation == 2 && again.threshold == 0.7)
            #expect(try await DispatchTraining.activeSummary(app: t.app)?.contains("generation 2") == true)
            let (answer, _) = try await Self.suggest(t, "停水了没有水用")
            #expect(answer.model?.generation == 2 && answer.threshold == 0.7)
            #expect(answer.categories.first?.code == "0301" && answer.units.first?.code == "SWJ")
        }
    }
}
