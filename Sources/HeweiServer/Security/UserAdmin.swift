import Fluent
import Foundation
import HeweiCore
import Vapor

/// Creating and changing accounts: the security administrator's work through the API, and the
/// first administrator's through `hewei user`. Every input is checked before anything is stored;
/// each change is one transaction. Accounts are never deleted, only disabled.
struct UserAdmin {
    let db: any Database
    let gate: WriteGate
    let org: OrgDirectory
    let hasher: AsyncPasswordHasher
    let now: Date
    let principals: PrincipalCache

    struct NewUser: Content {
        var username: String
        var displayName: String
        var role: String
        /// The unit's code (`UnitDTO.code`); required for every role but resident.
        var unit: String?
        var password: String
    }

    struct Change: Content {
        var displayName: String?
        var role: String?
        var unit: String?
    }

    static func checkUsername(_ name: String) throws {
        let ok = (3...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
        guard ok else { throw HeweiError.invalidField("username", "3 to 32 characters: lower-case letters, digits, '.', '_' or '-'") }
    }

    func create(_ input: NewUser) async throws -> UserModel {
        try Self.checkUsername(input.username)
        let name = try Validate.text(input.displayName, "displayName", max: 50)
        let role = try Validate.choice(input.role, "role", as: Role.self)
        let unitID = try unit(input.unit, role: role)
        try Accounts.checkPassword(input.password, username: input.username)
        if try await UserModel.query(on: db).filter(\.$username == input.username).first() != nil {
            throw HeweiError.conflict("the username '\(input.username)' is taken")
        }
        let hash = try await hasher.hash(input.password)
        let user = UserModel(username: input.username, displayName: name, role: role.rawValue, unitID: unitID, passwordHash: hash, createdAt: now)
        user.id = UUID()
        try await db.write(gate: gate) { db in try await user.create(on: db) }
        return user
    }

    /// Changes the name, role or unit. The security administrator cannot change their own role.
    func change(_ user: UserModel, _ input: Change, by actor: Principal) async throws -> UserModel {
        let role = try input.role.map { try Validate.choice($0, "role", as: Role.self) } ?? Role(rawValue: user.role) ?? .resident
        if user.id == actor.id && role.rawValue != user.role { throw HeweiError.forbidden("nobody may change their own role") }
        let name = try input.displayName.map { try Validate.text($0, "displayName", max: 50) } ?? user.displayName
        let unitID = input.unit != nil || input.role != nil ? try unit(input.unit ?? org.unit(user.unitID)?.code, role: role) : user.unitID
        user.displayName = name
        user.role = role.rawValue
        user.unitID = unitID
        try await db.write(gate: gate) { db in try await user.save(on: db) }
        principals.clear()
        return user
    }

    /// Disables or re-enables; a disabled account's sessions and tokens stop working at once.
    func setActive(_ user: UserModel, _ active: Bool, by actor: Principal?) async throws -> UserModel {
        if !active && actor?.id != nil && user.id == actor?.id { throw HeweiError.forbidden("nobody may disable their own account") }
        user.active = active
        try await db.write(gate: gate) { db in try await user.save(on: db) }
        principals.clear()
        return user
    }

    /// Sets a new password, unlocks the account and ends its sessions and tokens.
    func resetPassword(_ user: UserModel, to password: String) async throws -> UserModel {
        try Accounts.checkPassword(password, username: user.username)
        user.passwordHash = try await hasher.hash(password)
        user.passwordChangedAt = now
        user.failedLogins = 0
        user.lockedUntil = nil
        let (id, now) = (user.id!, now)
        try await db.write(gate: gate) { db in
            try await user.save(on: db)
            try await TokenModel.query(on: db).filter(\.$userID == id).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        }
        principals.clear()
        return user
    }

    func unlock(_ user: UserModel) async throws -> UserModel {
        user.failedLogins = 0
        user.lockedUntil = nil
        try await db.write(gate: gate) { db in try await user.save(on: db) }
        return user
    }

    func find(username: String) async throws -> UserModel {
        guard let user = try await UserModel.query(on: db).filter(\.$username == username).first() else {
            throw HeweiError.notFound("user '\(username)'")
        }
        return user
    }

    private func unit(_ code: String?, role: Role) throws -> UUID? {
        guard let code, !code.isEmpty else {
            if role == .resident { return nil }
            throw HeweiError.invalidField("unit", "is required for the role '\(role.rawValue)'")
        }
        guard let unit = org.unit(code: code) else { throw HeweiError.invalidField("unit", "no unit with code '\(code)'") }
        return unit.id
    }
}

extension Request {
    var userAdmin: UserAdmin {
        UserAdmin(db: db, gate: hewei.gate, org: hewei.org, hasher: password.async, now: hewei.clock.now(), principals: hewei.principals)
    }
}
