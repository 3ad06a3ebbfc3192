import Fluent
import Foundation
import HeweiCore
import Vapor

/// Reception days themselves: scheduled, changed while upcoming, or cancelled together with the
/// bookings still holding a place. Each write is one transaction that appends the day's event.
extension ReceptionBook {
    static func next(_ state: ReceptionDayState, _ action: ReceptionDayAction) throws -> ReceptionDayState {
        do { return try ReceptionDays.table.next(from: state, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
    }

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
        let now = req.hewei.clock.now()
        day.createdAt = now
        day.createdBy = actor.name
        let row = day
        try await req.db.write(gate: req.hewei.gate) { db in
            try await Self.schedule(row, by: actor, at: now, on: db)
        }
        return day
    }

    /// Stores a new day (state `scheduled`, version 1) with its first event; the demo seeder uses it too.
    static func schedule(_ day: ReceptionDayModel, by actor: Principal, at now: Date, on db: any Database) async throws {
        day.state = ReceptionDayState.scheduled.rawValue
        day.version = 1
        try await day.create(on: db)
        try await CaseEventLog.append(.receptionDay, day.id!, seq: 1, action: "schedule", from: nil, to: day.state, by: actor,
                                      data: ["date": day.date, "capacity": String(day.capacity)], at: now, on: db)
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
}
