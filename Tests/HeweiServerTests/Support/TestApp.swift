import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The database the server tests run on: in-memory SQLite, or PostgreSQL when
/// `HEWEI_TEST_POSTGRES_URL` is set (each test then gets its own schema, dropped afterwards).
enum TestDatabase {
    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["HEWEI_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    static func make() -> (HeweiOptions.Database, String?) {
        guard let url = postgresURL else { return (.sqliteMemory, nil) }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return (.postgres(url: url, schema: schema), schema)
    }
}

/// The data encryption key ring of every test application (never used outside tests).
let testDataKeys = "test1:LZW0HqpR6/Rpy0CI1gPKyfhvKIfIoHsMTi9TiI1L8q8="

/// Thursday 26 November 2026, 09:00 in Qufu (UTC+8): a working day.
let testStart = Date(timeIntervalSince1970: 1_795_654_800)

/// A configured application with the demo organisation and accounts, a manual clock and no
/// background sweeper. Always shut down, even when the test fails.
struct TestApp {
    let app: Application
    let clock: ManualClock

    var context: HeweiContext { app.hewei }

    func sweep() async throws -> DeadlineSweeper.Report {
        try await app.hewei.sweeper(on: app.db, logger: app.logger).sweep(now: clock.now())
    }

    /// Signs in a demo account and returns its bearer token header.
    func login(_ username: String, password: String = DemoAccounts.password) async throws -> HTTPHeaders {
        var token = ""
        try await app.testing().test(.POST, "/api/v1/auth/login", beforeRequest: { req in
            try req.content.encode(["username": username, "password": password])
        }, afterResponse: { res in
            #expect(res.status == .ok, "login of \(username) failed: \(res.body.string)")
            token = (try? res.content.decode(AuthController.LoginOutput.self).token) ?? ""
        })
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        return headers
    }
}

func withApp(seedOrganisation: Bool = true, start: Date = testStart, _ body: (TestApp) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    let clock = ManualClock(start)
    let (database, schema) = TestDatabase.make()
    // Files the app writes (attachments) go to a scratch directory removed afterwards.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hewei-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    do {
        try await configure(app, options: HeweiOptions(database: database, dataDirectory: scratch.path, clock: clock, runSweeper: false,
                                                       dataKeys: testDataKeys))
        if seedOrganisation { try await DemoSeeder(app: app).seedOrganisation() }
        try await body(TestApp(app: app, clock: clock))
    } catch {
        try await cleanup(app, schema: schema)
        throw error
    }
    try await cleanup(app, schema: schema)
}

private func cleanup(_ app: Application, schema: String?) async throws {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
}

/// Decodes a JSON error body.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var reason: String
        var field: String?
        var state: String?
        var allowedActions: [String]?
    }
    var error: Detail
}
