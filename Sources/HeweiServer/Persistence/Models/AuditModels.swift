import Fluent
import Foundation

/// One entry of the audit trail: who did what to what, when, with what result. Each entry carries
/// the SHA-256 of the one before it (`prevHash`) and its own (`hash`), so a changed, removed or
/// inserted row breaks the chain (`hewei audit verify`). Appended only, never changed.
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    /// 1, 2, 3, … without gaps.
    @Field(key: "seq") var seq: Int
    /// Milliseconds since 1970 (an integer, so that the hash does not depend on date precision).
    @Field(key: "at_ms") var atMs: Int64
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// The username (or the one tried, for a failed sign-in); `anonymous` without one.
    @Field(key: "actor") var actor: String
    @Field(key: "role") var role: String
    /// `write`, `reveal`, `auth`, `export`.
    @Field(key: "kind") var kind: String
    /// What was done: `POST /api/v1/orders/:key/actions/:action`, `auth.login`, `orders.reveal`, …
    @Field(key: "action") var action: String
    /// What it was done to: the request path, or a record reference.
    @Field(key: "target") var target: String
    @Field(key: "status") var status: Int
    /// The reason given (revealing personal data), or a short note.
    @Field(key: "reason") var reason: String
    @Field(key: "ip") var ip: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// The chain's last link, one row (id 1): locked while entries are appended, so that writers on
/// several servers extend one chain; and compared with the last entry on verify (a cut tail shows).
final class AuditHeadModel: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}
}

/// A checkpoint of the chain (every `AuditLog.anchorEvery` entries, and on `hewei audit anchor`),
/// also appended to the anchor file when one is configured: a copy kept outside the database.
final class AuditAnchorModel: Model, @unchecked Sendable {
    static let schema = "audit_anchors"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String
    @Field(key: "at_ms") var atMs: Int64

    init() {}
}
