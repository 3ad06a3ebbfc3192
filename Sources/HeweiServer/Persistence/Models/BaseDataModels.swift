import Fluent
import Foundation

/// One record of a cell's base data (人、房、事、物、组织): a resident, a building, a facility (部件)
/// or an organisation. The fields every kind shares are columns; the kind's own fields (see
/// `BaseDataKind.fields`) are a JSON object of strings in `attributes`. Never deleted: `active`.
final class BaseRecordModel: Model, @unchecked Sendable {
    static let schema = "base_records"

    @ID(key: .id) var id: UUID?
    /// A `BaseDataKind` raw value.
    @Field(key: "kind") var kind: String
    @Field(key: "cell_code") var cellCode: String
    @Field(key: "name") var name: String
    /// `{"idNumber": "…", "phone": "…", …}`, stored as given (encryption at rest comes with accounts).
    @Field(key: "attributes") var attributes: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One change of a base-data record: who, when, which record, the values before and after.
final class BaseDataChangeModel: Model, @unchecked Sendable {
    static let schema = "base_data_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "kind") var kind: String
    @Field(key: "record_id") var recordID: UUID
    /// `create`, `update` or `import`.
    @Field(key: "action") var action: String
    /// JSON of the record's fields; empty for a new record.
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String

    init() {}
}
