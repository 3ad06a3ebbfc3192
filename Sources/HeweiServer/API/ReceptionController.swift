import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/reception`: leaders' reception days (领导接访), residents' bookings within capacity,
/// cancellation and the outcome on the day (answered, referred into an order / petition /
/// mediation case, or no-show).
struct ReceptionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let r = routes.grouped("reception")
        r.get("days", use: days)
        r.post("days", use: createDay)
        r.get("days", ":id", use: day)
        r.put("days", ":id", use: changeDay)
        r.post("days", ":id", "cancel", use: cancelDay)
        r.post("days", ":id", "bookings", use: book)
        r.get("bookings", use: bookings)
        r.post("bookings", ":id", "actions", ":action", use: act)
        r.post("bookings", ":id", "outcome", use: outcome)
    }

    static func id(_ req: Request) throws -> UUID {
        guard let text = req.parameters.get("id"), let id = UUID(uuidString: text) else { throw HeweiError.notFound("record") }
        return id
    }

    static func dtos(_ days: [ReceptionDayModel], on db: any Database) async throws -> [ReceptionDayDTO] {
        let ids = days.compactMap(\.leaderUserID)
        let users = ids.isEmpty ? [] : try await UserModel.query(on: db).filter(\.$id ~~ ids).all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.username) })
        return days.map { ReceptionDayDTO($0, leaderUsername: $0.leaderUserID.flatMap { names[$0] }) }
    }

    /// Upcoming days (today and later, soonest first) unless `month=YYYY-MM` asks for one month.
    func days(req: Request) async throws -> Page<ReceptionDayDTO> {
        try req.principal().require(.reception, .list)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        var q = ReceptionDayModel.query(on: req.db)
        if let month = ConsoleAPI.given(req.query[String.self, at: "month"]) {
            guard month.count == 7, let first = CivilDate(month + "-01") else { throw HeweiError.invalidField("month", "must be YYYY-MM") }
            let next = first.month == 12 ? CivilDate(year: first.year + 1, month: 1, day: 1)! : CivilDate(year: first.year, month: first.month + 1, day: 1)!
            q = q.filter(\.$date >= first.description).filter(\.$date < next.description)
        } else {
            let today = req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now())
            q = q.filter(\.$date >= today.description)
        }
        let total = try await q.copy().count()
        let items = try await q.sort(\.$date).sort(\.$starts).sort(\.$id).range((page - 1) * per ..< page * per).all()
        return Page(items: try await Self.dtos(items, on: req.db), page: page, per: per, total: total)
    }

    func createDay(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.reception, .create)
        let day = try await ReceptionBook(req: req).createDay(try req.content.decode(ReceptionDayInput.self), by: actor)
        return try await (try await Self.dtos([day], on: req.db))[0].encodeResponse(status: .created, for: req)
    }

    func day(req: Request) async throws -> ReceptionDayDetailDTO {
        try req.principal().require(.reception, .read)
        guard let day = try await ReceptionDayModel.find(try Self.id(req), on: req.db) else { throw HeweiError.notFound("reception day") }
        let bookings = try await ReceptionBookingModel.query(on: req.db).filter(\.$dayID == day.id!).sort(\.$createdAt).sort(\.$id).all()
        let events = try await CaseEventLog.history(.receptionDay, day.id!, on: req.db).map(CaseEventDTO.init)
        return ReceptionDayDetailDTO(day: try await Self.dtos([day], on: req.db)[0],
                                     bookings: bookings.map { ReceptionBookingDTO($0, cipher: req.hewei.cipher) }, events: events)
    }

    /// Changes an upcoming day (petition staff, leaders); the event names every field changed.
    func changeDay(req: Request) async throws -> ReceptionDayDTO {
        let actor = try req.principal()
        try actor.require(.reception, .change)
        let input = try req.content.decode(ReceptionDayInput.self)
        let day = try await ReceptionBook(req: req).changeDay(try Self.id(req), input, note: input.note, by: actor)
        return try await Self.dtos([day], on: req.db)[0]
    }

    /// Cancels an upcoming day with a reason, and every booking still holding a place on it.
    func cancelDay(req: Request) async throws -> ReceptionDayCancelled {
        let actor = try req.principal()
        try actor.require(.reception, .change)
        let input = try req.content.decode(ReceptionDayCancel.self)
        let (day, bookings) = try await ReceptionBook(req: req).cancelDay(try Self.id(req), reason: input.reason, by: actor)
        return ReceptionDayCancelled(day: try await Self.dtos([day], on: req.db)[0],
                                     cancelledBookings: bookings.map { ReceptionBookingDTO($0, cipher: req.hewei.cipher) })
    }

    func book(req: Request) async throws -> Response {
        let actor = try req.principal()
        try actor.require(.reception, .create)
        let input = try req.content.decode(ReceptionBookingInput.self)
        let b = try await ReceptionBook(req: req).book(day: try Self.id(req), input, by: actor)
        return try await ReceptionBookingDTO(b, cipher: req.hewei.cipher).encodeResponse(status: .created, for: req)
    }

    /// Bookings, filtered by `day` and `state`, oldest first.
    func bookings(req: Request) async throws -> Page<ReceptionBookingDTO> {
        try req.principal().require(.reception, .list)
        let page = try Validate.int(req.query[String.self, at: "page"], "page", default: 1, range: 1...1_000_000)
        let per = try Validate.int(req.query[String.self, at: "per"], "per", default: 20, range: 1...200)
        var q = ReceptionBookingModel.query(on: req.db)
        if let day = ConsoleAPI.given(req.query[String.self, at: "day"]) {
            guard let id = UUID(uuidString: day) else { throw HeweiError.invalidField("day", "must be a reception day id") }
            q = q.filter(\.$dayID == id)
        }
        if let state = ConsoleAPI.given(req.query[String.self, at: "state"]) {
            q = q.filter(\.$state == (try Validate.choice(state, "state", as: ReceptionBookingState.self)).rawValue)
        }
        let total = try await q.copy().count()
        let items = try await q.sort(\.$createdAt).sort(\.$id).range((page - 1) * per ..< page * per).all()
        return Page(items: items.map { ReceptionBookingDTO($0, cipher: req.hewei.cipher) }, page: page, per: per, total: total)
    }

    /// `cancel` or `noShow`.
    func act(req: Request) async throws -> ReceptionBookingDTO {
        let actor = try req.principal()
        try actor.require(.reception, .change)
        let action = try Validate.choice(req.parameters.get("action"), "action", as: ReceptionBookingAction.self)
        guard action == .cancel || action == .noShow else {
            throw HeweiError.invalidField("action", "use the outcome route for '\(action.rawValue)'")
        }
        let note = req.body.data == nil ? nil : try req.content.decode(CaseNoteInput.self).note
        let b = try await ReceptionBook(req: req).act(try Self.id(req), action, note: note, referral: nil, by: actor)
        return ReceptionBookingDTO(b, cipher: req.hewei.cipher)
    }

    func outcome(req: Request) async throws -> ReceptionBookingDTO {
        let actor = try req.principal()
        try actor.require(.reception, .change)
        let input = try req.content.decode(ReceptionOutcomeInput.self)
        let outcome = try Validate.choice(input.outcome, "outcome", as: ReceptionOutcome.self)
        let b = try await ReceptionBook(req: req).act(try Self.id(req), outcome.action, note: input.note, referral: input.referral, by: actor)
        return ReceptionBookingDTO(b, cipher: req.hewei.cipher)
    }
}
