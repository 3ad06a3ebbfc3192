import Fluent
import Foundation
import HeweiCore
import Vapor

/// Every change of a mediation case after its opening: checks the transition table, validates the
/// input, changes the row under its lock, appends one event, and moves the clocks — in the caller's
/// transaction. Bad input or an illegal action changes nothing.
struct MediationWorkflow {
    let context: HeweiContext
    let actor: Principal
    let now: Date
    let db: any Database

    /// Takes the case's row lock, re-reads it and performs `action`.
    func perform(_ action: MediationAction, on id: UUID, _ input: MediationActionInput) async throws -> MediationCaseModel {
        let seq = try await CaseEventLog.lock(.mediation, id, on: db)
        guard let row = try await MediationCaseModel.find(id, on: db) else { throw HeweiError.notFound("mediation case") }
        guard let from = MediationState(rawValue: row.state) else { throw HeweiError.internalFailure("unknown mediation state") }
        if action == .open { throw HeweiError.invalidField("action", "open a case with POST /api/v1/mediation/cases") }
        let to: MediationState
        do { to = try MediationTransitions.table.next(from: from, on: action) } catch { throw HeweiError.illegalRecordTransition(error) }
        var note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var data: [String: String] = [:]
        var next = to
        let book = CaseClockBook(rules: context.rules.current)
        switch action {
        case .consent:
            guard let party = input.party, ["applicant", "respondent"].contains(party) else {
                throw HeweiError.invalidField("party", "use applicant or respondent")
            }
            guard let agrees = input.agrees else { throw HeweiError.invalidField("agrees", "say whether the party agrees to mediation") }
            if party == "applicant" { row.applicantConsent = agrees } else { row.respondentConsent = agrees }
            data = ["party": party, "agrees": String(agrees)]
            if !agrees { next = .declined; row.endedAt = now }
            else if row.applicantConsent == true && row.respondentConsent == true {
                row.acceptedAt = now
                try await MediationClocks.startDuration(row.id!, context: context, now: now, on: db)
            } else { next = .awaitingConsent }
        case .decline:
            note = try MediationActionInput.text(input.note ?? input.reason, "note", max: 1000)
            row.endedAt = now
            try await book.stop(.mediation, row.id!, cancel: true, now: now, on: db)
        case .assign:
            try await assign(row, input, &data)
        case .recordSession:
            let session = MediationSession(at: input.at ?? now, place: try MediationActionInput.text(input.place, "place", max: 200),
                                           attendees: try MediationActionInput.list(input.attendees, "attendees"),
                                           record: try MediationActionInput.text(input.record, "record"), by: actor.name)
            guard session.at <= now.addingTimeInterval(3600) else { throw HeweiError.invalidField("at", "a session is recorded after it took place") }
            var all = MediationJSON.decode([MediationSession].self, row.sessions) ?? []
            all.append(session)
            row.sessions = try MediationJSON.encode(all)
            data = ["session": String(all.count), "place": session.place]
            if note.isEmpty { note = session.record }
        case .escalate:
            try await escalate(row, input, &data, &note)
        case .convene:
            try convene(row, input, &data)
        case .conclude:
            var all = MediationJSON.decode([MediationConsultation].self, row.consultations) ?? []
            guard let i = all.lastIndex(where: { $0.conclusions == nil }) else {
                throw HeweiError.conflict("there is no convened consultation waiting for conclusions")
            }
            all[i].conclusions = try MediationActionInput.text(input.conclusions, "conclusions")
            all[i].concludedAt = now
            row.consultations = try MediationJSON.encode(all)
            data = ["consultation": String(i + 1)]
            if note.isEmpty { note = all[i].conclusions ?? "" }
        case .settle:
            try await settle(row, input, &data, book: book)
        case .fail:
            guard let advice = input.advice.flatMap(MediationAdvice.init(rawValue:)) else {
                throw HeweiError.invalidField("advice", "use litigation, arbitration or administrative")
            }
            note = try MediationActionInput.text(input.note ?? input.reason, "note", max: 2000)
            row.outcome = MediationOutcome.failed.rawValue
            row.advice = advice.rawValue
            try await end(row, book: book)
            data = ["advice": advice.rawValue]
        case .applyConfirmation:
            guard row.outcome == MediationOutcome.writtenAgreement.rawValue else {
                throw HeweiError.rule("judicial confirmation is applied for on a written agreement")
            }
            guard MediationJSON.decode(MediationConfirmation.self, row.confirmation) == nil else {
                throw HeweiError.conflict("the joint application is already recorded")
            }
            let c = MediationConfirmation(appliedAt: input.at ?? now, court: try MediationActionInput.text(input.court, "court", max: 200))
            row.confirmation = try MediationJSON.encode(c)
            let stopped = try await book.stop(.mediation, row.id!, kinds: [MediationClocks.confirmation], now: c.appliedAt, on: db)
            data = ["court": c.court, "clock": stopped[MediationClocks.confirmation] ?? "none"]
        case .recordConfirmation:
            guard var c = MediationJSON.decode(MediationConfirmation.self, row.confirmation), c.decision == nil else {
                throw HeweiError.conflict("record the joint application first; a decision is recorded once")
            }
            guard let d = input.decision, ["confirmed", "rejected"].contains(d) else {
                throw HeweiError.invalidField("decision", "use confirmed or rejected")
            }
            c.decision = d; c.decidedAt = input.at ?? now; c.note = note.isEmpty ? nil : note
            row.confirmation = try MediationJSON.encode(c)
            data = ["decision": d]
        case .followUp:
            guard let performed = input.performed else { throw HeweiError.invalidField("performed", "say whether the agreement is performed") }
            guard let s = input.satisfaction.flatMap(MediationSatisfaction.init(rawValue:)) else {
                throw HeweiError.invalidField("satisfaction", "use satisfied, basicallySatisfied or unsatisfied")
            }
            var all = MediationJSON.decode([MediationFollowUp].self, row.followUps) ?? []
            all.append(MediationFollowUp(at: now, performed: performed, satisfaction: s.rawValue, note: note, by: actor.name))
            row.followUps = try MediationJSON.encode(all)
            row.performed = performed
            row.satisfaction = s.rawValue
            if performed { try await book.stop(.mediation, row.id!, kinds: [MediationClocks.performance], now: now, on: db) }
            data = ["performed": String(performed), "satisfaction": s.rawValue]
        case .close:
            if row.outcome != MediationOutcome.failed.rawValue && (MediationJSON.decode([MediationFollowUp].self, row.followUps) ?? []).isEmpty {
                throw HeweiError.rule("follow up on the performance of the agreement before closing")
            }
            try await book.stop(.mediation, row.id!, cancel: true, now: now, on: db)
            row.closedAt = now
        case .open:
            break
        }
        row.version = seq
        row.state = next.rawValue
        try await row.save(on: db)
        try await CaseEventLog.append(.mediation, row.id!, seq: seq, action: action.rawValue, from: from.rawValue, to: next.rawValue,
                                      by: actor, note: note, data: data, at: now, on: db)
        return row
    }

    /// Ends the mediation (agreement or failure): stops the duration clock, records on-time.
    func end(_ row: MediationCaseModel, book: CaseClockBook) async throws {
        let stopped = try await book.stop(.mediation, row.id!, kinds: [MediationClocks.duration], now: now, on: db)
        row.endedAt = now
        row.onTime = stopped[MediationClocks.duration].map { $0 == "met" } ?? true
    }
}
