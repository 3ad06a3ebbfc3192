import Crypto
import Fluent
import Foundation
import HeweiCore
import Vapor

/// Tokens: random secrets handed out once; only their SHA-256 is stored.
enum Tokens {
    static let sessionCookie = "hewei_session"
    /// A console session ends after this long without a request.
    static let idleTimeout: TimeInterval = 30 * 60
    /// Machine tokens live at most this long.
    static let maxLifetime: TimeInterval = 366 * 24 * 3600

    static func newSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> String {
        AuditChain.hex(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Issues a token for a user; returns the secret (shown once).
    /// Issues a token for a user; returns the secret (shown once) and the stored token.
    static func issue(for user: UserModel, kind: String, lifetime: TimeInterval, now: Date, name: String = "", scopes: [String] = [],
                      on db: any Database, gate: WriteGate) async throws -> (String, TokenModel) {
        let secret = newSecret()
        let token = TokenModel(userID: user.id!, tokenHash: hash(secret), kind: kind, createdAt: now,
                               expiresAt: now.addingTimeInterval(lifetime), name: name, scopes: scopes)
        token.id = OrderedID.make()
        try await db.write(gate: gate) { db in try await token.create(on: db) }
        return (secret, token)
    }

    /// Ends a session or token: the row stays, marked revoked.
    static func revoke(secret: String, now: Date, on db: any Database, gate: WriteGate, cache: PrincipalCache) async throws {
        let digest = hash(secret)
        try await db.write(gate: gate) { db in
            try await TokenModel.query(on: db).filter(\.$tokenHash == digest).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        }
        cache.forget(digest)
    }

    static func principal(for user: UserModel, token: TokenModel?) -> Principal? {
        guard user.active, let role = Role(rawValue: user.role) else { return nil }
        return Principal(id: user.id, username: user.username, name: user.displayName, role: role, unitID: user.unitID,
                         scopes: token?.scopeSet, tokenID: token?.id)
    }
}

/// Signs the request in from `Authorization: Bearer …` (API clients) or the session cookie (console).
struct TokenAuthenticator: AsyncRequestAuthenticator {
    func authenticate(request: Request) async throws {
        let secret = request.headers.bearerAuthorization?.token ?? request.cookies[Tokens.sessionCookie]?.string
        guard let secret, !secret.isEmpty else { return }
        let now = request.hewei.clock.now()
        let digest = Tokens.hash(secret)
        let cache = request.hewei.principals
        if let cached = cache.get(digest, now: now) {
            request.auth.login(cached)
            return
        }
        guard let token = try await TokenModel.query(on: request.db).filter(\.$tokenHash == digest).first(),
              token.revokedAt == nil, token.expiresAt > now,
              let user = try await UserModel.find(token.userID, on: request.db),
              let principal = Tokens.principal(for: user, token: token) else { return }
        if token.kind == "session" {
            // Idle timeout: checked whenever the cache lets go of the session (at least each minute).
            if let seen = token.lastSeenAt, now.timeIntervalSince(seen) > Tokens.idleTimeout { return }
            let id = token.id!
            // Not the request's own change: it must not take the request's audit entry.
            try await AuditPending.outside {
                try await request.db.write(gate: request.hewei.gate) { db in
                    try await TokenModel.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
                }
            }
        }
        cache.put(digest, principal, tokenExpiresAt: token.expiresAt, now: now)
        request.auth.login(principal)
    }
}

extension Request {
    /// The signed-in user, or 401.
    func principal() throws -> Principal {
        guard let p = auth.get(Principal.self) else { throw HeweiError.unauthenticated }
        return p
    }
}
