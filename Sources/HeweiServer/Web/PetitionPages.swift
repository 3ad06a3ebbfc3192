import Foundation
import HeweiCore
import Vapor

/// `/console/petitions` (信访): list with filters and the registration form; the petition page with
/// clocks, history, review chain, earlier-case warning and one form per allowed action. Every page
/// goes through the API's handlers (same rights, scope, masking and writes).
struct PetitionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("petitions", use: list)
        routes.post("petitions", use: register)
        routes.get("petitions", ":code", use: show)
        routes.post("petitions", ":code", "actions", ":action", use: act)
        routes.post("petitions", ":code", "reveal", use: reveal)
    }

    static let filterKeys = ["state", "type", "stage", "unit", "q", "sort", "page"]

    func list(req: Request) async throws -> Response {
        try await renderList(req, flash: nil, status: .ok)
    }

    func renderList(_ req: Request, flash: String?, status: HTTPResponseStatus) async throws -> Response {
        let lang = Lang.of(req)
        let query = Self.filterKeys.compactMap { k in req.query[String.self, at: k].map { (k, $0) } }
        let result = try await PetitionsController().list(req: ConsoleAPI.request(req, query: query))
        let viewer = try req.principal()
        let body = PetitionListPage(result: result, query: Dictionary(query, uniquingKeysWith: { a, _ in a }), lang: lang,
                                    mayRegister: viewer.may(.petitions, .create), mayExport: viewer.may(.petitions, .export)).render(flash: flash)
        return HTML.render(req, title: lang.t("信访", "Petitions"), nav: "petitions", path: "/console/petitions", body: body, status: status)
    }

    func register(req: Request) async throws -> Response {
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        let person = PetitionerInput(name: f["name"] ?? "", idNumber: ConsoleAPI.given(f["idNumber"]),
                                     phone: ConsoleAPI.given(f["phone"]), address: ConsoleAPI.given(f["address"]))
        let input = PetitionRegistration(channel: f["channel"] ?? "", type: ConsoleAPI.given(f["type"]), matter: ConsoleAPI.given(f["matter"]),
                                         petitioners: ConsoleAPI.given(person.name) == nil ? nil : [person],
                                         concernedUnitCode: ConsoleAPI.given(f["concernedUnitCode"]),
                                         sourceOrderCode: ConsoleAPI.given(f["sourceOrderCode"]), parentCode: ConsoleAPI.given(f["parentCode"]))
        do {
            let response = try await PetitionsController().register(req: try ConsoleAPI.request(req, body: input))
            let dto = try ConsoleAPI.decode(response, as: PetitionDTO.self)
            return req.redirect(to: "/console/petitions/\(dto.code)?done=register", redirectType: .normal)
        } catch let error as HeweiError {
            if case .forbidden = error { throw error }
            return try await renderList(req, flash: ConsoleMessages.describe(error, lang: Lang.of(req)), status: error.status)
        }
    }

    func show(req: Request) async throws -> Response {
        try await render(req, code: req.parameters.get("code") ?? "", flash: nil, status: .ok)
    }

    func render(_ req: Request, code: String, flash: String?, error: Bool = true, revealed: PetitionersDTO? = nil,
                status: HTTPResponseStatus) async throws -> Response {
        let lang = Lang.of(req)
        let api = PetitionsController()
        let sub = ConsoleAPI.request(req, parameters: ["code": code])
        let dto = try await api.show(req: sub)
        let events = try await api.events(req: sub)
        let clocks = try await api.clocks(req: sub)
        let viewer = try req.principal()
        let done = req.query[String.self, at: "done"].flatMap(PetitionAction.init(rawValue:))
        let message = flash ?? done.map { lang.t("已完成：\($0.zh)", "Done: \($0.rawValue)") }
        let page = PetitionDetailPage(p: dto, events: events, clocks: clocks, lang: lang, mayReveal: viewer.may(.petitions, .reveal),
                                      revealed: revealed)
        return HTML.render(req, title: dto.code, nav: "petitions", path: "/console/petitions/\(dto.code)",
                           body: HTML.flash(message, error: flash != nil && error) + page.render(), status: status)
    }

    func act(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let action = req.parameters.get("action") ?? ""
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        var input = PetitionActionInput()
        input.unitCode = ConsoleAPI.given(f["unitCode"])
        input.decision = ConsoleAPI.given(f["decision"])
        input.reason = ConsoleAPI.given(f["reason"])
        input.notice = ConsoleAPI.given(f["notice"])
        input.days = f["days"].flatMap { Int($0) }
        input.reply = ConsoleAPI.given(f["reply"])
        input.note = ConsoleAPI.given(f["note"])
        input.applicantConsent = f["applicantConsent"] == "on" || f["applicantConsent"] == "true"
        input.respondentConsent = f["respondentConsent"] == "on" || f["respondentConsent"] == "true"
        input.disputeType = ConsoleAPI.given(f["disputeType"])
        if let name = ConsoleAPI.given(f["respondentName"]) {
            input.respondent = MediationParty(name: name, kind: f["respondentKind"] ?? "person", phone: ConsoleAPI.given(f["respondentPhone"]),
                                              idNumber: nil, address: nil)
        }
        do {
            _ = try await PetitionsController().act(req: try ConsoleAPI.request(req, parameters: ["code": code, "action": action], body: input))
        } catch let error as HeweiError {
            if case .notFound = error { throw error }
            return try await render(req, code: code, flash: ConsoleMessages.describe(error, lang: Lang.of(req)), status: error.status)
        }
        return req.redirect(to: "/console/petitions/\(code)?done=\(action)", redirectType: .normal)
    }

    func reveal(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        do {
            let sub = try ConsoleAPI.request(req, parameters: ["code": code], body: RevealInput(reason: reason))
            let people = try await PetitionsController().reveal(req: sub)
            req.audit.note = sub.audit.note
            return try await render(req, code: code, flash: nil, revealed: people, status: .ok)
        } catch let error as HeweiError {
            if case .notFound = error { throw error }
            return try await render(req, code: code, flash: ConsoleMessages.describe(error, lang: Lang.of(req)), status: error.status)
        }
    }
}
