import Fluent
import Foundation
import HeweiCore
import Vapor

/// Turns a reception booking or a hall visit into a work order (through intake, channel `walkIn`),
/// a petition (`PetitionIntake.register`, channel `visit`) or a mediation case
/// (`MediationIntake.open`), inside the caller's transaction. `prepare` checks what can be checked
/// before the transaction; `commit` writes the record (the intakes validate first and write
/// nothing on bad input; the transaction is rolled back with them) and returns the link to store.
struct CaseReferral {
    /// The details a referral needs beside the resident and the matter.
    struct Input: Content, Sendable {
        var note: String?
        /// Order: the minor category, the request kind (default: the channel's), the address, and
        /// optionally the unit to dispatch to (`auto` or a unit code; only roles that may dispatch).
        var categoryCode: String?
        var requestKind: String?
        var address: String?
        var dispatchTo: String?
        /// Petition: suggestion | accusation | appealClaim, and the unit concerned (its code).
        var petitionType: String?
        var concernedUnitCode: String?
        /// Mediation: the dispute type, the other party, consent of both, the room (default: the actor's centre's).
        var disputeType: String?
        var respondentName: String?
        var respondentKind: String?
        var respondentPhone: String?
        var applicantConsent: Bool?
        var respondentConsent: Bool?
        var roomCode: String?
    }

    enum Kind: String, Sendable { case order, petition, mediation }

    enum Prepared: Sendable {
        case order(OrderWorkflow, OrderWorkflow.CheckedIntake)
        case petition(PetitionRegistration)
        case mediation(MediationOpening)
    }

    struct Link: Sendable {
        let type: String
        let ref: String
    }

    /// `source`: `reception` or `hall`; `sourceRef`: the booking's or visit's id.
    static func prepare(_ kind: Kind, _ input: Input, name: String, phone: String, matter: String, source: String,
                        sourceRef: String, by actor: Principal, req: Request) async throws -> Prepared {
        switch kind {
        case .order:
            let workflow = req.hewei.workflow(on: req.db)
            let intake = IntakeInput(channel: HeweiCore.Channel.walkIn.rawValue, channelRef: nil, requestKind: ConsoleAPI.given(input.requestKind)
                                         ?? req.hewei.channels.channel(HeweiCore.Channel.walkIn.rawValue)?.defaultRequestKind ?? RequestKind.complaint.rawValue,
                                     categoryCode: try Validate.text(input.categoryCode, "referral.categoryCode", max: 20), urgency: nil,
                                     longitude: nil, latitude: nil, address: try Validate.text(input.address, "referral.address", max: 300),
                                     requesterName: name, requesterPhone: phone, anonymous: false, content: matter,
                                     dispatchTo: ConsoleAPI.given(input.dispatchTo), answerAtOnce: nil)
            return .order(workflow, try await workflow.validate(intake, actorRole: actor.role))
        case .petition:
            return .petition(PetitionRegistration(
                channel: PetitionChannel.visit.rawValue, type: try Validate.text(input.petitionType, "referral.petitionType", max: 40),
                matter: matter, petitioners: [PetitionerInput(name: name, idNumber: nil, phone: phone, address: input.address)],
                concernedUnitCode: ConsoleAPI.given(input.concernedUnitCode), sourceOrderCode: nil, parentCode: nil))
        case .mediation:
            let respondent = MediationParty(name: try Validate.text(input.respondentName, "referral.respondentName", max: 100),
                                            kind: ConsoleAPI.given(input.respondentKind) ?? "person",
                                            phone: ConsoleAPI.given(input.respondentPhone), idNumber: nil, address: nil)
            return .mediation(MediationOpening(
                source: source, sourceRef: sourceRef, disputeType: try Validate.text(input.disputeType, "referral.disputeType", max: 40),
                summary: matter, applicant: MediationParty(name: name, kind: "person", phone: phone, idNumber: nil, address: input.address),
                respondent: respondent, applicantConsent: input.applicantConsent, respondentConsent: input.respondentConsent,
                roomCode: ConsoleAPI.given(input.roomCode), major: nil))
        }
    }

    static func commit(_ p: Prepared, by actor: Principal, context: HeweiContext, now: Date, on db: any Database) async throws -> Link {
        switch p {
        case let .order(workflow, intake):
            let order = try await workflow.create(intake, key: nil, by: actor, on: db)
            return Link(type: "order", ref: order.code)
        case let .petition(registration):
            let petition = try await PetitionIntake.register(registration, by: actor, context: context, now: now, on: db)
            return Link(type: "petition", ref: petition.code)
        case let .mediation(opening):
            let mediationCase = try await MediationIntake.open(opening, by: actor, context: context, now: now, on: db)
            return Link(type: "mediation", ref: mediationCase.code)
        }
    }
}
