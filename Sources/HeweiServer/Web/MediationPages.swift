import Foundation
import HeweiCore
import Vapor

/// `/console/mediation`: the mediation cases in the user's scope (filters, paging, figures, a
/// new-case form), one case with its history, clocks and a form per allowed action, and the
/// agreement document for printing. Every read and write goes through `MediationController`.
struct MediationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let m = routes.grouped("mediation")
        m.get(use: list)
        m.post("cases", use: create)
        m.get("agreement.css", use: css)
        m.get("cases", ":code", use: detail)
        // Short form used by other pages' links (/console/mediation/{code}).
        m.get(":code", use: { req in req.redirect(to: "/console/mediation/cases/\(req.parameters.get("code") ?? "")", redirectType: .normal) })
        m.get("cases", ":code", "agreement", use: agreement)
        m.post("cases", ":code", "reveal", use: reveal)
        m.post("cases", ":code", ":action", use: act)
    }

    static let filterKeys = ["state", "source", "disputeType", "room", "q", "from", "to", "sort", "page", "per"]

    func list(req: Request, flash: String? = nil, error: String? = nil, form: [String: String] = [:],
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        let pairs = Self.filterKeys.compactMap { k in query[k].map { (k, $0) } }
        let viewer = try req.principal()
        var view = MediationListView(lang: lang, query: query, mayCreate: viewer.may(.mediation, .create))
        do {
            view.result = try await MediationController().list(req: ConsoleAPI.request(req, query: pairs))
            view.figures = try await MediationController().figures(req: ConsoleAPI.request(req, query: pairs.filter { ["from", "to"].contains($0.0) } + [("groupBy", "type")]))
        } catch let e as HeweiError {
            if case .forbidden = e { throw e }
            view.error = ConsoleMessages.describe(e, lang: lang)
            return HTML.render(req, title: lang.t("人民调解", "Mediation"), nav: "mediation", path: "/console/mediation",
                               body: try await view.render(req), status: e.status)
        }
        view.flash = flash
        view.formError = error
        view.form = form
        return HTML.render(req, title: lang.t("人民调解", "Mediation"), nav: "mediation", path: "/console/mediation",
                           body: try await view.render(req), status: status)
    }

    func list(req: Request) async throws -> Response { try await list(req: req, flash: nil) }

    func create(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            let opening = MediationForms.opening(form)
            let res = try await MediationController().create(req: try ConsoleAPI.request(req, body: opening))
            let code = try res.content.decode(MediationCaseDTO.self).code
            return req.redirect(to: "/console/mediation/cases/\(code)?done=open", redirectType: .normal)
        } catch let e as HeweiError {
            if case .forbidden = e { throw e }
            return try await list(req: req, error: ConsoleMessages.describe(e, lang: lang), form: form, status: e.status)
        }
    }

    func detail(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let done = req.query[String.self, at: "done"]
        return try await show(req, flash: done.map { lang.t("已完成：\(MediationText.action($0, lang))", "Done: \($0)") })
    }

    func show(_ req: Request, flash: String? = nil, error: String? = nil, revealed: MediationPartiesDTO? = nil,
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let code = req.parameters.get("code") ?? ""
        let dto = try await MediationController().read(req: ConsoleAPI.request(req, parameters: ["code": code]))
        let viewer = try req.principal()
        let view = MediationDetailView(c: dto, lang: lang, mayChange: viewer.may(.mediation, .change),
                                       mayReveal: viewer.may(.mediation, .reveal), revealed: revealed)
        return HTML.render(req, title: "\(lang.t("调解案件", "Mediation case")) \(dto.code)", nav: "mediation",
                           path: "/console/mediation/cases/\(dto.code)",
                           body: HTML.flash(flash) + HTML.flash(error, error: true) + (try await view.render(req)), status: status)
    }

    func act(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let action = req.parameters.get("action") ?? ""
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            let input = try MediationForms.input(form)
            _ = try await MediationController().act(req: try ConsoleAPI.request(req, parameters: ["code": code, "action": action], body: input))
        } catch let e as HeweiError {
            switch e {
            case .notFound, .forbidden: throw e
            default: return try await show(req, error: ConsoleMessages.describe(e, lang: Lang.of(req)), status: e.status)
            }
        }
        return req.redirect(to: "/console/mediation/cases/\(code)?done=\(action)", redirectType: .normal)
    }

    func reveal(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
        do {
            let parties = try await MediationController().reveal(req: try ConsoleAPI.request(req, parameters: ["code": code], body: RevealInput(reason: reason)))
            req.audit.note = AuditNote(kind: "reveal", action: "mediation.reveal", target: "mediation case \(code)", reason: reason)
            return try await show(req, revealed: parties)
        } catch let e as HeweiError {
            switch e {
            case .notFound, .forbidden: throw e
            default: return try await show(req, error: ConsoleMessages.describe(e, lang: Lang.of(req)), status: e.status)
            }
        }
    }

    func agreement(req: Request) async throws -> Response {
        let reason = ConsoleAPI.given(req.query[String.self, at: "reason"])
        let res = try await MediationController().agreement(req: ConsoleAPI.request(req, parameters: ["code": req.parameters.get("code") ?? ""],
                                                                                      query: reason.map { [("reason", $0)] } ?? []))
        if let reason { req.audit.note = AuditNote(kind: "reveal", action: "mediation.reveal", target: "mediation agreement \(req.parameters.get("code") ?? "")", reason: reason) }
        return res
    }

    func css(req: Request) async throws -> Response {
        let res = Response(status: .ok, body: .init(string: MediationAgreementDocument.stylesheet))
        res.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        return res
    }
}
