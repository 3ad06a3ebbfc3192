import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/auth`: sign in with a password for a bearer token, sign out, change one's own
/// password; `/api/v1/me`: who am I. Sign-in is rate-limited per client address.
struct AuthController: RouteCollection {
    static let apiTokenLifetime: TimeInterval = 12 * 3600

    struct LoginInput: Content {
        var username: String
        var password: String
    }

    struct LoginOutput: Content {
        var token: String
        var expiresAt: Date
        var user: UserDTO
    }

    struct PasswordInput: Content {
        var currentPassword: String
        var newPassword: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RateLimitMiddleware { $0.hewei.loginLimiter }).post("auth", "login", use: login)
        routes.post("auth", "logout", use: logout)
        routes.post("auth", "password", use: changePassword)
        routes.get("me", use: me)
    }

    func login(req: Request) async throws -> LoginOutput {
        let input = try req.content.decode(LoginInput.self)
        let user = try await Accounts.signIn(username: input.username, password: input.password, on: req)
        let (secret, token) = try await Tokens.issue(for: user, kind: "api", lifetime: Self.apiTokenLifetime,
                                                     now: req.hewei.clock.now(), on: req.db, gate: req.hewei.gate)
        return LoginOutput(token: secret, expiresAt: token.expiresAt, user: UserDTO(user, org: req.hewei.org))
    }

    /// Revokes the bearer token the request came with.
    func logout(req: Request) async throws -> HTTPStatus {
        _ = try req.principal()
        guard let secret = req.headers.bearerAuthorization?.token else { throw HeweiError.invalidField("Authorization", "send the bearer token to revoke") }
        try await Tokens.revoke(secret: secret, now: req.hewei.clock.now(), on: req.db, gate: req.hewei.gate, cache: req.hewei.principals)
        return .noContent
    }

    func changePassword(req: Request) async throws -> HTTPStatus {
        let p = try req.principal()
        guard p.scopes == nil else { throw HeweiError.forbidden("a machine token cannot change passwords") }
        let input = try req.content.decode(PasswordInput.self)
        guard let id = p.id, let user = try await UserModel.find(id, on: req.db) else { throw HeweiError.unauthenticated }
        guard try await req.password.async.verify(input.currentPassword, created: user.passwordHash) else {
            throw HeweiError.invalidField("currentPassword", "is not the current password")
        }
        try Accounts.checkPassword(input.newPassword, username: user.username, field: "newPassword")
        let hash = try await req.password.async.hash(input.newPassword)
        let now = req.hewei.clock.now()
        // Every other session and token of the account ends; the one in hand goes on.
        let current = p.tokenID
        try await req.db.write(gate: req.hewei.gate) { db in
            try await UserModel.query(on: db).filter(\.$id == id).set(\.$passwordHash, to: hash).set(\.$passwordChangedAt, to: now).update()
            var others = TokenModel.query(on: db).filter(\.$userID == id).filter(\.$revokedAt == nil)
            if let current { others = others.filter(\.$id != current) }
            try await others.set(\.$revokedAt, to: now).update()
        }
        req.hewei.principals.clear()
        return .noContent
    }

    func me(req: Request) async throws -> UserDTO {
        let p = try req.principal()
        guard let id = p.id, let user = try await UserModel.find(id, on: req.db) else { throw HeweiError.unauthenticated }
        return UserDTO(user, org: req.hewei.org)
    }
}

struct UserDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var role: String
    var unit: String?
    var active: Bool
    var lockedUntil: Date?
    var createdAt: Date

    init(_ u: UserModel, org: OrgDirectory) {
        id = u.id!
        username = u.username
        displayName = u.displayName
        role = u.role
        unit = org.unit(u.unitID)?.code
        active = u.active
        lockedUntil = u.lockedUntil
        createdAt = u.createdAt
    }
}
