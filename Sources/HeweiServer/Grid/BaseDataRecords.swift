import Foundation
import HeweiCore
import Vapor

/// Maps base-data records between their stored form, their field values and the API. ID numbers
/// are sealed with the deployment's `FieldCipher` wherever they are stored: in the record and in
/// the before/after of its history.
enum BaseDataRecords {
    /// Fields stored sealed.
    static let sealedFields = ["idNumber"]

    /// The record's fields as text: `name` and the kind's attributes, opened.
    static func values(of m: BaseRecordModel, cipher: FieldCipher) throws -> [String: String] {
        var values = try open(m.attributes, cipher: cipher) ?? [:]
        values["name"] = m.name
        return values
    }

    static func apply(_ values: [String: String], cell: String, active: Bool, to m: BaseRecordModel, now: Date, cipher: FieldCipher) throws {
        var attributes = values
        m.name = attributes.removeValue(forKey: "name") ?? ""
        m.attributes = try sealedJSON(attributes, cipher: cipher)
        m.cellCode = cell
        m.active = active
        m.updatedAt = now
    }

    /// The audit form of a record: every field, sorted, ID numbers sealed.
    static func snapshot(_ m: BaseRecordModel, cipher: FieldCipher) throws -> String {
        var all = try values(of: m, cipher: cipher)
        all["cellCode"] = m.cellCode
        all["active"] = m.active ? "true" : "false"
        return try sealedJSON(all, cipher: cipher)
    }

    /// The plain values of a snapshot or record, for comparing two versions.
    static func plainSnapshot(_ m: BaseRecordModel, cipher: FieldCipher) throws -> [String: String] {
        var all = try values(of: m, cipher: cipher)
        all["cellCode"] = m.cellCode
        all["active"] = m.active ? "true" : "false"
        return all
    }

    static func change(_ action: String, of m: BaseRecordModel, before: String, by actor: Principal, at now: Date, cipher: FieldCipher) throws -> BaseDataChangeModel {
        let c = BaseDataChangeModel()
        c.id = UUID()
        c.at = now
        c.actorID = actor.id
        c.actorName = actor.name
        c.kind = m.kind
        c.recordID = m.id!
        c.action = action
        c.before = before
        c.after = try snapshot(m, cipher: cipher)
        return c
    }

    /// `true`/`false` (also `1`/`0`, `是`/`否`); absent means true.
    static func active(_ text: String?) -> Bool? {
        switch (text ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "true", "1", "yes", "是": return true
        case "false", "0", "no", "否": return false
        default: return nil
        }
    }

    /// ID numbers and phones masked unless `reveal` (see `CellScope`).
    static func masked(_ values: [String: String], reveal: Bool) -> [String: String] {
        guard !reveal else { return values }
        var values = values
        if let id = values["idNumber"] { values["idNumber"] = Masking.idNumber(id) }
        if let phone = values["phone"] { values["phone"] = Masking.phone(phone) }
        return values
    }

    /// Parses stored JSON and opens the sealed fields; nil for an empty text.
    static func open(_ json: String, cipher: FieldCipher) throws -> [String: String]? {
        guard !json.isEmpty, var values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return nil }
        for key in sealedFields { if let v = values[key] { values[key] = try cipher.open(v) } }
        return values
    }

    static func sealedJSON(_ values: [String: String], cipher: FieldCipher) throws -> String {
        var values = values
        for key in sealedFields { if let v = values[key], !FieldCipher.isSealed(v) { values[key] = try cipher.seal(v) } }
        return json(values)
    }

    /// Re-seals every sealed field of a stored JSON text with the cipher's current key; nil when
    /// nothing needed it.
    static func reseal(_ json: String, cipher: FieldCipher) throws -> String? {
        guard !json.isEmpty, var values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return nil }
        var changed = false
        for key in sealedFields {
            guard let v = values[key], FieldCipher.keyID(of: v) != cipher.currentKeyID else { continue }
            values[key] = try cipher.seal(try cipher.open(v))
            changed = true
        }
        return changed ? Self.json(values) : nil
    }

    private static func json(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(values)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// A base-data record as the API shows it: ID numbers and phones masked unless the scope reveals them.
struct BaseRecordDTO: Content {
    var id: UUID
    var kind: String
    var cellCode: String
    var name: String
    var active: Bool
    var attributes: [String: String]
    var createdAt: Date
    var updatedAt: Date

    init(_ m: BaseRecordModel, reveal: Bool, cipher: FieldCipher) throws {
        var attributes = BaseDataRecords.masked(try BaseDataRecords.values(of: m, cipher: cipher), reveal: reveal)
        attributes["name"] = nil
        self.id = m.id!
        self.kind = m.kind
        self.cellCode = m.cellCode
        self.name = m.name
        self.active = m.active
        self.attributes = attributes
        self.createdAt = m.createdAt
        self.updatedAt = m.updatedAt
    }
}

/// One entry of a record's history: every field before and after, masked like the record.
struct BaseDataChangeDTO: Content {
    var at: Date
    var actor: String
    /// `create`, `update` or `import`.
    var action: String
    var before: [String: String]?
    var after: [String: String]

    init(_ m: BaseDataChangeModel, reveal: Bool, cipher: FieldCipher) throws {
        at = m.at
        actor = m.actorName
        action = m.action
        before = try BaseDataRecords.open(m.before, cipher: cipher).map { BaseDataRecords.masked($0, reveal: reveal) }
        after = BaseDataRecords.masked(try BaseDataRecords.open(m.after, cipher: cipher) ?? [:], reveal: reveal)
    }
}
