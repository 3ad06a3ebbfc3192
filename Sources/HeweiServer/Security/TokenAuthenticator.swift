import Crypto
import Fluent
import Foundation
import HeweiCore
import Vapor

/// Tokens: random secrets handed out once; only their SHA-256 is stored.
enum Tokens {
    static let sessionCookie = "hewei_session"

    static func newSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Issues a token for a user; returns the secret (shown once).
    static func issue(for user: UserModel, kind: String, lifetime: TimeInterval, now: Date, on db: any Database,
                      gate: WriteGate) async throws -> (String, Date) {
        let secret = newSecret()
        let expires = now.addingTimeInterval(lifetime)
        let token = TokenModel(userID: user.id!, tokenHash: hash(secret), kind: kind, createdAt: now, expiresAt: expires)
        try await db.write(gate: gate) { db in try await token.create(on: db) }
        return (secret, expires)
    }

    static func revoke(secret: String, on db: any Database, gate: WriteGate, cache: PrincipalCache) async throws {
        let digest = hash(secret)
        try await db.write(gate: gate) { db in try await TokenModel.query(on: db).filter(\.$tokenHash == digest).delete() }
        cache.forget(digest)
    }

    static func principal(for user: UserModel) -> Principal? {
        guard user.active, let role = Role(rawValue: user.role) else { return nil }
        return Principal(id: user.id, username: user.username, name: user.displayName, role: role, unitID: user.unitID)
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
              token.expiresAt > now,
              let user = try await UserModel.find(token.userID, on: request.db),
              let principal = Tokens.principal(for: user) else { return }
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
