import Foundation
import HeweiCore
import Vapor

/// Maps base-data records between their stored form, their field values and the API.
enum BaseDataRecords {
    /// The record's fields as text: `name`, `cellCode`, `active` and the kind's attributes.
    static func values(of m: BaseRecordModel) -> [String: String] {
        var values = (try? JSONDecoder().decode([String: String].self, from: Data(m.attributes.utf8))) ?? [:]
        values["name"] = m.name
        return values
    }

    static func apply(_ values: [String: String], cell: String, active: Bool, to m: BaseRecordModel, now: Date) {
        var attributes = values
        m.name = attributes.removeValue(forKey: "name") ?? ""
        m.attributes = json(attributes)
        m.cellCode = cell
        m.active = active
        m.updatedAt = now
    }

    /// The audit form of a record: every field, sorted, unmasked.
    static func snapshot(_ m: BaseRecordModel) -> String {
        var all = values(of: m)
        all["cellCode"] = m.cellCode
        all["active"] = m.active ? "true" : "false"
        return json(all)
    }

    static func change(_ action: String, of m: BaseRecordModel, before: String, by actor: Principal, at now: Date) -> BaseDataChangeModel {
        let c = BaseDataChangeModel()
        c.id = UUID()
        c.at = now
        c.actorID = actor.id
        c.actorName = actor.name
        c.kind = m.kind
        c.recordID = m.id!
        c.action = action
        c.before = before
        c.after = snapshot(m)
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

    static func decode(_ json: String) -> [String: String]? {
        json.isEmpty ? nil : try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
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

    init(_ m: BaseRecordModel, reveal: Bool) {
        var attributes = BaseDataRecords.masked(BaseDataRecords.values(of: m), reveal: reveal)
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

    init(_ m: BaseDataChangeModel, reveal: Bool) {
        at = m.at
        actor = m.actorName
        action = m.action
        before = BaseDataRecords.decode(m.before).map { BaseDataRecords.masked($0, reveal: reveal) }
        after = BaseDataRecords.masked(BaseDataRecords.decode(m.after) ?? [:], reveal: reveal)
    }
}
