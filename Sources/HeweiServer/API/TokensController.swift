import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/tokens`: bearer tokens for machine clients (the hotline bridge, a reporting job),
/// issued by the security administrator to an account, with scopes and an expiry. A token can
/// do only what both its account's role and its scopes allow.
struct TokensController: RouteCollection {
    struct NewToken: Content {
        var username: String
        /// What the token is for.
        var name: String
        /// From `AccessPolicy.allTokenScopes`, e.g. `orders:read`.
        var scopes: [String]
        /// 1 to 366; default 90.
        var days: Int?
    }

    struct IssuedToken: Content {
        var token: String
        var info: TokenDTO
    }

    struct TokenDTO: Content {
        var id: UUID
        var username: String
        var name: String
        var kind: String
        var scopes: [String]
        var createdAt: Date
        var expiresAt: Date
        var lastSeenAt: Date?
        var revokedAt: Date?
    }

    func boot(routes: any RoutesBuilder) throws {
        let tokens = routes.grouped("tokens")
        tokens.get(use: list)
        tokens.post(use: create)
        tokens.post(":id", "revoke", use: revoke)
    }

    /// Machine tokens, newest first; `?user=USERNAME`, `?active=true` (neither revoked nor expired).
    func list(req: Request) async throws -> [TokenDTO] {
        try req.principal().require(.tokens, .list)
        var query = TokenModel.query(on: req.db).filter(\.$kind == "machine")
        if let name = req.query[String.self, at: "user"], !name.isEmpty {
            query = query.filter(\.$userID == (try await req.userAdmin.find(username: name)).id!)
        }
        if try BaseDataController.flag(req, "active") == true {
            query = query.filter(\.$revokedAt == nil).filter(\.$expiresAt > req.hewei.clock.now())
        }
        let rows = try await query.sort(\.$createdAt, .descending).limit(500).all()
        let users = try await UserModel.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.userID))).all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.username) })
        return rows.map { Self.dto($0, username: names[$0.userID] ?? "") }
    }

    func create(req: Request) async throws -> Response {
        try req.principal().require(.tokens, .create)
        let input = try req.content.decode(NewToken.self)
        let user = try await req.userAdmin.find(username: input.username)
        guard user.active else { throw HeweiError.conflict("the account '\(user.username)' is disabled") }
        let name = try Validate.text(input.name, "name", max: 100)
        guard !input.scopes.isEmpty else { throw HeweiError.invalidField("scopes", "name at least one scope") }
        let known = Set(AccessPolicy.allTokenScopes)
        for s in input.scopes where !known.contains(s) {
            throw HeweiError.invalidField("scopes", "unknown scope '\(s)'; known: \(AccessPolicy.allTokenScopes.joined(separator: ", "))")
        }
        let days = input.days ?? 90
        guard (1...366).contains(days) else { throw HeweiError.invalidField("days", "must be from 1 to 366") }
        let (secret, token) = try await Tokens.issue(for: user, kind: "machine", lifetime: TimeInterval(days) * 86400, now: req.hewei.clock.now(),
                                                     name: name, scopes: Array(Set(input.scopes)).sorted(), on: req.db, gate: req.hewei.gate)
        let response = Response(status: .created)
        try response.content.encode(IssuedToken(token: secret, info: Self.dto(token, username: user.username)), as: .json)
        return response
    }

    func revoke(req: Request) async throws -> TokenDTO {
        try req.principal().require(.tokens, .change)
        guard let id = req.parameters.get("id", as: UUID.self), let token = try await TokenModel.find(id, on: req.db) else {
            throw HeweiError.notFound("token")
        }
        if token.revokedAt == nil {
            token.revokedAt = req.hewei.clock.now()
            try await req.db.write(gate: req.hewei.gate) { db in try await token.save(on: db) }
            req.hewei.principals.clear()
        }
        let user = try await UserModel.find(token.userID, on: req.db)
        return Self.dto(token, username: user?.username ?? "")
    }

    static func dto(_ t: TokenModel, username: String) -> TokenDTO {
        TokenDTO(id: t.id!, username: username, name: t.name, kind: t.kind, scopes: t.scopeSet.map { Array($0).sorted() } ?? [],
                 createdAt: t.createdAt, expiresAt: t.expiresAt, lastSeenAt: t.lastSeenAt, revokedAt: t.revokedAt)
    }
}
