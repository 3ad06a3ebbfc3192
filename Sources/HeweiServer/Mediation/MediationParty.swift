import Foundation
import HeweiCore
import Vapor

/// A party of a mediation case (当事人): applicant or respondent, a person or an organisation.
struct MediationParty: Content, Equatable {
    var name: String
    /// `PartyKind`: person | organisation.
    var kind: String
    var phone: String?
    var idNumber: String?
    var address: String?

    /// Checks the fields; `field` names the party in errors (`applicant`, `respondent`).
    func validated(_ field: String) throws -> MediationParty {
        var p = self
        p.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !p.name.isEmpty, p.name.count <= 100 else { throw HeweiError.invalidField("\(field).name", "give a name of 1–100 characters") }
        guard PartyKind(rawValue: kind) != nil else { throw HeweiError.invalidField("\(field).kind", "use person or organisation") }
        if let phone = phone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty {
            guard phone.count >= 5, phone.count <= 20, phone.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) else {
                throw HeweiError.invalidField("\(field).phone", "give digits only (5–20)")
            }
            p.phone = phone
        } else { p.phone = nil }
        if let id = idNumber?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
            guard id.count >= 6, id.count <= 30 else { throw HeweiError.invalidField("\(field).idNumber", "give 6–30 characters") }
            p.idNumber = id
        } else { p.idNumber = nil }
        if let a = address?.trimmingCharacters(in: .whitespaces), !a.isEmpty {
            guard a.count <= 200 else { throw HeweiError.invalidField("\(field).address", "at most 200 characters") }
            p.address = a
        } else { p.address = nil }
        return p
    }

    /// The stored form: phone and ID number sealed.
    func sealed(_ cipher: FieldCipher) throws -> String {
        var p = self
        p.phone = try phone.map { try cipher.seal($0) }
        p.idNumber = try idNumber.map { try cipher.seal($0) }
        return String(decoding: try JSONEncoder.mediation.encode(p), as: UTF8.self)
    }

    /// Opens a stored party.
    static func opened(_ json: String, _ cipher: FieldCipher) throws -> MediationParty {
        var p = try JSONDecoder().decode(MediationParty.self, from: Data(json.utf8))
        p.phone = try p.phone.map { try cipher.open($0) }
        p.idNumber = try p.idNumber.map { try cipher.open($0) }
        return p
    }

    /// Phone and ID number masked (138****1234).
    var masked: MediationParty {
        var p = self
        p.phone = phone.map(Masking.phone)
        p.idNumber = idNumber.map(Masking.idNumber)
        return p
    }
}

extension JSONEncoder {
    /// Sorted keys, for stored JSON.
    static var mediation: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        e.dateEncodingStrategy = .iso8601
        return e
    }
}

extension JSONDecoder {
    static var mediation: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
