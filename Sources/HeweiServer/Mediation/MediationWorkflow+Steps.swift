import Fluent
import Foundation
import HeweiCore
import Vapor

extension MediationWorkflow {
    /// Assigns a room (default: the current one), a team and mediators (who must be active).
    func assign(_ row: MediationCaseModel, _ input: MediationActionInput, _ data: inout [String: String]) async throws {
        var room = row.roomCode
        if let code = input.roomCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard let r = try await MediationRoomModel.query(on: db).filter(\.$code == code).filter(\.$active == true).first() else {
                throw HeweiError.invalidField("roomCode", "there is no active mediation room '\(code)'")
            }
            guard r.centreID == row.centreID else {
                throw HeweiError.invalidField("roomCode", "the room belongs to another centre; escalate the case to move it up")
            }
            room = r.code
        }
        let teamCode = try MediationActionInput.text(input.teamCode, "teamCode", max: 50)
        guard try await MediationTeamModel.query(on: db).filter(\.$code == teamCode).filter(\.$active == true).first() != nil else {
            throw HeweiError.invalidField("teamCode", "there is no active team '\(teamCode)'")
        }
        let codes = try MediationActionInput.list(input.mediators, "mediators")
        let found = try await MediatorModel.query(on: db).filter(\.$code ~~ codes).filter(\.$active == true).all()
        guard Set(found.map(\.code)) == Set(codes) else {
            throw HeweiError.invalidField("mediators", "unknown or inactive: \(Set(codes).subtracting(found.map(\.code)).sorted().joined(separator: ", "))")
        }
        row.roomCode = room
        row.teamCode = teamCode
        row.mediators = try MediationJSON.encode(codes)
        data = ["room": room, "team": teamCode, "mediators": codes.joined(separator: ",")]
    }

    /// Escalates to the centre one level up (village room → town → city), to its first room.
    func escalate(_ row: MediationCaseModel, _ input: MediationActionInput, _ data: inout [String: String], _ note: inout String) async throws {
        note = try MediationActionInput.text(input.reason ?? input.note, "reason", max: 1000)
        guard let above = context.org.centreAbove(row.centreID) else {
            throw HeweiError.rule("the city centre is the top level; there is nowhere to escalate")
        }
        guard let room = try await MediationOrganisation.firstRoom(of: above.id, on: db) else {
            throw HeweiError.rule("the centre \(above.name) has no mediation room")
        }
        data = ["fromCentre": context.org.unit(row.centreID)?.code ?? "", "toCentre": above.code, "fromRoom": row.roomCode, "toRoom": room.code]
        row.centreID = above.id
        row.roomCode = room.code
        row.teamCode = nil
        row.mediators = "[]"
    }

    /// Convenes a joint consultation (会商研判) of a major case with departments.
    func convene(_ row: MediationCaseModel, _ input: MediationActionInput, _ data: inout [String: String]) throws {
        guard row.major else { throw HeweiError.rule("only a major case convenes a joint consultation") }
        guard let at = input.scheduledAt else { throw HeweiError.invalidField("scheduledAt", "give the time of the consultation") }
        let units = try MediationActionInput.list(input.units, "units")
        for u in units where context.org.unit(code: u) == nil { throw HeweiError.invalidField("units", "unknown unit '\(u)'") }
        var all = MediationJSON.decode([MediationConsultation].self, row.consultations) ?? []
        guard !all.contains(where: { $0.conclusions == nil }) else {
            throw HeweiError.conflict("record the conclusions of the convened consultation first")
        }
        let c = MediationConsultation(scheduledAt: at, place: try MediationActionInput.text(input.place, "place", max: 200),
                                      units: units, by: actor.name)
        all.append(c)
        row.consultations = try MediationJSON.encode(all)
        data = ["consultation": String(all.count), "units": units.joined(separator: ","), "place": c.place]
    }

    /// Records the agreement (written or oral), ends the mediation and starts the confirmation window
    /// (written agreements) and the performance follow-up clock.
    func settle(_ row: MediationCaseModel, _ input: MediationActionInput, _ data: inout [String: String], book: CaseClockBook) async throws {
        guard let kind = input.kind.flatMap(MediationOutcome.init(rawValue:)), kind != .failed else {
            throw HeweiError.invalidField("kind", "use writtenAgreement or oralAgreement")
        }
        let effective = input.effectiveAt ?? now
        guard effective <= now.addingTimeInterval(3600) else { throw HeweiError.invalidField("effectiveAt", "cannot be in the future") }
        guard let deadline = input.performanceDeadline else {
            throw HeweiError.invalidField("performanceDeadline", "give the deadline of performance")
        }
        guard deadline >= effective else { throw HeweiError.invalidField("performanceDeadline", "must be after the agreement takes effect") }
        let terms = MediationAgreementTerms(kind: kind.rawValue,
                                            responsibilities: try MediationActionInput.text(input.responsibilities, "responsibilities"),
                                            terms: try MediationActionInput.text(input.terms, "terms"),
                                            performanceManner: try MediationActionInput.text(input.performanceManner, "performanceManner", max: 1000),
                                            performanceDeadline: deadline, effectiveAt: effective)
        row.outcome = kind.rawValue
        row.agreement = try MediationJSON.encode(terms)
        row.effectiveAt = effective
        row.performanceDueAt = deadline
        try await end(row, book: book)
        if kind == .writtenAgreement {
            try await MediationClocks.startAfterAgreement(row.id!, effectiveAt: effective, performanceDue: deadline, context: context, now: now, on: db)
        } else {
            let minutes = max(1, Int((deadline.timeIntervalSince(effective) / 60).rounded(.up)))
            try await book.start(.mediation, row.id!, kind: MediationClocks.performance, limit: .minutes(minutes), startedAt: effective, now: now, on: db)
        }
        data = ["kind": kind.rawValue]
    }
}
