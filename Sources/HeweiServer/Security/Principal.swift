import Foundation
import HeweiCore
import Vapor

/// Who is acting: a signed-in user, or the system itself (the sweeper, the CLI).
public struct Principal: Sendable, Authenticatable {
    public let id: UUID?
    public let username: String
    public let name: String
    /// `nil` for the system.
    public let role: Role?
    public let unitID: UUID?
    /// The token scopes of a machine client's bearer token (`orders:read`, …); `nil` for a person
    /// signed in with a password, who has every scope their role allows.
    public let scopes: Set<String>?
    /// The token or session the request came with (for the audit trail); nil for the system.
    public let tokenID: UUID?

    public init(id: UUID?, username: String, name: String, role: Role?, unitID: UUID?, scopes: Set<String>? = nil, tokenID: UUID? = nil) {
        self.id = id
        self.username = username
        self.name = name
        self.role = role
        self.unitID = unitID
        self.scopes = scopes
        self.tokenID = tokenID
    }

    public static let system = Principal(id: nil, username: "system", name: "系统", role: nil, unitID: nil)

    public var roleName: String { role?.rawValue ?? "system" }

    /// Throws 403 unless the role may do `operation` to `resource` (AccessPolicy) and the token,
    /// if it is a machine client's, carries the scope for it. The system may do anything.
    public func require(_ resource: Resource, _ operation: AccessOperation) throws {
        guard let role else { return }
        guard AccessPolicy.may(role, operation, resource) else {
            throw HeweiError.forbidden("role '\(role.rawValue)' may not \(operation.rawValue) \(resource.rawValue)")
        }
        let scope = AccessPolicy.tokenScope(resource, operation)
        if let scopes, !scopes.contains(scope) {
            throw HeweiError.forbidden("the token lacks the scope '\(scope)'")
        }
    }

    /// For order actions (`OrderPermissions`): one of the roles, and a token scope of `orders:write`.
    public func require(_ roles: Set<Role>, _ what: String) throws {
        guard let role, roles.contains(role) else {
            throw HeweiError.forbidden("role '\(roleName)' may not \(what)")
        }
        try requireTokenScope(AccessPolicy.tokenScope(.orders, .change))
    }

    /// For actions whose role check lives elsewhere (order actions: `OrderPermissions`): only the
    /// machine token's scope.
    public func requireTokenScope(_ scope: String) throws {
        if let scopes, !scopes.contains(scope) { throw HeweiError.forbidden("the token lacks the scope '\(scope)'") }
    }

    /// Whether `require` would pass.
    public func may(_ resource: Resource, _ operation: AccessOperation) -> Bool {
        (try? require(resource, operation)) != nil
    }
}
