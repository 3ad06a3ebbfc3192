import Fluent
import Foundation
import HeweiCore
import Vapor

/// The writes of the walk-in hall: register with a queue number, call the next number, act on a
/// visit. Every write is one transaction that appends the visit's event.
struct HallDesk {
    let req: Request

    static func next(_ state: HallVisitState, _ action: HallVisitAction) throws -> HallVisitState {
        do { return try HallVisits.table.next(from: state, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
    }

    var today: String { req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now()).description }

    func register(_ input: HallRegisterInput, by actor: Principal) async throws -> HallVisitModel {
        try actor.require(.hall, .create)
        guard let area = HallAreas.of(req).area(input.area) else {
            throw HeweiError.invalidField("area", "must be one of: \(HallAreas.of(req).all.map(\.code).joined(separator: ", "))")
        }
        let v = HallVisitModel()
        v.id = OrderedID.make()
        v.area = area.code
        v.name = try Validate.text(input.name, "name", max: 50)
        v.phone = try req.hewei.cipher.seal(try Validate.phone(input.phone, "phone"))
        v.matter = try Validate.text(input.matter, "matter", max: 2000)
        v.state = HallVisitState.waiting.rawValue
        v.version = 1
        let now = req.hewei.clock.now()
        v.registeredAt = now
        v.queueDay = today
        let row = v, prefix = area.prefix
        try await req.db.write(gate: req.hewei.gate) { db in
            let n = try await HallRepository.nextNumber(area: row.area, day: row.queueDay, on: db)
            row.queueNumber = n
            row.ticket = QueueNumber(prefix: prefix, sequence: n).description
            try await row.create(on: db)
            try await CaseEventLog.append(.hallVisit, row.id!, seq: 1, action: "register", from: nil, to: row.state, by: actor,
                                          data: ["area": row.area, "ticket": row.ticket], at: now, on: db)
        }
        return v
    }

    /// Calls the oldest waiting visitor of an area today to a counter; 409 when nobody waits.
    func callNext(area code: String, counter: String, by actor: Principal) async throws -> HallVisitModel {
        try actor.require(.hall, .change)
        guard let area = HallAreas.of(req).area(code) else { throw HeweiError.notFound("hall area '\(code)'") }
        guard area.counters.contains(counter) else {
            throw HeweiError.invalidField("counter", "must be one of: \(area.counters.joined(separator: ", "))")
        }
        let day = today
        let now = req.hewei.clock.now()
        // Two counters may pick the same visitor: the row lock decides, the loser takes the next one.
        for _ in 0..<20 {
            guard let next = try await HallVisitModel.query(on: req.db).filter(\.$area == code).filter(\.$queueDay == day)
                .filter(\.$state == HallVisitState.waiting.rawValue).sort(\.$queueNumber).first() else {
                throw HeweiError.conflict("nobody is waiting in \(area.name)")
            }
            let id = next.id!
            let called: HallVisitModel? = try await req.db.write(gate: req.hewei.gate) { db in
                let seq = try await CaseEventLog.lock(.hallVisit, id, on: db)
                guard let v = try await HallVisitModel.find(id, on: db), v.state == HallVisitState.waiting.rawValue else { return nil }
                v.state = HallVisitState.called.rawValue
                v.version = seq
                v.counter = counter
                v.calledAt = now
                try await v.save(on: db)
                try await CaseEventLog.append(.hallVisit, id, seq: seq, action: HallVisitAction.call.rawValue, from: HallVisitState.waiting.rawValue,
                                              to: v.state, by: actor, data: ["counter": counter], at: now, on: db)
                return v
            }
            if let called { return called }
        }
        throw HeweiError.conflict("the queue of \(area.name) is busy; try again")
    }

    /// serve, triage, noShow or leave.
    func act(_ id: UUID, _ action: HallVisitAction, _ input: HallActionInput, by actor: Principal) async throws -> HallVisitModel {
        try actor.require(.hall, .change)
        guard action != .call else { throw HeweiError.invalidField("action", "call visitors with call-next") }
        guard let current = try await HallVisitModel.find(id, on: req.db) else { throw HeweiError.notFound("hall visit") }
        let from = HallVisitState(rawValue: current.state) ?? .waiting
        _ = try Self.next(from, action)
        var triage: HallTriage?
        var prepared: CaseReferral.Prepared?
        if action == .triage {
            let outcome = try Validate.choice(input.outcome, "outcome", as: HallTriage.self)
            triage = outcome
            let kind: CaseReferral.Kind? = switch outcome {
            case .order: .order
            case .petition: .petition
            case .mediation: .mediation
            case .answered: nil
            }
            if let kind {
                prepared = try await CaseReferral.prepare(kind, input.referral ?? CaseReferral.Input.empty, name: current.name,
                                                          phone: try req.hewei.cipher.open(current.phone), matter: current.matter,
                                                          source: "hall", sourceRef: id.uuidString, by: actor, req: req)
            }
        }
        let note = try Validate.text(input.note, "note", max: 2000, required: triage == .answered)
        let ready = prepared, outcome = triage, context = req.hewei
        let now = req.hewei.clock.now()
        return try await req.db.write(gate: req.hewei.gate) { db in
            let seq = try await CaseEventLog.lock(.hallVisit, id, on: db)
            guard let v = try await HallVisitModel.find(id, on: db) else { throw HeweiError.notFound("hall visit") }
            let before = HallVisitState(rawValue: v.state) ?? .waiting
            let to = try Self.next(before, action)
            var data: [String: String] = [:]
            if let outcome { data["outcome"] = outcome.rawValue; v.linkType = outcome == .answered ? "answered" : nil }
            if let ready {
                let link = try await CaseReferral.commit(ready, by: actor, context: context, now: now, on: db)
                v.linkType = link.type
                v.linkRef = link.ref
                data["linkType"] = link.type
                data["linkRef"] = link.ref
            }
            if action == .serve { v.servingAt = now } else { v.finishedAt = now }
            v.state = to.rawValue
            v.version = seq
            if !note.isEmpty { v.outcomeNote = note }
            try await v.save(on: db)
            try await CaseEventLog.append(.hallVisit, id, seq: seq, action: action.rawValue, from: before.rawValue, to: to.rawValue,
                                          by: actor, note: note, data: data, at: now, on: db)
            return v
        }
    }
}
