import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/users`: the security administrator's account management (AccessPolicy `.users`).
struct UsersController: RouteCollection {
    struct PasswordInput: Content { var password: String }

    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: list)
        users.post(use: create)
        users.get(":id", use: show)
        users.patch(":id", use: change)
        users.post(":id", "disable", use: disable)
        users.post(":id", "enable", use: enable)
        users.post(":id", "reset-password", use: resetPassword)
        users.post(":id", "unlock", use: unlock)
    }

    /// `?role=`, `?unit=`, `?q=` (username or name contains), `?page=`, `?per=` (default 50, at most 200).
    func list(req: Request) async throws -> Page<UserDTO> {
        try req.principal().require(.users, .list)
        var query = UserModel.query(on: req.db)
        if let role = req.query[String.self, at: "role"], !role.isEmpty { query = query.filter(\.$role == (try Validate.choice(role, "role", as: Role.self)).rawValue) }
        if let code = req.query[String.self, at: "unit"], !code.isEmpty {
            guard let unit = req.hewei.org.unit(code: code) else { throw HeweiError.invalidField("unit", "no unit with code '\(code)'") }
            query = query.filter(\.$unitID == unit.id)
        }
        if let q = req.query[String.self, at: "q"], !q.isEmpty { query = query.group(.or) { $0.filter(\.$username ~~ q).filter(\.$displayName ~~ q) } }
        let page = try Self.int(req, "page", 1, 1...1_000_000), per = try Self.int(req, "per", 50, 1...200)
        let total = try await query.count()
        let rows = try await query.sort(\.$username).range(((page - 1) * per)..<(page * per)).all()
        return Page(items: rows.map { UserDTO($0, org: req.hewei.org) }, page: page, per: per, total: total)
    }

    func create(req: Request) async throws -> Response {
        try req.principal().require(.users, .create)
        let user = try await req.userAdmin.create(try req.content.decode(UserAdmin.NewUser.self))
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/users/\(user.id!)")
        try response.content.encode(UserDTO(user, org: req.hewei.org), as: .json)
        return response
    }

    func show(req: Request) async throws -> UserDTO {
        try req.principal().require(.users, .read)
        return UserDTO(try await Self.user(req), org: req.hewei.org)
    }

    func change(req: Request) async throws -> UserDTO {
        let actor = try req.principal()
        try actor.require(.users, .change)
        let user = try await Self.user(req)
        return UserDTO(try await req.userAdmin.change(user, try req.content.decode(UserAdmin.Change.self), by: actor), org: req.hewei.org)
    }

    func disable(req: Request) async throws -> UserDTO { try await setActive(req, false) }
    func enable(req: Request) async throws -> UserDTO { try await setActive(req, true) }

    private func setActive(_ req: Request, _ active: Bool) async throws -> UserDTO {
        let actor = try req.principal()
        try actor.require(.users, .change)
        return UserDTO(try await req.userAdmin.setActive(try await Self.user(req), active, by: actor), org: req.hewei.org)
    }

    func resetPassword(req: Request) async throws -> UserDTO {
        try req.principal().require(.users, .change)
        let user = try await Self.user(req)
        let input = try req.content.decode(PasswordInput.self)
        return UserDTO(try await req.userAdmin.resetPassword(user, to: input.password), org: req.hewei.org)
    }

    func unlock(req: Request) async throws -> UserDTO {
        try req.principal().require(.users, .change)
        return UserDTO(try await req.userAdmin.unlock(try await Self.user(req)), org: req.hewei.org)
    }

    static func user(_ req: Request) async throws -> UserModel {
        guard let id = req.parameters.get("id", as: UUID.self), let user = try await UserModel.find(id, on: req.db) else {
            throw HeweiError.notFound("user")
        }
        return user
    }

    static func int(_ req: Request, _ name: String, _ d: Int, _ range: ClosedRange<Int>) throws -> Int {
        try Validate.int(req.query[String.self, at: name], name, default: d, range: range)
    }
}
