import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/calendar`, `/api/v1/policy`, `/api/v1/config-changes`: the local rules, changed by the
/// system administrator; every change recomputes open deadlines and is recorded.
struct RulesController: RouteCollection {
    struct CalendarDayDTO: Content {
        var date: String
        var kind: String
        var name: String
    }

    struct CalendarChange: Content {
        var days: [CalendarDayDTO]
        var note: String?
    }

    struct PolicyDTO: Content {
        var county: String
        var countyName: String
        var timeLimits: TimeLimitPolicy
    }

    struct PolicyChange: Content {
        var timeLimits: TimeLimitPolicy
        var note: String?
    }

    struct ChangeResult: Content {
        var deadlinesMoved: Int
    }

    struct ConfigChangeDTO: Content {
        var at: Date
        var actor: String
        var subject: String
        var before: String
        var after: String
        var note: String
        var deadlinesMoved: Int
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("calendar", ":year", use: calendar)
        routes.post("calendar", "days", use: setDays)
        routes.get("policy", use: policy)
        routes.put("policy", use: setPolicy)
        routes.get("config-changes", use: changes)
    }

    func calendar(req: Request) async throws -> [CalendarDayDTO] {
        try req.principal().require(.reference, .read)
        guard let year = req.parameters.get("year", as: Int.self), (1900...2200).contains(year) else {
            throw HeweiError.invalidField("year", "must be a year such as 2026")
        }
        return req.hewei.rules.current.calendar.exceptions(inYear: year).map(Self.dto)
    }

    func setDays(req: Request) async throws -> ChangeResult {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let change = try req.content.decode(CalendarChange.self)
        guard !change.days.isEmpty else { throw HeweiError.invalidField("days", "name at least one day") }
        guard change.days.count <= 400 else { throw HeweiError.invalidField("days", "at most 400 days at once") }
        let days = try change.days.enumerated().map { i, d in
            try DeploymentFiles.parse(.init(date: d.date, kind: d.kind, name: Validate.text(d.name, "days[\(i)].name", max: 50)),
                                      in: "days[\(i)]")
        }
        let note = try Validate.text(change.note, "note", max: 500)
        let result = try await RulesChange(context: req.hewei, db: req.db, actor: actor, now: req.hewei.clock.now())
            .setCalendarDays(days, note: note)
        return ChangeResult(deadlinesMoved: result.deadlinesMoved)
    }

    func policy(req: Request) async throws -> PolicyDTO {
        try req.principal().require(.reference, .read)
        let r = req.hewei.rules.current
        return PolicyDTO(county: r.county, countyName: r.countyName, timeLimits: r.policy)
    }

    func setPolicy(req: Request) async throws -> ChangeResult {
        let actor = try req.principal()
        try actor.require(.configuration, .change)
        let change = try req.content.decode(PolicyChange.self)
        let p = change.timeLimits
        let limits: [(String, TimeLimit)] = [
            ("objectionWindow", p.objectionWindow), ("general.signFor", p.general.signFor), ("general.handling", p.general.handling),
            ("urgent.signFor", p.urgent.signFor), ("urgent.handling", p.urgent.handling),
            ("critical.signFor", p.critical.signFor), ("critical.handling", p.critical.handling),
            ("extensionMaximum", p.extensionMaximum), ("followUp", p.followUp),
            ("supervisionResponse", p.supervisionResponse), ("warning.before", p.warning.before)]
        for (name, limit) in limits where limit.amount <= 0 {
            throw HeweiError.invalidField("timeLimits.\(name)", "must be longer than zero")
        }
        guard (0...1).contains(p.warning.fraction) else {
            throw HeweiError.invalidField("timeLimits.warning.fraction", "must be between 0 and 1")
        }
        let note = try Validate.text(change.note, "note", max: 500)
        let result = try await RulesChange(context: req.hewei, db: req.db, actor: actor, now: req.hewei.clock.now())
            .setPolicy(p, note: note)
        return ChangeResult(deadlinesMoved: result.deadlinesMoved)
    }

    func changes(req: Request) async throws -> [ConfigChangeDTO] {
        let actor = try req.principal()
        try actor.require(.configChanges, .list)
        return try await ConfigChangeModel.query(on: req.db).sort(\.$at, .descending).limit(200).all().map {
            ConfigChangeDTO(at: $0.at, actor: $0.actorName, subject: $0.subject, before: $0.before, after: $0.after,
                            note: $0.note, deadlinesMoved: $0.deadlinesMoved)
        }
    }

    static func dto(_ d: WorkCalendar.SpecialDay) -> CalendarDayDTO {
        let (kind, name) = RulesRepository.describe(d.kind)
        return CalendarDayDTO(date: d.date.description, kind: kind, name: name)
    }
}
