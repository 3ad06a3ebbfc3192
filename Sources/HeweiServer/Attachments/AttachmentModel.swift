import Fluent
import Foundation

/// A photo or document attached to an order. The file lives under the attachment directory by its
/// id; the row keeps who added it, when, its type as recognised from its content, size and SHA-256.
/// Rows and files are never deleted.
final class AttachmentModel: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "name") var name: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "path") var path: String
    @OptionalField(key: "added_by_id") var addedByID: UUID?
    @Field(key: "added_by") var addedBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
