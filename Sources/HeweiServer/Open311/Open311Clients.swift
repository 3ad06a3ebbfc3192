import Crypto
import Fluent
import Foundation
import Vapor

/// The Open311 API clients and their keys (`hewei open311 client add|list|revoke`).
/// A key is 32 random bytes in URL-safe base64 (shown once); only its SHA-256 hex is stored.
public enum Open311Clients {
    /// The demo deployment's client "demo" uses this published key. It is a DEMO key, not a
    /// secret: never seed it into a real deployment (only `hewei serve --demo` / `hewei demo` do).
    public static let demoClientName = "demo"
    public static let demoKey = "hewei-demo-open311-key"

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func newKey() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func validName(_ name: String) throws -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(n.count), n.unicodeScalars.allSatisfy(allowed.contains) else {
            throw HeweiError.invalidField("name", "1–64 letters, digits, '.', '_' or '-'")
        }
        return n
    }

    /// Creates a client and returns its new key (shown once).
    public static func add(_ app: Application, name: String) async throws -> String {
        let key = newKey()
        try await insert(app, name: try validName(name), key: key)
        return key
    }

    static func insert(_ app: Application, name: String, key: String) async throws {
        if try await Open311ClientModel.query(on: app.db).filter(\.$name == name).first() != nil {
            throw HeweiError.conflict("an Open311 client named '\(name)' exists already")
        }
        let client = Open311ClientModel(name: name, keyHash: hash(key), createdAt: app.hewei.clock.now())
        try await app.db.write(gate: app.hewei.gate) { db in try await client.create(on: db) }
    }

    /// Seeds the demo client with the published demo key, once (a revoked demo client stays revoked).
    public static func seedDemoClient(_ app: Application) async throws {
        if try await Open311ClientModel.query(on: app.db).filter(\.$name == demoClientName).first() != nil { return }
        try await insert(app, name: demoClientName, key: demoKey)
    }

    /// One line per client: name, created, state.
    public static func list(_ app: Application) async throws -> [String] {
        let time = Open311Time(utcOffset: app.hewei.rules.current.calendar.utcOffset)
        let clients = try await Open311ClientModel.query(on: app.db).sort(\.$name).all()
        if clients.isEmpty { return ["(no Open311 clients)"] }
        return clients.map { c in
            let state = c.revokedAt.map { "revoked \(time.format($0))" } ?? "active"
            return "\(c.name)\tcreated \(time.format(c.createdAt))\t\(state)"
        }
    }

    /// Revokes a client's key at once.
    public static func revoke(_ app: Application, name: String) async throws -> String {
        guard let client = try await Open311ClientModel.query(on: app.db).filter(\.$name == name).first() else {
            throw HeweiError.notFound("Open311 client '\(name)'")
        }
        if client.revokedAt != nil { return "Open311 client '\(name)' was revoked already" }
        client.revokedAt = app.hewei.clock.now()
        try await app.db.write(gate: app.hewei.gate) { db in try await client.update(on: db) }
        return "revoked Open311 client '\(name)'"
    }

    /// The active client whose key this is, or nil (unknown, revoked or missing).
    static func authenticate(_ key: String?, on db: any Database) async throws -> Open311ClientModel? {
        guard let key, !key.isEmpty, key.count <= 200 else { return nil }
        guard let client = try await Open311ClientModel.query(on: db).filter(\.$keyHash == hash(key)).first(),
              client.revokedAt == nil else { return nil }
        return client
    }
}
