import Fluent
import Foundation

/// A node of the category tree (大类 → 小类). Leaves carry the default receiving unit and urgency.
final class CategoryModel: Model, @unchecked Sendable {
    static let schema = "categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @OptionalField(key: "parent_code") var parentCode: String?
    @OptionalField(key: "default_unit_id") var defaultUnitID: UUID?
    @Field(key: "urgency") var urgency: String
    /// Overrides the policy's handling limit for this category ("3 working days"); nil = by urgency.
    @OptionalField(key: "handling_limit") var handlingLimit: String?
    @Field(key: "active") var active: Bool
    /// False when the category needs the requester's contact (no anonymous requests); nil or true: allowed.
    @OptionalField(key: "allows_anonymous") var allowsAnonymous: Bool?

    init() {}

    init(code: String, name: String, nameEn: String, parentCode: String?, defaultUnitID: UUID?, urgency: String,
         handlingLimit: String? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.parentCode = parentCode
        self.defaultUnitID = defaultUnitID
        self.urgency = urgency
        self.handlingLimit = handlingLimit
        self.active = true
    }

    var isLeaf: Bool { parentCode != nil }
}
