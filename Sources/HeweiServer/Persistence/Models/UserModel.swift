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
    /// Wrong passwords in a row; reset by a successful sign-in.
    @Field(key: "failed_logins") var failedLogins: Int
    /// Signing in is refused until then (after too many wrong passwords).
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?

    init() {}

    init(username: String, displayName: String, role: String, unitID: UUID?, passwordHash: String, createdAt: Date) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitID = unitID
        self.passwordHash = passwordHash
        self.active = true
        self.createdAt = createdAt
        self.failedLogins = 0
        self.passwordChangedAt = createdAt
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
    /// What the token is for (machine clients), e.g. "12345 hotline bridge".
    @Field(key: "name") var name: String
    /// Space-separated token scopes (`orders:read orders:write`); empty means every scope the
    /// user's role allows (password sign-in).
    @Field(key: "scopes") var scopes: String
    /// Console sessions end after `LoginPages.idleTimeout` without a request.
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?
    /// Signed out or revoked; the row stays for the record.
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, tokenHash: String, kind: String, createdAt: Date, expiresAt: Date, name: String = "", scopes: [String] = []) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.name = name
        self.scopes = scopes.joined(separator: " ")
        self.lastSeenAt = createdAt
    }

    /// `nil` for a password sign-in (every scope of the role).
    var scopeSet: Set<String>? {
        let parts = scopes.split(separator: " ").map(String.init)
        return parts.isEmpty ? nil : Set(parts)
    }
}
