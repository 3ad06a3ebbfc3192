import Fluent
import Foundation
import HeweiCore
import Vapor

/// The writes of leader reception: bookings within capacity, cancellation and outcomes (days: ReceptionBook+Days).
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

    var today: CivilDate { req.hewei.rules.current.calendar.civilDate(of: req.hewei.clock.now()) }

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
