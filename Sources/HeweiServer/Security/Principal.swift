import Foundation
import HeweiCore
import Vapor

/// Who is acting: a signed-in user, or the system itself (the sweeper).
public struct Principal: Sendable, Authenticatable {
    public let id: UUID?
    public let username: String
    public let name: String
    /// `nil` for the system.
    public let role: Role?
    public let unitID: UUID?

    public static let system = Principal(id: nil, username: "system", name: "系统", role: nil, unitID: nil)

    public var roleName: String { role?.rawValue ?? "system" }

    public func require(_ roles: Set<Role>, _ what: String) throws {
        guard let role, roles.contains(role) else {
            throw HeweiError.forbidden("role '\(roleName)' may not \(what)")
        }
    }
}
