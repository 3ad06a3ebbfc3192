import Fluent
import Foundation
import HeweiCore
import Vapor

/// `GET /api/v1/orders/{key}/handling` (assisting units, claim pool, supervision notices, merged
/// orders) and `GET /api/v1/supervision` (the notices in the caller's scope: the supervision queue).
struct HandlingController: RouteCollection {
    struct ParticipantDTO: Content {
        var unit: String
        var unitName: String?
        var round: Int
        var status: String
        var openedAt: Date
        var closedAt: Date?
        var note: String?
    }

    struct NoticeDTO: Content {
        var id: UUID
        var order: String
        var round: Int
        var kind: String
        var level: String
        var holder: String?
        var respondent: String?
        var reason: String
        var issuedBy: String
        var issuedAt: Date
        var dueAt: Date?
        var status: String
        var response: String?
        var respondedAt: Date?
        var respondedBy: String?
        var escalatedFrom: UUID?
    }

    struct LinkDTO: Content {
        var code: String
        var state: String
    }

    struct HandlingDTO: Content {
        /// assignment, joint (联办), pool (抢单) or supervised (督办).
        var mode: String
        var parent: LinkDTO?
        var children: [LinkDTO]
        var assisting: [ParticipantDTO]
        var pool: [ParticipantDTO]
        var notices: [NoticeDTO]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("orders", ":key", "handling", use: handling)
        routes.get("supervision", use: notices)
    }

    func handling(req: Request) async throws -> HandlingDTO {
        let (_, order) = try await OrdersController().load(req)
        let view = try await HandlingView.load(order, on: req.db)
        let org = req.hewei.org
        func p(_ r: OrderUnitModel) -> ParticipantDTO {
            ParticipantDTO(unit: org.unit(r.unitID)?.code ?? "", unitName: org.unit(r.unitID)?.name, round: r.round, status: r.status,
                           openedAt: r.openedAt, closedAt: r.closedAt, note: r.note)
        }
        return HandlingDTO(mode: view.mode, parent: view.parent.map { LinkDTO(code: $0.code, state: $0.state) },
                           children: view.children.map { LinkDTO(code: $0.code, state: $0.state) },
                           assisting: view.assisting.map(p), pool: view.pool.map(p),
                           notices: view.notices.map { Self.dto($0, order: order.code, org: org) })
    }

    static func dto(_ n: SupervisionNoticeModel, order: String, org: OrgDirectory) -> NoticeDTO {
        NoticeDTO(id: n.id!, order: order, round: n.round, kind: n.kind, level: n.level, holder: org.unit(n.holderUnitID)?.code,
                  respondent: org.unit(n.respondentUnitID)?.code, reason: n.reason, issuedBy: n.issuedBy, issuedAt: n.issuedAt,
                  dueAt: n.dueAt, status: n.status, response: n.response, respondedAt: n.respondedAt, respondedBy: n.respondedBy,
                  escalatedFrom: n.escalatedFromID)
    }

    /// The supervision queue: notices held by or addressed to the caller's units, `status` open by default.
    func notices(req: Request) async throws -> Page<NoticeDTO> {
        let viewer = try req.principal()
        let scope = try await OrderScope.of(viewer, .list, context: req.hewei, db: req.db)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        let status = try Validate.choice(req.query[String.self, at: "status"] ?? "open", "status", as: SupervisionNoticeModel.Status.self)
        let (items, total, codes) = try await SupervisionQueue.page(scope: scope, status: status, page: page, per: per, on: req.db)
        return Page(items: items.map { Self.dto($0, order: codes[$0.orderID] ?? "", org: req.hewei.org) }, page: page, per: per, total: total)
    }
}

/// The notices a scope sees: held by or addressed to one of its units (all for the city centre;
/// a grid worker sees those on orders in their cells). Oldest response deadline first.
enum SupervisionQueue {
    static func page(scope: OrderScope, status: SupervisionNoticeModel.Status, page: Int, per: Int,
                     on db: any Database) async throws -> ([SupervisionNoticeModel], Int, [UUID: String]) {
        var q = SupervisionNoticeModel.query(on: db).filter(\.$status == status.rawValue)
        if scope.cells != nil {
            let ids = try await scope.apply(WorkOrderModel.query(on: db)).field(\.$id).limit(10_000).all().compactMap(\.id)
            q = q.filter(\.$orderID ~~ ids)
        } else if let units = scope.units {
            let ids = Array(units)
            q = q.group(.or) { $0.filter(\.$holderUnitID ~~ ids).filter(\.$respondentUnitID ~~ ids) }
        }
        let total = try await q.copy().count()
        let items = try await q.sort(\.$dueAt, .ascending).sort(\.$issuedAt).sort(\.$id).range((page - 1) * per ..< page * per).all()
        let orders = items.isEmpty ? [] : try await WorkOrderModel.query(on: db).filter(\.$id ~~ items.map(\.orderID)).field(\.$id).field(\.$code).all()
        return (items, total, Dictionary(uniqueKeysWithValues: orders.map { ($0.id!, $0.code) }))
    }
}
