import Fluent
import Foundation
import HeweiCore
import Vapor

/// Seeds the Qufu-like demonstration deployment into an empty database: the organisation and
/// category tree from Defaults/demo, an account for every role, and a deterministic order history.
public struct DemoSeeder {
    public struct Report: Sendable {
        public var seeded: Bool
        public var orders: Int
        public var users: Int
    }

    let app: Application
    let days: Int
    let ordersPerDay: Int
    let seed: UInt64

    public init(app: Application, days: Int = 90, ordersPerDay: Int = 700, seed: UInt64 = 370881) {
        self.app = app
        self.days = days
        self.ordersPerDay = ordersPerDay
        self.seed = seed
    }

    public func seedIfEmpty() async throws -> Report {
        let db = app.db
        try await Open311Clients.seedDemoClient(app)  // Open311 client "demo" with the published DEMO key (not a secret)
        if try await UnitModel.query(on: db).count() > 0 {
            return Report(seeded: false, orders: try await WorkOrderModel.query(on: db).count(),
                          users: try await UserModel.query(on: db).count())
        }
        try await seedOrganisation()
        try await seedGrid()
        try await seedGridWorker()
        let orders = try await DemoHistory(app: app, days: days, ordersPerDay: ordersPerDay, seed: seed).generate()
        try await DemoMediation(app: app).seed()
        try await DemoPetitions(app: app).seed()
        try await DemoReception(app: app).seed()  // reception days and bookings, today's hall visits
        // Issue 5 demo records (one line each): mediation cases, petitions, reception bookings, hall visits
        // The history was written row by row, not through the workflow: count it into the figures.
        _ = try await RollupMaintenance.rebuild(app)
        return Report(seeded: true, orders: orders, users: try await UserModel.query(on: db).count())
    }

    /// Organisation, categories and accounts only (what tests start from).
    public func seedOrganisation() async throws {
        let importer = try OrganisationImport.demo()
        try await app.db.write(gate: app.hewei.gate) { db in try await importer.write(on: db) }
        try await app.hewei.org.reload(from: app.db)
        try await app.hewei.categories.reload(from: app.db)
        let now = app.hewei.clock.now()
        let accounts = DemoAccounts.accounts(org: importer)
        let app = self.app
        try await app.db.write(gate: app.hewei.gate) { db in try await DemoAccounts.write(accounts, app: app, now: now, on: db) }
        try await MediationOrganisation.seedDemo(app)
        // Issue 5 organisation data (one line each): mediation rooms/teams/mediators, reception calendar, hall areas
    }
}
