import Fluent
import Foundation
import HeweiCore
import Vapor

/// `GET /api/v1/orders/{key}/links`: the mediation cases and petitions converted from an order and
/// the reception booking or walk-in visit it came from — each shown only to roles that may read
/// that kind of record (a petition's existence is itself need-to-know).
struct OrderLinksController: RouteCollection {
    struct LinkDTO: Content {
        /// `mediation`, `petition`, `reception` or `hallVisit`.
        var kind: String
        var code: String
        var state: String
        var href: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("orders", ":key", "links", use: links)
    }

    func links(req: Request) async throws -> [LinkDTO] {
        let (_, order) = try await OrdersController().load(req)
        return try await Self.visible(order, to: try req.principal(), on: req.db)
    }

    static func visible(_ order: WorkOrderModel, to viewer: Principal, on db: any Database) async throws -> [LinkDTO] {
        try await OrderLinksRepository.links(orderID: order.id!, code: order.code, on: db).compactMap { row in
            switch row.kind {
            case "mediation":
                guard viewer.may(.mediation, .read) else { return nil }
                return LinkDTO(kind: row.kind, code: row.code, state: row.state, href: "/api/v1/mediation/cases/\(row.code)")
            case "petition":
                // Unit handlers see petitions only through the petitions' own scope, never from an order.
                guard viewer.may(.petitions, .read), viewer.role != .unitHandler else { return nil }
                return LinkDTO(kind: row.kind, code: row.code, state: row.state, href: "/api/v1/petitions/\(row.code)")
            case "reception":
                guard viewer.may(.reception, .read) else { return nil }
                return LinkDTO(kind: row.kind, code: row.code, state: row.state, href: nil)
            default:
                guard viewer.may(.hall, .read) else { return nil }
                return LinkDTO(kind: row.kind, code: row.code, state: row.state, href: nil)
            }
        }
    }
}
