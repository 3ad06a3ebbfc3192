import Foundation
import HeweiCore
import Vapor

/// `/console/intake`: the intake form; posting it registers the order through the workflow and opens it.
struct IntakePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("intake", use: form)
        routes.post("intake", use: submit)
    }

    func form(req: Request) async throws -> Response {
        let viewer = try Self.clerk(req)
        return try await render(req, viewer: viewer, form: .blank(), error: nil)
    }

    func submit(req: Request) async throws -> Response {
        let viewer = try Self.clerk(req)
        let form = (try? req.content.decode(IntakeForm.self)) ?? .blank()
        do {
            let key = form.submission.map { "console-\($0)" }
            let result = try await req.hewei.workflow(on: req.db).intake(try form.input(), by: viewer, idempotencyKey: key)
            if !result.replayed { req.hewei.metrics.ordersCreated(channel: result.order.channel).increment() }
            return req.redirect(to: "/console/orders/\(result.order.code)?done=accept", redirectType: .normal)
        } catch let error as HeweiError {
            return try await render(req, viewer: viewer, form: form, error: error)
        }
    }

    private func render(_ req: Request, viewer: Principal, form: IntakeForm, error: HeweiError?) async throws -> Response {
        let lang = Lang.of(req)
        let page = IntakePage(form: form, catalog: try await ConsoleCatalog.load(org: req.hewei.org, channels: req.hewei.channels, on: req.db),
                              error: error.map { ConsoleMessages.describe($0, lang: lang) }, errorField: error?.field,
                              canAnswerAtOnce: viewer.role.map { OrderPermissions.may($0, .answerAtOnce) } ?? false, lang: lang)
        return HTML.render(req, title: lang.t("受理登记", "Intake"), nav: "intake", body: page.render(), status: error?.status ?? .ok)
    }

    /// The signed-in user, who must be allowed to register requests.
    static func clerk(_ req: Request) throws -> Principal {
        let viewer = try req.principal()
        try viewer.require(.orders, .create)
        return viewer
    }
}
