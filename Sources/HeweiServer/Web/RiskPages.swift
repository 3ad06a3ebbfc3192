import Foundation
import HeweiCore
import Vapor

/// `/console/risk`: risk early warnings (风险预警), newest first, filtered by state and kind, each with
/// the rule and numbers that raised it and the acknowledge / handle forms (a note is required).
/// Every read and write goes through the API's own handlers.
struct RiskPages: RouteCollection {
    struct Form: Content { var note: String? }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("risk", use: show)
        routes.post("risk", ":code", ":action", use: act)
    }

    static func kindName(_ kind: String, _ lang: Lang) -> String {
        switch RiskWarningKind(rawValue: kind) {
        case .extremeWords: return lang.t("极端风险词", "Extreme-risk words")
        case .spike: return lang.t("数量异常上升", "Spike")
        case .repeatCaller: return lang.t("重复来电", "Repeat caller")
        case .escalationRisk: return lang.t("矛盾升级风险", "Escalation risk")
        case .overdueRising: return lang.t("超期数上升", "Overdue rising")
        case nil: return kind
        }
    }

    static func stateName(_ state: String, _ lang: Lang) -> String {
        switch RiskWarningState(rawValue: state) {
        case .raised: return lang.t("待研判", "Raised")
        case .acknowledged: return lang.t("已签收", "Acknowledged")
        case .handled: return lang.t("已处置", "Handled")
        case nil: return state
        }
    }

    func show(req: Request) async throws -> Response {
        try await render(req, flash: req.query[String.self, at: "done"] != nil ? Lang.of(req).t("已保存。", "Saved.") : nil, error: nil)
    }

    func render(_ req: Request, flash: String?, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let viewer = try req.principal()
        try viewer.require(.riskWarnings, .list)
        let state = ConsoleAPI.given(req.query[String.self, at: "state"]) ?? ""
        let kind = ConsoleAPI.given(req.query[String.self, at: "kind"]) ?? ""
        let page = max(Int(req.query[String.self, at: "page"] ?? "") ?? 1, 1)
        let list = try await RiskController().list(req: ConsoleAPI.request(req, query: [("state", state), ("kind", kind), ("page", String(page))]))
        let mayChange = viewer.may(.riskWarnings, .change)
        let items = list.items.map { w in
            let forms = mayChange ? w.allowedActions.map { action in
                let label = action == "acknowledge" ? lang.t("签收研判", "Acknowledge") : lang.t("处置完毕", "Mark handled")
                return """
                <form method="post" action="/console/risk/\(HTML.esc(w.code))/\(action)" class="inline action-form">
                <input name="note" required maxlength="1000" placeholder="\(lang.t("处置说明（必填）", "Note (required)"))">
                <button type="submit">\(label)</button></form>
                """
            }.joined() : ""
            return """
            <li class="card"><div><strong>\(HTML.esc(Self.kindName(w.kind, lang)))</strong> · \(HTML.esc(w.subject))
            · <span class="badge">\(HTML.esc(Self.stateName(w.state, lang)))</span>
            <span class="muted">\(HTML.esc(w.code)) · \(ConsoleFormat.time(w.raisedAt))</span></div>
            <p class="explanation">\(HTML.esc(w.explanation))</p>\(w.orderCode.map { "<p><a href=\"/console/orders/\(HTML.esc($0))\">\(lang.t("查看工单", "Open order")) \(HTML.esc($0))</a></p>" } ?? "")
            \(forms)</li>
            """
        }.joined()
        let options = { (values: [String], current: String, name: (String) -> String) in
            values.map { "<option value=\"\($0)\"\($0 == current ? " selected" : "")>\(HTML.esc(name($0)))</option>" }.joined()
        }
        let body = """
        <div class="page-head"><h1>\(lang.t("风险预警", "Risk warnings"))</h1><span class="muted">\(lang.t("共 \(list.total) 条", "\(list.total) warnings"))</span></div>
        \(HTML.flash(flash))\(HTML.flash(error, error: true))
        <form method="get" action="/console/risk" class="inline">
        <label>\(lang.t("状态", "State")) <select name="state"><option value="">\(lang.t("全部", "All"))</option>\(options(RiskWarningState.allCases.map(\.rawValue), state) { Self.stateName($0, lang) })</select></label>
        <label>\(lang.t("类型", "Kind")) <select name="kind"><option value="">\(lang.t("全部", "All"))</option>\(options(RiskWarningKind.allCases.map(\.rawValue), kind) { Self.kindName($0, lang) })</select></label>
        <button type="submit">\(lang.t("筛选", "Filter"))</button></form>
        \(list.items.isEmpty ? "<p class=\"empty\">\(lang.t("没有符合条件的风险预警。", "No risk warnings match."))</p>" : "<ul class=\"cards\">\(items)</ul>")
        \(HTML.pager(page: list.page, per: list.per, total: list.total, lang: lang) { "?state=\(state)&kind=\(kind)&page=\($0)" })
        """
        return HTML.render(req, title: lang.t("风险预警", "Risk warnings"), nav: "risk", path: "/console/risk", body: body, status: status)
    }

    func act(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let code = req.parameters.get("code") ?? ""
        let action = req.parameters.get("action") ?? ""
        do {
            _ = try await RiskController().act(req: try ConsoleAPI.request(req, parameters: ["code": code, "action": action],
                                                                           body: RiskController.ActionInput(note: f.note)))
        } catch let error as HeweiError {
            if case .forbidden = error { throw error }
            let lang = Lang.of(req)
            let message: String
            if case let .illegalRecordTransition(t) = error {
                message = lang.t("当前状态为「\(Self.stateName(t.state, lang))」，不能执行此操作。", t.reason)
            } else {
                message = ConsoleMessages.describe(error, lang: lang)
            }
            return try await render(req, flash: nil, error: message, status: error.status)
        }
        return req.redirect(to: "/console/risk?done=1", redirectType: .normal)
    }
}
