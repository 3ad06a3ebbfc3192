import Foundation
import HeweiCore
import Vapor

/// `/console/hall`: the front desk (register a visitor; the issued number shown large), each area's
/// queue with call-next buttons per counter, and the forms to serve, triage or close a visit.
/// Every read and write goes through the API's own handlers.
struct HallPages: RouteCollection {
    struct Form: Content {
        var name, phone, matter, area, counter: String?
        var outcome, note: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("hall", use: show)
        routes.post("hall", "visits", use: register)
        routes.post("hall", "areas", ":area", "call-next", use: callNext)
        routes.post("hall", "visits", ":id", ":action", use: act)
    }

    func show(req: Request) async throws -> Response {
        let issued = ConsoleAPI.given(req.query[String.self, at: "issued"])
        return try await render(req, issued: issued, flash: req.query[String.self, at: "done"] != nil ? Lang.of(req).t("已完成。", "Done.") : nil, error: nil)
    }

    func render(_ req: Request, issued: String?, flash: String?, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let viewer = try req.principal()
        try viewer.require(.hall, .list)
        let areas = try await HallController().areas(req: ConsoleAPI.request(req))
        let visits = try await HallController().visits(req: ConsoleAPI.request(req, query: [("per", "200")]))
        let figures = try await HallController().figures(req: ConsoleAPI.request(req))
        let queues = areas.map { a in HallQueueCard.render(a, visits: visits.items.filter { $0.area == a.code }, viewer: viewer, lang: lang) }.joined()
        let issuedCard = issued.map { """
            <section class="card hall-issued" aria-live="polite"><p>\(lang.t("已取号", "Number issued"))</p>
            <p class="mono ticket">\(HTML.esc($0))</p>
            <p class="muted">\(lang.t("请提示来访群众留意等候区大屏叫号。", "Ask the visitor to watch the screen in the waiting area."))</p></section>
            """ } ?? ""
        let wait = figures.averageWaitSeconds.map { lang.t("平均等候 \($0 / 60) 分钟", "average wait \($0 / 60) min") } ?? lang.t("暂无叫号", "nobody called yet")
        let body = """
        <link rel="stylesheet" href="/hall/desk.css">
        <div class="page-head"><h1>\(lang.t("来访大厅", "Walk-in hall"))</h1>
        <span class="muted">\(HTML.esc(figures.day)) · \(lang.t("今日登记 \(figures.registered) 人，等候 \(figures.waiting) 人，已办结 \(figures.served) 人", "\(figures.registered) registered, \(figures.waiting) waiting, \(figures.served) served today")) · \(wait)</span>
        <a href="/hall/screen" target="_blank">\(lang.t("等候区大屏", "Waiting-area screen"))</a></div>
        \(HTML.flash(flash))\(HTML.flash(error, error: true))
        \(issuedCard)
        \(viewer.may(.hall, .create) ? HallQueueCard.registerForm(areas, lang: lang) : "")
        \(queues)
        """
        return HTML.render(req, title: lang.t("来访大厅", "Walk-in hall"), nav: "hall", path: "/console/hall", body: body, status: status)
    }

    private func attempt(_ req: Request, _ body: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await body(), redirectType: .normal)
        } catch let error as HeweiError {
            if case .forbidden = error { throw error }
            return try await render(req, issued: nil, flash: nil, error: ReceptionDayCard.describe(error, lang: Lang.of(req)), status: error.status)
        }
    }

    func register(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await attempt(req) {
            let input = HallRegisterInput(name: f.name ?? "", phone: f.phone ?? "", matter: f.matter ?? "", area: f.area ?? "")
            let res = try await HallController().register(req: try ConsoleAPI.request(req, body: input))
            let v = try ConsoleAPI.decode(res, as: HallVisitDTO.self)
            return "/console/hall?issued=\(v.ticket)"
        }
    }

    func callNext(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await attempt(req) {
            _ = try await HallController().callNext(req: try ConsoleAPI.request(req, parameters: ["area": req.parameters.get("area") ?? ""],
                                                                                body: HallCallInput(counter: f.counter ?? "")))
            return "/console/hall?done=1"
        }
    }

    func act(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await attempt(req) {
            let referral = try req.content.decode(ReferralForm.self).input
            let input = HallActionInput(note: f.note, outcome: f.outcome, referral: referral)
            _ = try await HallController().act(req: try ConsoleAPI.request(
                req, parameters: ["id": req.parameters.get("id") ?? "", "action": req.parameters.get("action") ?? ""], body: input))
            return "/console/hall?done=1"
        }
    }
}
