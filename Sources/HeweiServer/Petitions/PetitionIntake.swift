import Crypto
import Fluent
import Foundation
import HeweiCore
import Vapor

/// What is needed to register a petition, from any door (petition console, leader reception, the
/// walk-in hall, a converted work order).
struct PetitionRegistration: Content, Sendable {
    /// `PetitionChannel`: letter | visit | online | phone.
    var channel: String
    /// `PetitionType`: suggestion | accusation | appealClaim. Review applications: default the parent's.
    var type: String?
    /// The matter (facts, reasons, request). Review applications: default the parent's.
    var matter: String?
    /// At least one petitioner (review applications: default the parent's).
    var petitioners: [PetitionerInput]?
    /// The unit the petition concerns (an accusation: the accused unit), by unit code.
    var concernedUnitCode: String?
    /// A work order converted into this petition (its code).
    var sourceOrderCode: String?
    /// Apply for review (复查) of a replied petition, or re-review (复核) of a replied review: its code.
    var parentCode: String?
}

struct PetitionerInput: Content, Sendable {
    var name: String
    var idNumber: String?
    var phone: String?
    var address: String?
}

/// Registers petitions. **The entry point for the other doors** (leader reception, walk-in hall):
/// call it inside your own `db.write(gate:)` transaction, passing that `db`:
///
///     let petition = try await PetitionIntake.register(input, by: principal, context: req.hewei,
///                                                      now: req.hewei.clock.now(), on: db)
///
/// It validates everything first (`HeweiError.invalidField`; nothing is written on bad input),
/// creates the petition in state `registered` with version 1 and event seq 1 (`register`), starts
/// its `forward` clock (15 statutory days by default), and marks it when the same petitioner
/// (ID number compared through a keyed hash) had a concluded re-review on the same matter
/// (`earlierCaseID`: it may then not be accepted) or any earlier petition on it (`repeat`).
/// A review application (`parentCode`) is refused with 409 outside the 30-day window after the reply.
/// It does not check the caller's role: the calling door has done that.
enum PetitionIntake {
    static func register(_ input: PetitionRegistration, by actor: Principal, context: HeweiContext, now: Date,
                         on db: any Database) async throws -> PetitionModel {
        let channel = try Validate.choice(input.channel, "channel", as: PetitionChannel.self)
        var parent: PetitionModel?
        var stage = PetitionStage.original
        if let parentCode = input.parentCode?.trimmingCharacters(in: .whitespaces), !parentCode.isEmpty {
            guard let p = try await PetitionModel.query(on: db).filter(\.$code == parentCode).first() else {
                throw HeweiError.invalidField("parentCode", "there is no petition '\(parentCode)'")
            }
            stage = try PetitionChain.nextStage(after: p, now: now)
            if let child = try await PetitionModel.query(on: db).filter(\.$parentID == p.id!).first() {
                throw HeweiError.conflict("\(p.code) is already under \(child.stage == PetitionStage.reReview.rawValue ? "re-review" : "review") in \(child.code)")
            }
            parent = p
        }
        let inherited = try parent.map { try PetitionPeople.open($0.petitioners, context.cipher) }
        let type = try input.type.map { try Validate.choice($0, "type", as: PetitionType.self) }
            ?? parent.flatMap { PetitionType(rawValue: $0.type) }
            ?? { throw HeweiError.invalidField("type", "must be one of: \(PetitionType.allCases.map(\.rawValue).joined(separator: ", "))") }()
        let matterText = input.matter ?? parent?.matter
        let matter = try Validate.text(matterText, "matter", max: 4000)
        guard matter.count >= 5 else { throw HeweiError.invalidField("matter", "describe the matter in at least 5 characters") }
        let people = try PetitionPeople.validated(input.petitioners, inherited: inherited)
        var concerned: UUID?
        if let code = input.concernedUnitCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard let unit = context.org.unit(code: code) else { throw HeweiError.invalidField("concernedUnitCode", "there is no unit '\(code)'") }
            concerned = unit.id
        } else if let parent {
            concerned = parent.concernedUnitID
        }
        if type == .accusation && concerned == nil {
            throw HeweiError.invalidField("concernedUnitCode", "an accusation names the accused unit")
        }
        var orderID: UUID?
        if let code = input.sourceOrderCode?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard let order = try await WorkOrderModel.query(on: db).filter(\.$code == code).first() else {
                throw HeweiError.invalidField("sourceOrderCode", "there is no work order '\(code)'")
            }
            orderID = order.id
        }
        let key = try people.first?.idNumber.map { try PetitionPeople.key(of: $0, cipher: context.cipher) }
        let limits = PetitionSettings.current

        let row = PetitionModel()
        row.id = OrderedID.make()
        row.code = try await PetitionCodes.next(rules: context.rules.current, now: now, on: db)
        row.state = PetitionState.registered.rawValue
        row.version = 1
        row.stage = stage.rawValue
        row.parentID = parent?.id
        row.rootID = parent.map { $0.rootID ?? $0.id! } ?? row.id
        row.channel = channel.rawValue
        row.type = type.rawValue
        row.matter = matter
        row.petitioners = try PetitionPeople.sealed(people, context.cipher)
        row.petitionerKey = key
        row.concernedUnitID = concerned
        row.registeringUnitID = actor.unitID
        row.sourceOrderID = orderID
        row.isRepeat = false
        row.registeredAt = now
        row.registeredBy = actor.username
        row.updatedAt = now
        if stage == .original, let key {
            let earlier = try await PetitionChain.earlier(key: key, matter: matter, on: db)
            row.isRepeat = earlier.isRepeat
            row.earlierCaseID = earlier.concludedReReview?.id
        }
        try await row.create(on: db)
        var data = ["channel": channel.rawValue, "type": type.rawValue, "stage": stage.rawValue]
        if let parent { data["parent"] = parent.code }
        if let orderID { data["sourceOrder"] = orderID.uuidString }
        try await CaseEventLog.append(.petition, row.id!, seq: 1, action: PetitionAction.register.rawValue, from: nil,
                                      to: row.state, by: actor, note: "", data: data, at: now, on: db)
        try await CaseClockBook(rules: context.rules.current).start(.petition, row.id!, kind: PetitionClockKind.forward.rawValue,
                                                                     limit: limits.forward, now: now, on: db)
        return row
    }
}

/// Petition codes: XF + the day (UTC+8) + a daily sequence, e.g. XF20261126-0003.
enum PetitionCodes {
    static func next(rules: Rules, now: Date, on db: any Database) async throws -> String {
        let d = rules.calendar.civilDate(of: now)
        let day = String(format: "%04d%02d%02d", d.year, d.month, d.day)
        let seq = try await CodeSequenceRepository.next(dayKey: "XF\(day)", on: db)
        return String(format: "XF%@-%04d", day, seq)
    }
}

/// Petitioners: validation, sealing at rest, and the keyed hash of the ID number.
enum PetitionPeople {
    static let hidden = "（保密）"

    static func validated(_ input: [PetitionerInput]?, inherited: [Petitioner]?) throws -> [Petitioner] {
        guard let input, !input.isEmpty else {
            if let inherited, !inherited.isEmpty { return inherited }
            throw HeweiError.invalidField("petitioners", "name at least one petitioner")
        }
        guard input.count <= 20 else { throw HeweiError.invalidField("petitioners", "at most 20 petitioners") }
        return try input.enumerated().map { i, p in
            let f = "petitioners[\(i)]"
            let name = try Validate.text(p.name, "\(f).name", max: 50)
            let id = try Validate.text(p.idNumber, "\(f).idNumber", max: 30, required: false)
            if !id.isEmpty && id.count < 6 { throw HeweiError.invalidField("\(f).idNumber", "give 6–30 characters") }
            let phoneText = (p.phone ?? "").trimmingCharacters(in: .whitespaces)
            let phone = phoneText.isEmpty ? nil : try Validate.phone(phoneText, "\(f).phone")
            let address = try Validate.text(p.address, "\(f).address", max: 200, required: false)
            return Petitioner(name: name, idNumber: id.isEmpty ? nil : id.uppercased(), phone: phone,
                              address: address.isEmpty ? nil : address)
        }
    }

    static func sealed(_ people: [Petitioner], _ cipher: FieldCipher) throws -> String {
        try cipher.seal(String(decoding: try JSONEncoder().encode(people), as: UTF8.self))
    }

    static func open(_ stored: String, _ cipher: FieldCipher) throws -> [Petitioner] {
        try JSONDecoder().decode([Petitioner].self, from: Data(try cipher.open(stored).utf8))
    }

    /// HMAC-SHA256 of the upper-cased ID number under a key derived from the first data key.
    static func key(of idNumber: String, cipher: FieldCipher) throws -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: cipher.keys[0].key, info: Data("hewei-petitioner-key".utf8),
                                             outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(idNumber.uppercased().utf8), using: derived)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }
}
