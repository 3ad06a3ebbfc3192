import Fluent
import Foundation
import HeweiCore
import Vapor

/// The body of a petition action; which fields count depends on the action.
struct PetitionActionInput: Content, Sendable {
    /// forward: the handling unit's code.
    var unitCode: String?
    /// accept / notAccept: the written decision.
    var decision: String?
    /// extend: the reason; `notice`: the text told to the petitioner; `days` ≤ the maximum (30).
    var reason: String?
    var notice: String?
    var days: Int?
    /// reply: the written reply.
    var reply: String?
    /// Any action: a note for the history.
    var note: String?
    /// transferToMediation: both parties' consent, the respondent and the dispute type.
    var applicantConsent: Bool?
    var respondentConsent: Bool?
    var respondent: MediationParty?
    var disputeType: String?
}

/// Performs petition actions: one transaction each, the transition table first, an event always.
struct PetitionWorkflow {
    let context: HeweiContext
    let now: Date

    /// Actions a unit handler (of the handling unit) may take; the rest belong to petition staff.
    static let unitActions: Set<PetitionAction> = [.accept, .notAccept, .startHandling, .extend, .reply]

    func perform(_ action: PetitionAction, code: String, input: PetitionActionInput, by actor: Principal,
                 on db: any Database) async throws -> PetitionModel {
        let (scope, found) = try await PetitionScope.load(code, actor, .change, context: context, on: db)
        if actor.role == .unitHandler && !Self.unitActions.contains(action) {
            throw HeweiError.forbidden("a unit handler may not \(action.rawValue) a petition")
        }
        _ = scope
        guard action != .register else { throw HeweiError.notFound("action 'register'") }
        let limits = PetitionSettings.current
        let id = found.id!
        return try await db.write(gate: context.gate) { db in
            let seq = try await CaseEventLog.lock(.petition, id, on: db)
            guard let row = try await PetitionModel.find(id, on: db) else { throw HeweiError.notFound("petition '\(code)'") }
            let from = PetitionState(rawValue: row.state) ?? .registered
            let to = try Self.next(from: from, on: action)
            let book = CaseClockBook(rules: context.rules.current)
            var note = try Validate.text(input.note, "note", max: 1000, required: false)
            var data: [String: String] = [:]
            switch action {
            case .forward:
                let unit = try forwardTarget(input.unitCode, for: row)
                row.handlingUnitID = unit.id
                data["unit"] = unit.code
                try await book.stop(.petition, id, kinds: [PetitionClockKind.forward.rawValue], now: now, on: db)
                try await book.start(.petition, id, kind: PetitionClockKind.acceptance.rawValue, limit: limits.acceptance, now: now, on: db)
            case .accept:
                if let earlier = row.earlierCaseID, let e = try await PetitionModel.find(earlier, on: db) {
                    throw HeweiError.rule("the same petitioner's matter was concluded by re-review (复核) in \(e.code): the same facts and reasons are not accepted again; decide notAccept")
                }
                row.decisionText = try Validate.text(input.decision, "decision", max: 2000)
                note = row.decisionText ?? note
                try await book.stop(.petition, id, kinds: [PetitionClockKind.acceptance.rawValue], now: now, on: db)
                let stage = PetitionStage(rawValue: row.stage) ?? .original
                try await book.start(.petition, id, kind: PetitionClockKind.handling.rawValue, limit: limits.handlingLimit(for: stage), now: now, on: db)
            case .notAccept:
                row.decisionText = try Validate.text(input.decision, "decision", max: 2000)
                note = row.decisionText ?? note
                try await book.stop(.petition, id, kinds: [PetitionClockKind.forward.rawValue, PetitionClockKind.acceptance.rawValue], now: now, on: db)
                row.closedAt = now
            case .startHandling:
                break
            case .extend:
                let reason = try Validate.text(input.reason, "reason", max: 1000)
                let notice = try Validate.text(input.notice, "notice", max: 2000)
                let maxDays = limits.extensionMaximum.amount
                guard let days = input.days, days >= 1, days <= maxDays else {
                    throw HeweiError.invalidField("days", "must be a whole number from 1 to \(maxDays)")
                }
                var extra = limits.extensionMaximum
                extra.amount = days
                row.extensionReason = reason
                let due = try await book.extend(.petition, id, kind: PetitionClockKind.handling.rawValue, by: extra, now: now, on: db)
                note = reason
                data = ["days": String(days), "noticeToPetitioner": notice]
                if let due { data["dueAt"] = ISO8601DateFormatter().string(from: due) }
            case .reply:
                row.replyText = try Validate.text(input.reply, "reply", max: 8000)
                row.repliedAt = now
                note = row.replyText ?? note
                try await book.stop(.petition, id, kinds: [PetitionClockKind.handling.rawValue], now: now, on: db)
                if let window = limits.applicationWindow(after: PetitionStage(rawValue: row.stage) ?? .original) {
                    row.reviewWindowEndsAt = DeadlineClock(startedAt: now, limit: window).dueAt(on: context.rules.current.calendar)
                }
            case .close:
                row.closedAt = now
                try await book.stop(.petition, id, now: now, on: db)
            case .transferToMediation:
                let m = try await transfer(row, input: input, by: actor, on: db)
                row.mediationCaseID = m.id
                data["mediationCase"] = m.code
                row.closedAt = now
                try await book.stop(.petition, id, now: now, on: db)
            case .register:
                break
            }
            row.state = to.rawValue
            row.version = seq
            row.updatedAt = now
            try await row.save(on: db)
            try await CaseEventLog.append(.petition, id, seq: seq, action: action.rawValue, from: from.rawValue, to: to.rawValue,
                                          by: actor, note: note, data: data, at: now, on: db)
            return row
        }
    }

    /// The table's next state, or the 409 with the allowed actions.
    static func next(from state: PetitionState, on action: PetitionAction) throws -> PetitionState {
        do { return try PetitionTransitions.table.next(from: state, on: action) } catch {
            throw HeweiError.illegalRecordTransition(error)
        }
    }

    /// The unit a petition is forwarded to; an accusation never goes to the accused unit (or a unit under it).
    func forwardTarget(_ code: String?, for row: PetitionModel) throws -> OrgDirectory.Unit {
        let code = try Validate.text(code, "unitCode", max: 40)
        guard let unit = context.org.unit(code: code) else { throw HeweiError.invalidField("unitCode", "there is no unit '\(code)'") }
        if row.type == PetitionType.accusation.rawValue, let accused = row.concernedUnitID,
           context.org.subtree(of: accused).contains(unit.id) {
            throw HeweiError.rule("an accusation may not be assigned to the accused unit (\(context.org.unit(accused)?.name ?? code)) for handling")
        }
        return unit
    }

    /// 信访导入调解: an appeal/claim petition, both parties consenting, opens a mediation case.
    func transfer(_ row: PetitionModel, input: PetitionActionInput, by actor: Principal, on db: any Database) async throws -> MediationCaseModel {
        guard row.type == PetitionType.appealClaim.rawValue else {
            throw HeweiError.rule("only an appeal/claim petition (申诉求决) can be transferred to mediation")
        }
        guard input.applicantConsent == true, input.respondentConsent == true else {
            throw HeweiError.rule("both parties must consent to mediation (applicantConsent and respondentConsent true)")
        }
        guard let respondent = input.respondent else { throw HeweiError.invalidField("respondent", "name the other party") }
        let first = try PetitionPeople.open(row.petitioners, context.cipher)[0]
        let applicant = MediationParty(name: first.name, kind: "person", phone: first.phone, idNumber: first.idNumber, address: first.address)
        let opening = MediationOpening(source: "petition", sourceRef: row.code, disputeType: input.disputeType ?? "",
                                       summary: row.matter, applicant: applicant, respondent: respondent,
                                       applicantConsent: true, respondentConsent: true, roomCode: nil, major: nil)
        return try await MediationIntake.open(opening, by: actor, context: context, now: now, on: db)
    }
}
