import Fluent
import Foundation
import HeweiCore
import Vapor

/// What is needed to open a people's-mediation case, from any door: the mediation console, a
/// converted work order, a petition transferred with consent, a court referral, a grid worker's
/// report, a leader's reception day or the walk-in hall.
struct MediationOpening: Content, Sendable {
    /// `MediationSource`: walkIn | workOrder | petition | courtReferral | gridWorker | reception | hall.
    var source: String
    /// Order code (workOrder: the order must exist), petition code, court case number, booking id…
    var sourceRef: String?
    /// A dispute type code (`MediationDisputeTypes`): family, neighbourhood, landHousing, contract, damages, labour, …
    var disputeType: String
    /// Facts and disputed matters.
    var summary: String
    var applicant: MediationParty
    var respondent: MediationParty
    /// Consent of each party (自愿原则). Both true: accepted; either false: declined (no mediation);
    /// nil: not asked yet (awaiting consent, recorded later with `consent`).
    var applicantConsent: Bool?
    var respondentConsent: Bool?
    /// The room that takes the case; default: the first room of the actor's own centre (the city's when none).
    var roomCode: String?
    /// A major case (重大纠纷), which may convene a joint consultation.
    var major: Bool?
}

/// Opens mediation cases. **The entry point for the other record types**: call
/// `MediationIntake.open(...)` inside your own `db.write(gate:)` transaction (pass that `db`), e.g.
///
///     let mediationCase = try await MediationIntake.open(opening, by: principal, context: req.hewei,
///                                                        now: req.hewei.clock.now(), on: db)
///
/// It validates everything first (`HeweiError.invalidField`, nothing written on bad input), creates
/// the case (state `accepted`, `declined` or `awaitingConsent`, version 1), appends event seq 1
/// (`open`, with `source` and `sourceRef` in its data) and, for an accepted case, starts the
/// case-duration clock (30 statutory days by default, `caseDays` in mediation.yaml).
/// It does not check the caller's role: the calling door has done that for its own action.
enum MediationIntake {
    static func open(_ opening: MediationOpening, by actor: Principal, context: HeweiContext, now: Date,
                     on db: any Database) async throws -> MediationCaseModel {
        guard let source = MediationSource(rawValue: opening.source) else {
            throw HeweiError.invalidField("source", "use one of \(MediationSource.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let ref = (opening.sourceRef ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard ref.count <= 100 else { throw HeweiError.invalidField("sourceRef", "at most 100 characters") }
        if source != .walkIn && source != .gridWorker && ref.isEmpty {
            throw HeweiError.invalidField("sourceRef", "give the \(source.rawValue) reference (order code, petition code, court number, booking)")
        }
        guard MediationDisputeTypes.isKnown(opening.disputeType) else {
            throw HeweiError.invalidField("disputeType", "use one of \(MediationDisputeTypes.defaults.map(\.code).joined(separator: ", "))")
        }
        let summary = opening.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard summary.count >= 5, summary.count <= 4000 else {
            throw HeweiError.invalidField("summary", "describe the facts and disputed matters in 5–4000 characters")
        }
        let applicant = try opening.applicant.validated("applicant")
        let respondent = try opening.respondent.validated("respondent")
        var orderID: UUID?
        if source == .workOrder {
            guard let order = try await WorkOrderModel.query(on: db).filter(\.$code == ref).first() else {
                throw HeweiError.invalidField("sourceRef", "there is no work order '\(ref)'")
            }
            orderID = order.id
        }
        let room = try await MediationOrganisation.room(for: opening.roomCode, actor: actor, context: context, on: db)
        let state: MediationState
        if opening.applicantConsent == false || opening.respondentConsent == false {
            state = .declined
        } else if opening.applicantConsent == true && opening.respondentConsent == true {
            state = .accepted
        } else {
            state = .awaitingConsent
        }

        let row = MediationCaseModel()
        row.id = OrderedID.make()
        row.code = try await MediationCodes.next(rules: context.rules.current, now: now, on: db)
        row.state = state.rawValue
        row.version = 1
        row.source = source.rawValue
        row.sourceRef = ref
        row.sourceOrderID = orderID
        row.disputeType = opening.disputeType
        row.summary = summary
        row.applicant = try applicant.sealed(context.cipher)
        row.respondent = try respondent.sealed(context.cipher)
        row.applicantName = applicant.name
        row.respondentName = respondent.name
        row.applicantConsent = opening.applicantConsent
        row.respondentConsent = opening.respondentConsent
        row.centreID = room.centreID
        row.originCentreID = room.centreID
        row.roomCode = room.code
        row.mediators = "[]"
        row.major = opening.major ?? false
        row.sessions = "[]"
        row.followUps = "[]"
        row.consultations = "[]"
        row.createdAt = now
        row.acceptedAt = state == .accepted ? now : nil
        if state == .declined { row.endedAt = now }
        row.createdBy = actor.username
        try await row.create(on: db)
        try await CaseEventLog.append(.mediation, row.id!, seq: 1, action: MediationAction.open.rawValue, from: nil,
                                      to: state.rawValue, by: actor, note: summary,
                                      data: ["source": source.rawValue, "sourceRef": ref, "room": room.code,
                                             "disputeType": opening.disputeType], at: now, on: db)
        if state == .accepted {
            try await MediationClocks.startDuration(row.id!, context: context, now: now, on: db)
        }
        return row
    }
}

/// Case codes: TJ + the day (UTC+8) + a daily sequence, e.g. TJ20261126-0003.
enum MediationCodes {
    static func next(rules: Rules, now: Date, on db: any Database) async throws -> String {
        let d = rules.calendar.civilDate(of: now)
        let day = String(format: "%04d%02d%02d", d.year, d.month, d.day)
        let seq = try await CodeSequenceRepository.next(dayKey: "TJ\(day)", on: db)
        return String(format: "TJ%@-%04d", day, seq)
    }
}
