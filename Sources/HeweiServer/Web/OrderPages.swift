import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/console/orders…`: the list, one order, and its action forms. Every read goes through
/// `OrderScope` and `OrderQueryRepository`, every change through the workflow, as in the API.
struct OrderPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("orders")
        orders.get(use: list)
        orders.get(":code", use: detail)
        orders.post(":code", "actions", ":action", use: act)
        orders.post(":code", "reveal", use: reveal)
    }

    func list(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let org = req.hewei.org
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let lang = Lang.of(req)
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        let catalog = try await ConsoleCatalog.load(org: org, channels: req.hewei.channels, on: req.db)
        var page = OrderListPage(rows: [], total: 0, page: 1, per: 20, query: query, catalog: catalog, error: nil, lang: lang)
        do {
            let filter = try OrderFilter.parse(query, org: org, channels: req.hewei.channels)
            let (items, total) = try await OrderQueryRepository.list(filter, scope: scope, on: req.db)
            page.rows = items.map { m in
                OrderListPage.Row(order: OrderDTO(m, viewer: viewer, org: org),
                                  categoryName: catalog.category(m.categoryCode).map { lang.t($0.name, $0.nameEn) },
                                  leadUnitName: org.unit(m.leadUnitID).map { ConsoleFormat.unitName($0, lang: lang) })
            }
            (page.total, page.page, page.per) = (total, filter.page, filter.per)
        } catch let error as HeweiError {
            page.error = ConsoleMessages.describe(error, lang: lang)
            return HTML.render(req, title: lang.t("工单列表", "Work orders"), nav: "orders", body: page.render(), status: error.status)
        }
        return HTML.render(req, title: lang.t("工单列表", "Work orders"), nav: "orders", body: page.render())
    }

    func detail(req: Request) async throws -> Response {
        let lang = Lang.of(req)
        let done = req.query[String.self, at: "done"].flatMap(OrderAction.init(rawValue:))
        let flash = done.map { lang.t("已完成：\($0.nameZh)", "Done: \($0.nameEn)") }
        return try await show(req, code: req.parameters.get("code") ?? "", flash: flash, draft: nil)
    }

    func act(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let code = req.parameters.get("code") ?? ""
        let order = try await Self.load(req, code: code, viewer: viewer)
        let name = req.parameters.get("action") ?? ""
        guard let action = OrderAction(rawValue: name), action != .accept, action != .recomputeDeadlines, action != .rate,
              action != .residentUpdate else {
            throw HeweiError.notFound("action '\(name)'")
        }
        let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
        do {
            _ = try await req.hewei.workflow(on: req.db).perform(action, on: order.id!, input: form.input(), by: viewer)
        } catch let error as HeweiError {
            if case .notFound = error { throw error }
            let draft = OrderActionForms.Draft(action: action.rawValue, form: form,
                                               error: ConsoleMessages.describe(error, lang: Lang.of(req)))
            return try await show(req, code: order.code, flash: nil, draft: draft, status: error.status)
        }
        return req.redirect(to: "/console/orders/\(order.code)?done=\(action.rawValue)", redirectType: .normal)
    }

    /// Shows the requester's contact in full, once, after the same checks as the API (role, scope,
    /// a reason) and with the same audit entry.
    func reveal(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let lang = Lang.of(req)
        let scope = try await OrderScope.of(viewer, .reveal, context: req.hewei, db: req.db)
        let order = try await OrderQueryRepository.find(req.parameters.get("code") ?? "", scope: scope, on: req.db)
        let reason: String
        do {
            reason = try RevealInput.reason(req)
        } catch let error as HeweiError {
            return try await show(req, code: order.code, flash: ConsoleMessages.describe(error, lang: lang), draft: nil, status: error.status)
        }
        req.audit.note = AuditNote(kind: "reveal", action: "orders.reveal", target: "order \(order.code)", reason: reason)
        let contact = ContactDTO(name: order.requesterName, phone: order.requesterPhone, anonymous: order.anonymous)
        return try await show(req, code: order.code, flash: nil, draft: nil, revealed: contact)
    }

    private func show(_ req: Request, code: String, flash: String?, draft: OrderActionForms.Draft?,
                      status: HTTPResponseStatus = .ok, revealed: ContactDTO? = nil) async throws -> Response {
        let viewer = try req.principal()
        let org = req.hewei.org
        let order = try await Self.load(req, code: code, viewer: viewer)
        let book = DeadlineBook(rules: req.hewei.rules.current)
        let deadlines = try await DeadlineModel.query(on: req.db).filter(\.$orderID == order.id!).sort(\.$startedAt).all()
            .map { DeadlineDTO($0, clock: try? book.clock(of: $0)) }
        let events = try await OrderEventModel.query(on: req.db).filter(\.$orderID == order.id!).sort(\.$seq).all()
            .map { EventDTO($0, org: org) }
        var page = OrderDetailPage(order: OrderDTO(order, viewer: viewer, org: org, handling: try await HandlingView.load(order, on: req.db)), deadlines: deadlines, events: events,
                                   catalog: try await ConsoleCatalog.load(org: org, on: req.db), draft: draft,
                                   flash: flash, lang: Lang.of(req))
        let workflow = req.hewei.workflow(on: req.db)
        page.cells = OrderCellsCard.cells(of: order, in: workflow.grid)
        page.revealed = revealed
        page.handling = try await HandlingController().handling(req: ConsoleAPI.request(req, parameters: ["key": order.code]))
        page.attachments = try await AttachmentsController().list(req: ConsoleAPI.request(req, parameters: ["key": order.code]))
        page.mayReveal = viewer.may(.orders, .reveal)
        page.links = try await OrderLinksController.visible(order, to: viewer, on: req.db)
        if order.state != WorkOrderState.closed.rawValue, let scope = try? await OrderScope.of(viewer, .list, context: req.hewei, db: req.db) {
            page.duplicates = try await DuplicateSuggestions.find(for: order, rules: DuplicateFinder.Rules(), scope: scope, on: req.db)
                .prefix(5).map { ($0.order.code, $0.similarity, $0.order.state) }
        }
        if let category = try await workflow.category(order.categoryCode, on: req.db),
           let decision = workflow.route(category, cells: workflow.cells(of: order)) {
            page.routing = decision
        }
        return HTML.render(req, title: order.code, nav: "orders", path: "/console/orders/\(order.code)", body: page.render(), status: status)
    }

    /// The order by code, within the viewer's scope (404 outside it, as in the API).
    static func load(_ req: Request, code: String, viewer: Principal) async throws -> WorkOrderModel {
        let scope = try await OrderScope.of(viewer, .read, context: req.hewei, db: req.db)
        return try await OrderQueryRepository.find(code, scope: scope, on: req.db)
    }
}
