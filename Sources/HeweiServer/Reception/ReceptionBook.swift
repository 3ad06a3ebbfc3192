import Fluent
import Foundation
import HeweiCore
import Vapor

/// The writes of leader reception: days, bookings within capacity, cancellation and outcomes.
/// Every write is one transaction that appends the booking's event.
struct ReceptionBook {
    let req: Request

    static func next(_ state: ReceptionBookingState, _ action: ReceptionBookingAction) throws -> ReceptionBookingState {
        do { return try ReceptionBookings.table.next(from: state, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
    }

    static func time(_ text: String, _ field: String) throws -> String {
        let parts = text.split(separator: ":")
        guard text.count == 5, parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else {
            throw HeweiError.invalidField(field, "must be a local time HH:mm")
        }
        return text
    }

    static func date(_ text: String?, _ field: String) throws -> CivilDate {
        guard let text, text.count == 10, let d = CivilDate(text), (2000...2100).contains(d.year) else {
            throw HeweiError.invalidField(field, "must be a date YYYY-MM-DD between 2000 and 2100")
        }
        return d
    }

    static func next(_ state: ReceptionDayState, _ action: ReceptionDayAction) throws -> ReceptionDayState {
        do { return try ReceptionDays.table.next(from: state, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
    }

    private var today: CivilDate { req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now()) }

    /// Checks the input and writes it into `day` (nothing is stored here).
    func fill(_ day: ReceptionDayModel, from input: ReceptionDayInput) async throws {
        if let username = ConsoleAPI.given(input.leaderUsername) {
            guard let user = try await UserModel.query(on: req.db).filter(\.$username == username).first(),
                  user.role == Role.leader.rawValue, user.active else {
                throw HeweiError.invalidField("leaderUsername", "no active leader account '\(username)'")
            }
            day.leaderUserID = user.id
            day.leaderName = try Validate.text(input.leaderName ?? user.displayName, "leaderName", max: 50)
        } else {
            day.leaderUserID = nil
            day.leaderName = try Validate.text(input.leaderName, "leaderName", max: 50)
        }
        day.leaderTitle = try Validate.text(input.leaderTitle, "leaderTitle", max: 80)
        let date = try Self.date(input.date, "date")
        guard date >= today else { throw HeweiError.invalidField("date", "must be today or later") }
        day.date = date.description
        day.starts = try Self.time(input.starts, "starts")
        day.ends = try Self.time(input.ends, "ends")
        guard day.starts < day.ends else { throw HeweiError.invalidField("ends", "must be after starts") }
        day.place = try Validate.text(input.place, "place", max: 200)
        day.topics = try Validate.text(input.topics, "topics", max: 500, required: false)
        guard (1...500).contains(input.capacity) else { throw HeweiError.invalidField("capacity", "must be from 1 to 500") }
        day.capacity = input.capacity
    }

    func createDay(_ input: ReceptionDayInput, by actor: Principal) async throws -> ReceptionDayModel {
        try actor.require(.reception, .create)
        let day = ReceptionDayModel()
        try await fill(day, from: input)
        day.booked = 0
        day.id = OrderedID.make()
        day.state = ReceptionDayState.scheduled.rawValue
        day.version = 1
        let now = req.hewei.clock.now()
        day.createdAt = now
        day.createdBy = actor.name
        let row = day
        try await req.db.write(gate: req.hewei.gate) { db in
            try await row.create(on: db)
            try await CaseEventLog.append(.receptionDay, row.id!, seq: 1, action: "schedule", from: nil, to: row.state, by: actor,
                                          data: ["date": row.date, "capacity": String(row.capacity)], at: now, on: db)
        }
        return day
    }

    /// The details a change may touch, as shown in the change event ("old → new").
    private static func details(_ d: ReceptionDayModel) -> [String: String] {
        ["leaderName": d.leaderName, "leaderTitle": d.leaderTitle, "leaderUser": d.leaderUserID?.uuidString ?? "",
         "date": d.date, "starts": d.starts, "ends": d.ends, "place": d.place, "topics": d.topics, "capacity": String(d.capacity)]
    }

    /// Changes an upcoming day's details. Capacity may not fall below the places already booked.
    func changeDay(_ id: UUID, _ input: ReceptionDayInput, note: String?, by actor: Principal) async throws -> ReceptionDayModel {
        try actor.require(.reception, .change)
        guard let current = try await ReceptionDayModel.find(id, on: req.db) else { throw HeweiError.notFound("reception day") }
        _ = try Self.next(ReceptionDayState(rawValue: current.state) ?? .scheduled, .change)
        guard current.date >= today.description else { throw HeweiError.conflict("the reception day \(current.date) is over; it can no longer change") }
        let wanted = ReceptionDayModel()
        try await fill(wanted, from: input)
        let note = try Validate.text(note, "note", max: 500, required: false)
        let now = req.hewei.clock.now()
        return try await req.db.write(gate: req.hewei.gate) { db in
            let seq = try await CaseEventLog.lock(.receptionDay, id, on: db)
            guard let day = try await ReceptionDayModel.find(id, on: db) else { throw HeweiError.notFound("reception day") }
            let before = ReceptionDayState(rawValue: day.state) ?? .scheduled
            let to = try Self.next(before, .change)
            guard wanted.capacity >= day.booked else {
                throw HeweiError.invalidField("capacity", "is below the \(day.booked) places already booked; cancel bookings first")
            }
            let old = Self.details(day)
            (day.leaderUserID, day.leaderName, day.leaderTitle) = (wanted.leaderUserID, wanted.leaderName, wanted.leaderTitle)
            (day.date, day.starts, day.ends) = (wanted.date, wanted.starts, wanted.ends)
            (day.place, day.topics, day.capacity) = (wanted.place, wanted.topics, wanted.capacity)
            let new = Self.details(day)
            var changes: [String: String] = [:]
            for (key, value) in new where old[key] != value { changes[key] = "\(old[key] ?? "") → \(value)" }
            guard !changes.isEmpty else { throw HeweiError.invalidField("body", "changes nothing: the day already has these details") }
            day.version = seq
            try await day.save(on: db)
            try await CaseEventLog.append(.receptionDay, id, seq: seq, action: ReceptionDayAction.change.rawValue, from: before.rawValue,
                                          to: to.rawValue, by: actor, note: note, data: changes, at: now, on: db)
            return day
        }
    }

    /// Cancels an upcoming day and, in the same transaction, every booking still holding a place
    /// (each with its own event). Returns the day and the bookings cancelled, so staff can call them.
    func cancelDay(_ id: UUID, reason: String?, by actor: Principal) async throws -> (ReceptionDayModel, [ReceptionBookingModel]) {
        try actor.require(.reception, .change)
        let reason = try Validate.text(reason, "reason", max: 500)
        guard let current = try await ReceptionDayModel.find(id, on: req.db) else { throw HeweiError.notFound("reception day") }
        _ = try Self.next(ReceptionDayState(rawValue: current.state) ?? .scheduled, .cancel)
        guard current.date >= today.description else { throw HeweiError.conflict("the reception day \(current.date) is over; it can no longer be cancelled") }
        let now = req.hewei.clock.now()
        return try await req.db.write(gate: req.hewei.gate) { db in
            let seq = try await CaseEventLog.lock(.receptionDay, id, on: db)
            guard let day = try await ReceptionDayModel.find(id, on: db) else { throw HeweiError.notFound("reception day") }
            let before = ReceptionDayState(rawValue: day.state) ?? .scheduled
            let to = try Self.next(before, .cancel)
            let booked = try await ReceptionBookingModel.query(on: db).filter(\.$dayID == id)
                .filter(\.$state == ReceptionBookingState.booked.rawValue).sort(\.$createdAt).sort(\.$id).all()
            let note = "接访日取消 (reception day cancelled)：\(reason)"
            for b in booked {
                let bseq = try await CaseEventLog.lock(.reception, b.id!, on: db)
                let next = try Self.next(.booked, .cancel)
                b.state = next.rawValue
                b.version = bseq
                b.outcomeNote = note
                b.closedAt = now
                try await b.save(on: db)
                try await CaseEventLog.append(.reception, b.id!, seq: bseq, action: ReceptionBookingAction.cancel.rawValue,
                                              from: ReceptionBookingState.booked.rawValue, to: next.rawValue, by: actor, note: note,
                                              data: ["dayCancelled": "true"], at: now, on: db)
            }
            day.state = to.rawValue
            day.version = seq
            day.booked = 0
            day.cancelReason = reason
            try await day.save(on: db)
            try await CaseEventLog.append(.receptionDay, id, seq: seq, action: ReceptionDayAction.cancel.rawValue, from: before.rawValue,
                                          to: to.rawValue, by: actor, note: reason, data: ["bookingsCancelled": String(booked.count)],
                                          at: now, on: db)
            return (day, booked)
        }
    }

    func book(day id: UUID, _ input: ReceptionBookingInput, by actor: Principal) async throws -> ReceptionBookingModel {
        try actor.require(.reception, .create)
        guard let day = try await ReceptionDayModel.find(id, on: req.db) else { throw HeweiError.notFound("reception day") }
        guard day.date >= today.description else { throw HeweiError.conflict("the reception day \(day.date) is over; book an upcoming day") }
        guard day.state == ReceptionDayState.scheduled.rawValue else {
            throw HeweiError.conflict("the reception day \(day.date) was cancelled: \(day.cancelReason ?? "")")
        }
        let b = ReceptionBookingModel()
        b.id = OrderedID.make()
        b.dayID = id
        b.state = ReceptionBookingState.booked.rawValue
        b.version = 1
        b.name = try Validate.text(input.name, "name", max: 50)
        b.phone = try req.hewei.cipher.seal(try Validate.phone(input.phone, "phone"))
        b.matter = try Validate.text(input.matter, "matter", max: 2000)
        let now = req.hewei.clock.now()
        b.createdAt = now
        let row = b
        try await req.db.write(gate: req.hewei.gate) { db in
            guard try await HallRepository.takePlace(day: id, on: db) else {
                if try await CaseEventLog.state(.receptionDay, id, on: db) == ReceptionDayState.cancelled.rawValue {
                    throw HeweiError.conflict("the reception day \(day.date) was cancelled")
                }
                throw HeweiError.conflict("the reception day \(day.date) is full (capacity \(day.capacity))")
            }
            try await row.create(on: db)
            try await CaseEventLog.append(.reception, row.id!, seq: 1, action: "book", from: nil, to: row.state, by: actor,
                                          data: ["day": id.uuidString], at: now, on: db)
        }
        return b
    }

    /// `cancel` or `noShow` (and, through `outcome`, the other outcomes).
    func act(_ id: UUID, _ action: ReceptionBookingAction, note: String?, referral: CaseReferral.Input?,
             by actor: Principal) async throws -> ReceptionBookingModel {
        try actor.require(.reception, .change)
        guard let current = try await ReceptionBookingModel.find(id, on: req.db) else { throw HeweiError.notFound("reception booking") }
        let from = ReceptionBookingState(rawValue: current.state) ?? .booked
        _ = try Self.next(from, action)
        let note = try Validate.text(note, "note", max: 2000, required: action == .answer)
        var prepared: CaseReferral.Prepared?
        let kind: CaseReferral.Kind? = switch action {
        case .referToOrder: .order
        case .referToPetition: .petition
        case .referToMediation: .mediation
        default: nil
        }
        if let kind {
            let phone = try req.hewei.cipher.open(current.phone)
            prepared = try await CaseReferral.prepare(kind, referral ?? CaseReferral.Input.empty, name: current.name, phone: phone,
                                                      matter: current.matter, source: "reception",
                                                      sourceRef: id.uuidString, by: actor, req: req)
        }
        let ready = prepared, context = req.hewei
        let now = req.hewei.clock.now()
        return try await req.db.write(gate: req.hewei.gate) { db in
            let seq = try await CaseEventLog.lock(.reception, id, on: db)
            guard let b = try await ReceptionBookingModel.find(id, on: db) else { throw HeweiError.notFound("reception booking") }
            let before = ReceptionBookingState(rawValue: b.state) ?? .booked
            let to = try Self.next(before, action)
            var data: [String: String] = [:]
            if let ready {
                let link = try await CaseReferral.commit(ready, by: actor, context: context, now: now, on: db)
                b.linkType = link.type
                b.linkRef = link.ref
                data = ["linkType": link.type, "linkRef": link.ref]
            }
            if action == .cancel { try await HallRepository.freePlace(day: b.dayID, on: db) }
            b.state = to.rawValue
            b.version = seq
            if !note.isEmpty { b.outcomeNote = note }
            b.closedAt = now
            try await b.save(on: db)
            try await CaseEventLog.append(.reception, id, seq: seq, action: action.rawValue, from: before.rawValue, to: to.rawValue,
                                          by: actor, note: note, data: data, at: now, on: db)
            return b
        }
    }
}

extension CaseReferral.Input {
    static let empty = CaseReferral.Input(note: nil, categoryCode: nil, requestKind: nil, address: nil, dispatchTo: nil,
                                          petitionType: nil, concernedUnitCode: nil, disputeType: nil, respondentName: nil,
                                          respondentKind: nil, respondentPhone: nil, applicantConsent: nil, respondentConsent: nil,
                                          roomCode: nil)
}
