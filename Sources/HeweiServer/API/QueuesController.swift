import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/queues/{queue}`: objections, extension requests and follow-ups waiting for a decision,
/// oldest first, within the caller's scope (see `ReviewQueue`).
struct QueuesController: RouteCollection {
    struct EntryDTO: Content {
        var order: OrderDTO
        /// When the request was made (the objection, the extension request, the reply).
        var requestedAt: Date?
        var requestedBy: String?
        /// The reason given (objection, extension) or the reply to follow up.
        var reason: String?
        /// For extension requests: how much more time.
        var extensionAsked: String?
        /// Working the queue means one of these actions.
        var decisions: [String]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("queues", ":queue", use: list)
    }

    func list(req: Request) async throws -> Page<EntryDTO> {
        let viewer = try req.principal()
        let queue = try Validate.choice(req.parameters.get("queue"), "queue", as: ReviewQueue.self)
        guard let role = viewer.role, queue.roles.contains(role) else {
            throw HeweiError.forbidden("role '\(viewer.roleName)' does not work the \(queue.rawValue) queue")
        }
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        let (items, total) = try await queue.entries(scope: scope, page: page, per: per, on: req.db)
        return Page(items: items.map { Self.dto($0, queue: queue, viewer: viewer, org: req.hewei.org) }, page: page, per: per, total: total)
    }

    static func dto(_ e: ReviewQueue.Entry, queue: ReviewQueue, viewer: Principal, org: OrgDirectory) -> EntryDTO {
        let data = e.cause.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.data.utf8)) } ?? [:]
        return EntryDTO(order: OrderDTO(e.order, viewer: viewer, org: org), requestedAt: e.cause?.at, requestedBy: e.cause?.actorName,
                        reason: e.cause?.note, extensionAsked: data["extension"], decisions: queue.decisions.map(\.rawValue))
    }
}
