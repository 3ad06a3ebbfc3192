import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/orders`: intake, list, read, timeline, deadlines and actions.
struct OrdersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("orders")
        orders.get(use: list)
        orders.post(use: create)
        orders.get("export", use: export)
        orders.post(":key", "reveal", use: reveal)
        orders.get(":key", "duplicates", use: duplicates)
        orders.get(":key", use: show)
        orders.get(":key", "timeline", use: timeline)
        orders.get(":key", "deadlines", use: deadlines)
        orders.post(":key", "actions", ":action", use: act)
    }

    func list(req: Request) async throws -> Page<OrderDTO> {
        let viewer = try req.principal()
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let filter = try OrderFilter.parse(try req.query.decode([String: String].self), org: req.hewei.org, channels: req.hewei.channels)
        let (items, total) = try await OrderQueryRepository.list(filter, scope: scope, on: req.db)
        return Page(items: items.map { OrderDTO($0, viewer: viewer, org: req.hewei.org) }, page: filter.page, per: filter.per, total: total)
    }

    func create(req: Request) async throws -> Response {
        let viewer = try req.principal()
        try viewer.require(.orders, .create)
        let input = try req.content.decode(IntakeInput.self)
        let key = req.headers.first(name: "Idempotency-Key")
        let result = try await req.hewei.workflow(on: req.db).intake(input, by: viewer, idempotencyKey: key)
        if !result.replayed { req.hewei.metrics.ordersCreated(channel: result.order.channel).increment() }
        let response = Response(status: result.replayed ? .ok : .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/orders/\(result.order.code)")
        if result.replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        try response.content.encode(OrderDTO(result.order, viewer: viewer, org: req.hewei.org), as: .json)
        return response
    }

    func show(req: Request) async throws -> OrderDTO {
        let (viewer, order) = try await load(req)
        return OrderDTO(order, viewer: viewer, org: req.hewei.org, handling: try await HandlingView.load(order, on: req.db))
    }

    func timeline(req: Request) async throws -> [EventDTO] {
        let (_, order) = try await load(req)
        return try await OrderEventModel.query(on: req.db).filter(\.$orderID == order.id!).sort(\.$seq).all()
            .map { EventDTO($0, org: req.hewei.org) }
    }

    func deadlines(req: Request) async throws -> [DeadlineDTO] {
        let (_, order) = try await load(req)
        let book = DeadlineBook(rules: req.hewei.rules.current)
        return try await DeadlineModel.query(on: req.db).filter(\.$orderID == order.id!).sort(\.$startedAt).all()
            .map { DeadlineDTO($0, clock: try? book.clock(of: $0)) }
    }

    func act(req: Request) async throws -> OrderDTO {
        let (viewer, order) = try await load(req, .change)
        let name = req.parameters.get("action") ?? ""
        guard let action = OrderAction(rawValue: name), action != .accept, action != .recomputeDeadlines, action != .rate,
              action != .residentUpdate else {
            throw HeweiError.notFound("action '\(name)'")
        }
        let input = req.body.data == nil ? ActionInput() : try req.content.decode(ActionInput.self)
        let updated = try await req.hewei.workflow(on: req.db).perform(action, on: order.id!, input: input, by: viewer)
        return OrderDTO(updated, viewer: viewer, org: req.hewei.org, handling: try await HandlingView.load(updated, on: req.db))
    }

    struct DuplicateDTO: Content {
        var order: OrderDTO
        /// Wording similarity, 0–1 (character bigrams).
        var similarity: Double
        /// Metres apart, when both have coordinates.
        var distanceMeters: Double?
    }

    /// Likely duplicates (并单候选): `hours` (default 72), `radius` in metres (default 500),
    /// `minSimilarity` (default 0.3); most similar first, within the caller's scope.
    func duplicates(req: Request) async throws -> [DuplicateDTO] {
        let (viewer, order) = try await load(req)
        let q = try req.query.decode([String: String].self)
        let hours = try Validate.int(q["hours"], "hours", default: 72, range: 1...720)
        let radius = try Validate.int(q["radius"], "radius", default: 500, range: 1...50_000)
        let minimum = try q["minSimilarity"].map { text -> Double in
            guard let v = Double(text), (0...1).contains(v) else { throw HeweiError.invalidField("minSimilarity", "must be a number from 0 to 1") }
            return v
        } ?? 0.3
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let rules = DuplicateFinder.Rules(window: Double(hours) * 3600, radius: Double(radius), minimumSimilarity: minimum)
        return try await DuplicateSuggestions.find(for: order, rules: rules, scope: scope, on: req.db).map {
            DuplicateDTO(order: OrderDTO($0.order, viewer: viewer, org: req.hewei.org), similarity: ($0.similarity * 1000).rounded() / 1000,
                         distanceMeters: $0.distance.map { $0.rounded() })
        }
    }

    /// The requester's name and phone in full, for someone who must call them: needs the role,
    /// the order in scope, and a reason, which goes into the audit trail with the reveal.
    func reveal(req: Request) async throws -> ContactDTO {
        let (viewer, order) = try await load(req, .reveal)
        let reason = try RevealInput.reason(req)
        req.audit.note = AuditNote(kind: "reveal", action: "orders.reveal", target: "order \(order.code)", reason: reason)
        _ = viewer
        return ContactDTO(name: order.requesterName, phone: order.requesterPhone, anonymous: order.anonymous)
    }

    /// The order list as CSV, or XLSX with `format=xlsx` (same filters as the list; at most
    /// `OrderExport.maxRows` rows), with personal data masked; recorded in the audit trail.
    func export(req: Request) async throws -> Response {
        let viewer = try req.principal()
        let scope = try await OrderScope.of(viewer, .export, context: req.hewei, db: req.db)
        let query = try req.query.decode([String: String].self)
        let format = try Validate.choice(query["format"] ?? "csv", "format", as: OrderExport.Format.self)
        var filter = try OrderFilter.parse(query, org: req.hewei.org, channels: req.hewei.channels)
        filter.page = 1
        filter.per = OrderExport.maxRows
        let (items, total) = try await OrderQueryRepository.list(filter, scope: scope, on: req.db)
        req.audit.note = AuditNote(kind: "export", action: "orders.export", target: req.url.string, reason: "\(items.count) of \(total) orders")
        let response: Response
        switch format {
        case .csv:
            response = Response(status: .ok, body: .init(string: OrderExport.csv(items, viewer: viewer, org: req.hewei.org)))
            response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"orders.csv\"")
        case .xlsx:
            response = Response(status: .ok, body: .init(data: OrderExport.xlsx(items, viewer: viewer, org: req.hewei.org)))
            response.headers.replaceOrAdd(name: .contentType, value: XLSX.contentType)
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"orders.xlsx\"")
        }
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        return response
    }

    func load(_ req: Request, _ operation: AccessOperation = .read) async throws -> (Principal, WorkOrderModel) {
        let viewer = try req.principal()
        // Acting on an order needs the right to read it; the action's own permission is the workflow's.
        let scope = try await OrderScope.of(viewer, operation == .change ? .read : operation, context: req.hewei, db: req.db)
        if operation == .change { try viewer.requireTokenScope(AccessPolicy.tokenScope(.orders, .change)) }
        let order = try await OrderQueryRepository.find(req.parameters.get("key") ?? "", scope: scope, on: req.db)
        return (viewer, order)
    }
}
