import Fluent
import Foundation
import HeweiCore
import Vapor

/// What `hewei user`, `hewei audit` and `hewei keys` do, on a configured application. Every change
/// is recorded in the audit trail as done by `cli` (someone with access to the server itself).
public enum SecurityCommands {
    static let cli = Principal(id: nil, username: "cli", name: "hewei command line", role: nil, unitID: nil)

    static func admin(_ app: Application) -> UserAdmin {
        UserAdmin(db: app.db, gate: app.hewei.gate, org: app.hewei.org, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.any()),
                  now: app.hewei.clock.now(), principals: app.hewei.principals)
    }

    static func audit(_ app: Application, _ action: String, _ target: String) async throws {
        try await app.hewei.audit.record(AuditDraft(actor: cli, kind: "admin", action: action, target: target, status: 200))
    }

    /// Creates an account; returns a one-line description.
    public static func addUser(_ app: Application, username: String, displayName: String, role: String, unit: String?, password: String) async throws -> String {
        let user = try await admin(app).create(.init(username: username, displayName: displayName, role: role, unit: unit, password: password))
        try await audit(app, "cli.user.add", "user \(username) role \(role)")
        return "created \(user.username) (\(user.role)\(unit.map { ", unit \($0)" } ?? ""))"
    }

    public static func setActive(_ app: Application, username: String, active: Bool) async throws -> String {
        let a = admin(app)
        _ = try await a.setActive(try await a.find(username: username), active, by: nil)
        try await audit(app, active ? "cli.user.enable" : "cli.user.disable", "user \(username)")
        return "\(active ? "enabled" : "disabled") \(username)"
    }

    public static func resetPassword(_ app: Application, username: String, password: String) async throws -> String {
        let a = admin(app)
        _ = try await a.resetPassword(try await a.find(username: username), to: password)
        try await audit(app, "cli.user.reset-password", "user \(username)")
        return "new password set for \(username); the account is unlocked and its sessions ended"
    }

    public static func listUsers(_ app: Application) async throws -> [String] {
        try await UserModel.query(on: app.db).sort(\.$username).all().map { u in
            "\(u.username)\t\(u.role)\t\(app.hewei.org.unit(u.unitID)?.code ?? "-")\t\(u.active ? "active" : "disabled")"
        }
    }

    /// Walks the chain; also checks the anchor file when one is configured.
    public static func verifyAudit(_ app: Application, anchorFile: String?) async throws -> (ok: Bool, text: String) {
        var verifier = AuditVerifier(db: app.db)
        if let file = anchorFile ?? app.hewei.options.auditAnchorFile, FileManager.default.fileExists(atPath: file) {
            verifier.fileAnchors = try AuditVerifier.readAnchorFile(file)
        }
        let r = try await verifier.run()
        if r.ok { return (true, "audit trail intact: \(r.entries) entries, \(r.anchorsChecked) anchor(s) checked, head \(r.headSeq)") }
        return (false, "audit trail BROKEN at entry \(r.brokenAt ?? 0): \(r.problem ?? "")")
    }

    public static func anchorAudit(_ app: Application) async throws -> String {
        let (seq, hash) = try await app.hewei.audit.anchorNow()
        return "anchored entry \(seq): \(hash)"
    }

    /// Re-seals every sealed field with the first key of the ring; returns how many values changed.
    public static func rotateKeys(_ app: Application) async throws -> Int {
        let cipher = app.hewei.cipher
        var changed = 0
        let records = try await BaseRecordModel.query(on: app.db).all()
        for r in records {
            if let text = try BaseDataRecords.reseal(r.attributes, cipher: cipher) {
                r.attributes = text
                try await app.db.write(gate: app.hewei.gate) { db in try await r.save(on: db) }
                changed += 1
            }
        }
        let history = try await BaseDataChangeModel.query(on: app.db).all()
        for c in history {
            let before = try BaseDataRecords.reseal(c.before, cipher: cipher), after = try BaseDataRecords.reseal(c.after, cipher: cipher)
            guard before != nil || after != nil else { continue }
            if let before { c.before = before }
            if let after { c.after = after }
            try await app.db.write(gate: app.hewei.gate) { db in try await c.save(on: db) }
            changed += 1
        }
        // Whole sealed columns: the residents' phones in the outbox and the devices' signing keys.
        for n in try await NotificationModel.query(on: app.db).all() {
            guard let text = try cipher.resealed(n.recipient) else { continue }
            n.recipient = text
            try await app.db.write(gate: app.hewei.gate) { db in try await n.save(on: db) }
            changed += 1
        }
        for s in try await AlertSourceModel.query(on: app.db).all() {
            guard let text = try cipher.resealed(s.secret) else { continue }
            s.secret = text
            try await app.db.write(gate: app.hewei.gate) { db in try await s.save(on: db) }
            changed += 1
        }
        changed += try await CaseDataResealing.reseal(app)
        try await audit(app, "cli.keys.rotate", "\(changed) value(s) sealed with key \(cipher.currentKeyID)")
        return changed
    }

    public static func newKey(id: String) -> String { "\(id):\(FieldCipher.newKeyBase64())" }
}
