import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/console/patrols…`: a grid worker's patrol page (巡查), made for the phone. Every read and every
/// change runs the patrol API's own handlers (`PatrolController`, `PatrolReport`,
/// `GridWorkController`) through `ConsoleAPI`; the forms post here and redirect back with a flash,
/// or show the page again with the error.
struct PatrolPages: RouteCollection {
    struct StartForm: Content {
        var cellCode: String?
        var note: String?
    }

    struct FindingForm: Content {
        var text: String?
        var categoryCode: String?
        var lon: String?
        var lat: String?
    }

    struct ReportForm: Content {
        var categoryCode: String?
        var requestKind: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let patrols = routes.grouped("patrols")
        patrols.get(use: page)
        patrols.post(use: start)
        patrols.post(":id", "findings", use: addFinding)
        patrols.post(":id", "end", use: end)
        routes.grouped("findings").post(":id", "report", use: report)
    }

    func page(req: Request) async throws -> Response {
        try await show(req, draft: nil)
    }

    func start(req: Request) async throws -> Response {
        let form = (try? req.content.decode(StartForm.self)) ?? StartForm()
        let draft = PatrolPage.Draft(form: "start", values: ["cellCode": form.cellCode ?? "", "note": form.note ?? ""])
        return try await perform(req, draft: draft) {
            let input = PatrolDTOs.StartInput(cellCode: ConsoleAPI.given(form.cellCode) ?? "", note: ConsoleAPI.given(form.note))
            _ = try await PatrolController().start(req: try ConsoleAPI.request(req, body: input))
            return "/console/patrols?done=start"
        }
    }

    func addFinding(req: Request) async throws -> Response {
        let form = (try? req.content.decode(FindingForm.self)) ?? FindingForm()
        let id = req.parameters.get("id") ?? ""
        let draft = PatrolPage.Draft(form: "finding", values: ["text": form.text ?? "", "categoryCode": form.categoryCode ?? "",
                                                               "lon": form.lon ?? "", "lat": form.lat ?? ""])
        return try await perform(req, draft: draft) {
            let input = PatrolDTOs.FindingInput(text: form.text ?? "", categoryCode: ConsoleAPI.given(form.categoryCode),
                                                lon: try Self.number(form.lon, "lon"), lat: try Self.number(form.lat, "lat"))
            _ = try await PatrolController().addFinding(req: try ConsoleAPI.request(req, parameters: ["id": id], body: input))
            return "/console/patrols?done=finding"
        }
    }

    func end(req: Request) async throws -> Response {
        let id = req.parameters.get("id") ?? ""
        return try await perform(req, draft: PatrolPage.Draft(form: "end", values: [:])) {
            _ = try await PatrolController().end(req: ConsoleAPI.request(req, method: .POST, parameters: ["id": id]))
            return "/console/patrols?done=end"
        }
    }

    /// The same code path as `POST /api/v1/grid/findings/{id}/report`.
    func report(req: Request) async throws -> Response {
        let form = (try? req.content.decode(ReportForm.self)) ?? ReportForm()
        let id = req.parameters.get("id") ?? ""
        let draft = PatrolPage.Draft(form: "report:\(id.lowercased())", values: ["categoryCode": form.categoryCode ?? ""])
        return try await perform(req, draft: draft) {
            let input = PatrolDTOs.ReportInput(requestKind: ConsoleAPI.given(form.requestKind),
                                               categoryCode: ConsoleAPI.given(form.categoryCode), address: nil)
            let response = try await PatrolReport.report(req: try ConsoleAPI.request(req, parameters: ["id": id], body: input))
            let finding = try ConsoleAPI.decode(response, as: PatrolDTOs.Finding.self)
            return "/console/patrols" + HTML.query([("done", "report"), ("order", finding.orderCode ?? "")])
        }
    }

    /// Runs a change; on success redirects (303) to the address it returns, on a refusal shows the
    /// page again with the error and the submitted values. Unknown patrols and findings are 404.
    private func perform(_ req: Request, draft: PatrolPage.Draft, _ change: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: try await change(), redirectType: .normal)
        } catch let error as HeweiError {
            if case .notFound = error { throw error }
            var failed = draft
            failed.error = ConsoleMessages.describe(error, lang: Lang.of(req))
            return try await show(req, draft: failed, status: error.status)
        }
    }

    private func show(_ req: Request, draft: PatrolPage.Draft?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let viewer = try req.principal()
        guard viewer.role == .gridWorker else {
            throw HeweiError.forbidden("the patrol page is for grid workers (巡查页面仅供网格员使用)")
        }
        let lang = Lang.of(req)
        let grid = req.hewei.grid.current
        let assignments = try await GridWorkController().list(req: ConsoleAPI.request(req))
        let patrols = try await PatrolController().list(req: ConsoleAPI.request(req, query: [("worker", viewer.username)]))
        var open: PatrolDTOs.Detail?
        if let current = patrols.first(where: \.open) {
            open = try await PatrolController().show(req: ConsoleAPI.request(req, parameters: ["id": current.id.uuidString]))
        }
        var names: [String: String] = [:]
        for code in Set(assignments.map(\.cellCode) + patrols.map(\.cellCode)) { names[code] = grid.cell(code)?.name }
        let page = PatrolPage(assignments: assignments, open: open, recent: Array(patrols.prefix(10)), cellNames: names,
                              catalog: try await ConsoleCatalog.load(org: req.hewei.org, on: req.db),
                              flash: draft == nil ? Self.flash(req, lang: lang) : "", draft: draft, lang: lang)
        return HTML.render(req, title: lang.t("巡查", "Patrols"), nav: "patrols", path: "/console/patrols", body: page.render(), status: status)
    }

    /// The success message after a redirect (`?done=`), with a link to the order a report created.
    static func flash(_ req: Request, lang: Lang) -> String {
        switch req.query[String.self, at: "done"] {
        case "start": return HTML.flash(lang.t("巡查已开始。", "The patrol has started."))
        case "finding": return HTML.flash(lang.t("已记录发现。", "The finding is recorded."))
        case "end": return HTML.flash(lang.t("巡查已结束。", "The patrol has ended."))
        case "report":
            let code = req.query[String.self, at: "order"] ?? ""
            return "<p class=\"flash ok\" role=\"status\">\(lang.t("已上报为工单", "Reported as order")) "
                + "<a href=\"/console/orders/\(HTML.esc(code))\">\(HTML.esc(code))</a></p>"
        default: return ""
        }
    }

    /// A decimal form field; nil when empty.
    static func number(_ text: String?, _ field: String) throws -> Double? {
        guard let t = ConsoleAPI.given(text) else { return nil }
        guard let value = Double(t), value.isFinite else { throw HeweiError.invalidField(field, "must be a decimal number") }
        return value
    }
}
