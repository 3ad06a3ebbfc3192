import Fluent
import Foundation

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "role") var role: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(username: String, displayName: String, role: String, unitID: UUID?, passwordHash: String, createdAt: Date) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitID = unitID
        self.passwordHash = passwordHash
        self.active = true
        self.createdAt = createdAt
    }
}

/// A bearer token (API clients) or a console session; only the SHA-256 of the secret is stored.
final class TokenModel: Model, @unchecked Sendable {
    static let schema = "tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "token_hash") var tokenHash: String
    /// `api` or `session`.
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, kind: String, createdAt: Date, expiresAt: Date) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
