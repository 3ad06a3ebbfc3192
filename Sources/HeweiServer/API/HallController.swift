import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/hall`: the walk-in hall (只进一扇门) — reception areas, visitor registration with a
/// queue number per area and local day, calling the next number at a counter, acting on a visit
/// (serve, triage into an order / petition / mediation case or answered, no-show, leave), and
/// the day's figures.
struct HallController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let h = routes.grouped("hall")
        h.get("areas", use: areas)
        h.post("areas", ":area", "call-next", use: callNext)
        h.get("visits", use: visits)
        h.post("visits", use: register)
        h.get("visits", ":id", use: visit)
        h.post("visits", ":id", "actions", ":action", use: act)
        h.get("figures", use: figures)
    }

    func areas(req: Request) async throws -> [HallAreaDTO] {
        try req.principal().require(.hall, .list)
        let today = HallDesk(req: req).today
        let waiting = try await HallVisitModel.query(on: req.db).filter(\.$queueDay == today)
            .filter(\.$state == HallVisitState.waiting.rawValue).field(\.$id).field(\.$area).all()
        return HallAreas.of(req).all.map { a in
            HallAreaDTO(code: a.code, prefix: a.prefix, name: a.name, nameEn: a.nameEn, counters: a.counters,
                        waiting: waiting.filter { $0.area == a.code }.count)
        }
    }

    func register(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.hall, .create)
        let v = try await HallDesk(req: req).register(try req.content.decode(HallRegisterInput.self), by: actor)
        return try await HallVisitDTO(v, cipher: req.hewei.cipher).encodeResponse(status: .created, for: req)
    }

    /// Visits of a local day (default today), filtered by `area` and `state`; queue order.
    func visits(req: Request) async throws -> Page<HallVisitDTO> {
        try req.principal().require(.hall, .list)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 50, range: 1...200)
        let day = try ConsoleAPI.given(req.query[String.self, at: "date"]).map { try ReceptionBook.date($0, "date").description }
            ?? HallDesk(req: req).today
        var q = HallVisitModel.query(on: req.db).filter(\.$queueDay == day)
        if let area = ConsoleAPI.given(req.query[String.self, at: "area"]) {
            guard HallAreas.of(req).area(area) != nil else { throw HeweiError.invalidField("area", "no hall area '\(area)'") }
            q = q.filter(\.$area == area)
        }
        if let state = ConsoleAPI.given(req.query[String.self, at: "state"]) {
            q = q.filter(\.$state == (try Validate.choice(state, "state", as: HallVisitState.self)).rawValue)
        }
        let total = try await q.copy().count()
        let items = try await q.sort(\.$registeredAt).sort(\.$area).sort(\.$queueNumber).range((page - 1) * per ..< page * per).all()
        return Page(items: items.map { HallVisitDTO($0, cipher: req.hewei.cipher) }, page: page, per: per, total: total)
    }

    func visit(req: Request) async throws -> HallVisitDTO {
        try req.principal().require(.hall, .read)
        guard let v = try await HallVisitModel.find(try ReceptionController.id(req), on: req.db) else { throw HeweiError.notFound("hall visit") }
        return HallVisitDTO(v, cipher: req.hewei.cipher)
    }

    func callNext(req: Request) async throws -> HallVisitDTO {
        let actor = try req.principal()
        try actor.require(.hall, .change)
        let input = try req.content.decode(HallCallInput.self)
        let v = try await HallDesk(req: req).callNext(area: req.parameters.get("area") ?? "", counter: input.counter, by: actor)
        return HallVisitDTO(v, cipher: req.hewei.cipher)
    }

    func act(req: Request) async throws -> HallVisitDTO {
        let actor = try req.principal()
        try actor.require(.hall, .change)
        let action = try Validate.choice(req.parameters.get("action"), "action", as: HallVisitAction.self)
        let input = req.body.data == nil ? HallActionInput(note: nil, outcome: nil, referral: nil) : try req.content.decode(HallActionInput.self)
        let v = try await HallDesk(req: req).act(try ReceptionController.id(req), action, input, by: actor)
        return HallVisitDTO(v, cipher: req.hewei.cipher)
    }

    /// The figures of a local day (default today): waiting, average wait, served, by area.
    func figures(req: Request) async throws -> HallFiguresDTO {
        try req.principal().require(.hall, .list)
        let day = try ConsoleAPI.given(req.query[String.self, at: "date"]).map { try ReceptionBook.date($0, "date").description }
            ?? HallDesk(req: req).today
        let rows = try await HallVisitModel.query(on: req.db).filter(\.$queueDay == day).all()
        return HallFigures.compute(rows, day: day, areas: HallAreas.of(req))
    }
}

/// The day's hall figures from its visits.
enum HallFigures {
    static func compute(_ rows: [HallVisitModel], day: String, areas: HallAreas) -> HallFiguresDTO {
        func avg(_ xs: [TimeInterval]) -> Int? { xs.isEmpty ? nil : Int((xs.reduce(0, +) / Double(xs.count)).rounded()) }
        func waits(_ rs: [HallVisitModel]) -> [TimeInterval] { rs.compactMap { r in r.calledAt.map { $0.timeIntervalSince(r.registeredAt) } } }
        func count(_ rs: [HallVisitModel], _ s: HallVisitState) -> Int { rs.filter { $0.state == s.rawValue }.count }
        let service = rows.compactMap { r -> TimeInterval? in
            guard r.state == HallVisitState.triaged.rawValue, let start = r.servingAt, let end = r.finishedAt else { return nil }
            return end.timeIntervalSince(start)
        }
        let byArea = areas.all.map { a -> HallFiguresDTO.Area in
            let rs = rows.filter { $0.area == a.code }
            return .init(area: a.code, name: a.name, registered: rs.count, waiting: count(rs, .waiting), served: count(rs, .triaged),
                         averageWaitSeconds: avg(waits(rs)))
        }
        return HallFiguresDTO(day: day, registered: rows.count, waiting: count(rows, .waiting), served: count(rows, .triaged),
                              noShow: count(rows, .noShow), left: count(rows, .left), averageWaitSeconds: avg(waits(rows)),
                              averageServiceSeconds: avg(service), byArea: byArea)
    }
}
