import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/auth`: sign in with a password for a bearer token; who am I.
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

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "login", use: login)
        routes.get("me", use: me)
    }

    func login(req: Request) async throws -> LoginOutput {
        let input = try req.content.decode(LoginInput.self)
        let user = try await Self.verify(username: input.username, password: input.password, on: req)
        let (secret, expires) = try await Tokens.issue(for: user, kind: "api", lifetime: Self.apiTokenLifetime,
                                                       now: req.hewei.clock.now(), on: req.db, gate: req.hewei.gate)
        return LoginOutput(token: secret, expiresAt: expires, user: UserDTO(user, org: req.hewei.org))
    }

    func me(req: Request) async throws -> UserDTO {
        let p = try req.principal()
        guard let id = p.id, let user = try await UserModel.find(id, on: req.db) else { throw HeweiError.unauthenticated }
        return UserDTO(user, org: req.hewei.org)
    }

    /// Checks a username and password; the same vague error for every failure.
    static func verify(username: String, password: String, on req: Request) async throws -> UserModel {
        let user = try await UserModel.query(on: req.db).filter(\.$username == username).first()
        guard let user, user.active, try await req.password.async.verify(password, created: user.passwordHash) else {
            throw HeweiError.invalidCredentials
        }
        return user
    }
}

struct UserDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var role: String
    var unit: String?

    init(_ u: UserModel, org: OrgDirectory) {
        id = u.id!
        username = u.username
        displayName = u.displayName
        role = u.role
        unit = org.unit(u.unitID)?.code
    }
}
