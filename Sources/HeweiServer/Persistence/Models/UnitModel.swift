import Fluent
import Foundation

/// A unit that can receive work orders: a service centre (city / town / village room) or a department.
final class UnitModel: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    /// `centre` or `department`.
    @Field(key: "kind") var kind: String
    /// For centres: `city`, `town` or `village`; departments: `city` (county-level) or `town`.
    @Field(key: "level") var level: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "active") var active: Bool

    init() {}

    init(id: UUID? = nil, code: String, name: String, nameEn: String, kind: String, level: String, parentID: UUID?) {
        self.id = id
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.level = level
        self.parentID = parentID
        self.active = true
    }
}
