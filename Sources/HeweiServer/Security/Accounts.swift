import Fluent
import Foundation
import HeweiCore
import Vapor

/// Signing in, lockout, and the tokens a sign-in hands out. Every attempt, good or bad, is written
/// to the audit trail by `AuditMiddleware` from the note left here.
enum Accounts {
    /// Wrong passwords in a row before the account is locked.
    static let maxFailures = 5
    static let lockout: TimeInterval = 15 * 60
    /// A bcrypt hash of a random password: checked when the username does not exist, so that a
    /// wrong username takes as long as a wrong password.
    static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString)) ?? ""

    /// Checks a username and password; the same vague error for every failure, `locked` while the
    /// account is locked (even with the right password).
    static func signIn(username: String, password: String, on req: Request) async throws -> UserModel {
        let now = req.hewei.clock.now()
        req.audit.note = AuditNote(kind: "auth", action: "auth.login", username: String(username.prefix(100)))
        let user = try await UserModel.query(on: req.db).filter(\.$username == username).first()
        guard let user else {
            _ = try? await req.password.async.verify(password, created: decoyHash)
            req.audit.note?.action = "auth.login_failed"
            throw HeweiError.invalidCredentials
        }
        if let until = user.lockedUntil, until > now {
            req.audit.note?.action = "auth.login_locked"
            throw HeweiError.locked
        }
        let good = try await req.password.async.verify(password, created: user.passwordHash)
        if good && !user.active {
            req.audit.note?.action = "auth.login_disabled"
            throw HeweiError.invalidCredentials
        }
        guard good else {
            req.audit.note?.action = "auth.login_failed"
            let failures = user.failedLogins + 1
            let lock = failures >= maxFailures
            let id = user.id!
            // The failure's entry (status 401) is written by the audit middleware, not with this counter.
            try await AuditPending.outside {
                try await req.db.write(gate: req.hewei.gate) { db in
                    try await UserModel.query(on: db).filter(\.$id == id)
                        .set(\.$failedLogins, to: lock ? 0 : failures)
                        .set(\.$lockedUntil, to: lock ? now.addingTimeInterval(lockout) : nil)
                        .update()
                }
            }
            if lock {
                req.audit.note?.action = "auth.locked_out"
                req.hewei.principals.clear()
            }
            throw HeweiError.invalidCredentials
        }
        if user.failedLogins != 0 || user.lockedUntil != nil {
            let id = user.id!
            try await req.db.write(gate: req.hewei.gate) { db in
                try await UserModel.query(on: db).filter(\.$id == id).set(\.$failedLogins, to: 0).set(\.$lockedUntil, to: nil).update()
            }
        }
        req.audit.note?.actor = Tokens.principal(for: user, token: nil)
        return user
    }

    /// Checks a new password against the policy; 400 naming the first problem.
    static func checkPassword(_ password: String, username: String, field: String = "password") throws {
        if let problem = PasswordPolicy.problems(password, username: username).first {
            throw HeweiError.invalidField(field, problem)
        }
    }
}
