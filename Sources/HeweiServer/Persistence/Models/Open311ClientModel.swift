import Fluent
import Foundation

/// A machine client of the Open311 GeoReport v2 interface (`/open311/v2`), known by its API key.
/// Only the SHA-256 hex digest of the key is stored; the key itself is shown once, at creation.
final class Open311ClientModel: Model, @unchecked Sendable {
    static let schema = "open311_clients"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "key_hash") var keyHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(name: String, keyHash: String, createdAt: Date) {
        self.name = name
        self.keyHash = keyHash
        self.createdAt = createdAt
    }
}

/// What an Open311 POST carried that the work order has no column for: which client filed it and
/// the `media_url`. One row per order created through Open311 (never for a replay).
final class Open311RequestModel: Model, @unchecked Sendable {
    static let schema = "open311_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "order_id") var orderID: UUID
    @Field(key: "client_id") var clientID: UUID
    @OptionalField(key: "media_url") var mediaURL: String?
    @OptionalField(key: "account_id") var accountID: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
