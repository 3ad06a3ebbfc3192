import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Two server instances on one database (PostgreSQL when HEWEI_TEST_POSTGRES_URL is set, else one
/// SQLite file), each with its own connections, write gate and caches, sweeping the same clocks at
/// the same time: every light change and every automatic supervision happens exactly once.
@Suite(.serialized) struct TwoInstancesTests {
    @Test func twoSweepersOnOneDatabaseSuperviseAndEscalateEachOverdueClockExactlyOnce() async throws {
        let clock = ManualClock(testStart)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hewei-two-\(UUID().uuidString)")
        let (database, schema): (HeweiOptions.Database, String?) = {
            if case let (.postgres(url, schema?), _) = TestDatabase.make() { return (.postgres(url: url, schema: schema), schema) }
            return (.sqliteFile(path: scratch.appendingPathComponent("hewei.sqlite").path), nil)
        }()
        func instance(migrate: Bool) async throws -> Application {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            try await configure(app, options: HeweiOptions(database: database, dataDirectory: scratch.path, clock: clock,
                                                           runSweeper: false, autoMigrate: migrate, dataKeys: testDataKeys))
            return app
        }
        let first = try await instance(migrate: true)
        try await DemoSeeder(app: first).seedOrganisation()
        let second = try await instance(migrate: false)
        do {
            // given 30 orders registered through the first instance, half with a department, half with a town centre
            let t = TestApp(app: first, clock: clock)
            let clerk = try await t.login("clerk")
            for i in 0..<30 { _ = try await t.intake(TestApp.hotlineRequest(dispatchTo: i % 2 == 0 ? "auto" : "370881001000"), as: clerk) }
            // when the clock passes every sign-for and handling deadline and both instances sweep at once, twice
            clock.advance(by: 30 * 86_400)
            let now = clock.now()
            var reports: [DeadlineSweeper.Report] = []
            try await withThrowingTaskGroup(of: DeadlineSweeper.Report.self) { group in
                for app in [first, second, first, second] {
                    group.addTask { try await app.hewei.sweeper(on: app.db, logger: app.logger).sweep(now: now) }
                }
                for try await r in group { reports.append(r) }
            }
            // then each overdue clock turned red once, with exactly one automatic supervision
            let red = try await DeadlineModel.query(on: first.db).filter(\.$light == "red").count()
            let supervisions = try await OrderEventModel.query(on: first.db).filter(\.$action == "supervise").filter(\.$actorRole == "system").all()
            #expect(red >= 30)
            #expect(reports.map(\.red).reduce(0, +) == red)
            #expect(supervisions.count == red)
            let perClock = Dictionary(grouping: supervisions, by: { "\($0.orderID)|\($0.note)" }).values.map(\.count)
            #expect(perClock.allSatisfy { $0 == 1 })
            // and exactly one automatic supervision notice per red clock
            let notices = try await SupervisionNoticeModel.query(on: first.db).all()
            #expect(notices.count == red && notices.allSatisfy { $0.kind == "automatic" && $0.status == "open" })
            // when no one answers and both instances sweep at once again, each notice moves on exactly once:
            // the town's notices escalate to the city, the departments' (already at the city) become overdue
            clock.advance(by: 5 * 86_400)
            let later = clock.now()
            var moved = 0
            try await withThrowingTaskGroup(of: DeadlineSweeper.Report.self) { group in
                for app in [first, second, first, second] {
                    group.addTask { try await app.hewei.sweeper(on: app.db, logger: app.logger).sweep(now: later) }
                }
                for try await r in group { moved += r.noticesEscalated }
            }
            #expect(moved == red)
            let after = try await SupervisionNoticeModel.query(on: first.db).all()
            let escalated = after.filter { $0.status == "escalated" }, overdue = after.filter { $0.status == "overdue" }
            #expect(escalated.count + overdue.count == red && !escalated.isEmpty && !overdue.isEmpty)
            let next = after.filter { $0.escalatedFromID != nil }
            #expect(next.count == escalated.count && Set(next.map(\.escalatedFromID)).count == next.count)
            #expect(next.allSatisfy { $0.level == "city" && $0.status == "open" })
            // and a further sweep by either instance finds nothing left to do
            let again = try await second.hewei.sweeper(on: second.db, logger: second.logger).sweep(now: later)
            #expect(again == DeadlineSweeper.Report())
            #expect(try await AuditVerifier(db: second.db).run().ok)
        } catch {
            try await Self.shutdown([first, second], schema: schema, scratch: scratch)
            throw error
        }
        try await Self.shutdown([first, second], schema: schema, scratch: scratch)
    }

    static func shutdown(_ apps: [Application], schema: String?, scratch: URL) async throws {
        if let schema, let sql = apps[0].db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        }
        for app in apps { try await app.asyncShutdown() }
        try? FileManager.default.removeItem(at: scratch)
    }
}
