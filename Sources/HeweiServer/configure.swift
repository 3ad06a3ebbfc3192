import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// Sets up the application: database, migrations, local rules, middleware, routes and the sweeper.
/// The CLI and the tests both call it; tests pass an in-memory database and a manual clock.
public func configure(_ app: Application, options: HeweiOptions) async throws {
    let serialWrites: Bool
    switch options.database {
    case let .sqliteFile(path):
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
        serialWrites = true
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
        serialWrites = true
    case let .postgres(url, schema):
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = schema.map { [$0] }
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 8, sqlLogLevel: .debug), as: .psql)
        serialWrites = false
    }
    if case .sqliteFile = options.database, let sql = app.db as? any SQLDatabase {
        // WAL: readers do not block the writer; FULL: a commit is on disk before it is acknowledged.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = FULL").run()
    }
    if case let .postgres(_, schema?) = options.database, let sql = app.db as? any SQLDatabase {
        try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    let writerID = DatabaseID(string: "sqlite-writer")
    if case let .sqliteFile(path) = options.database {
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: writerID, isDefault: false)
    }
    Migrations.register(on: app)
    if options.autoMigrate { try await app.autoMigrate() }

    let files = try DeploymentFiles.load(configDirectory: options.configDirectory)
    let rules = try await RulesRepository.loadOrSeed(files: files, now: options.clock.now(), on: app.db)
    let cipher = options.database == .sqliteMemory && options.dataKeys == nil
        ? try FieldCipher.parse("mem:" + FieldCipher.newKeyBase64())
        : try FieldCipher.load(spec: options.dataKeys, dataDirectory: options.dataDirectory)
    let context = HeweiContext(options: options, rules: rules, gate: WriteGate(serial: serialWrites), metrics: HeweiMetrics(), cipher: cipher)
    app.hewei = context
    await context.audit.use(database: app.db, gate: context.gate, clock: options.clock)
    if case .sqliteFile = options.database {
        await context.gate.useWriter(app.db(writerID))
        app.lifecycle.use(WalCheckpointer())
    }
    try await context.org.reload(from: app.db)
    try await context.categories.reload(from: app.db)
    try await context.channels.reload(from: app.db, now: options.clock.now())
    try await context.risk.load(from: app.db, directories: [options.configDirectory, options.dataDirectory])
    try await context.grid.reload(from: app.db)
    try await context.routing.reload(from: app.db, org: context.org)

    app.middleware = Middlewares()
    app.middleware.use(HeweiErrorMiddleware())
    app.middleware.use(MetricsMiddleware(metrics: context.metrics))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(AuditMiddleware())
    app.routes.defaultMaxBodySize = "1mb"
    try routes(app)

    if options.runSweeper {
        app.lifecycle.use(SweeperLifecycle(interval: options.sweepInterval))
        // Also in /health, for monitoring while the server runs.
        let calendar = context.rules.current.calendar
        for warning in CalendarCoverage(calendar: calendar, today: calendar.civilDate(of: options.clock.now())).warnings {
            app.logger.warning("\(warning)")
        }
    }
}

enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(M001_CreateOrganisation())
        app.migrations.add(M002_CreateAccounts())
        app.migrations.add(M003_CreateWorkOrders())
        app.migrations.add(M004_CreateDeadlines())
        app.migrations.add(M005_CreateConfiguration())
        app.migrations.add(M006_CreateGrid())
        app.migrations.add(M007_AddOrderCells())
        app.migrations.add(M008_CreateBaseData())
        app.migrations.add(M009_CreateGridWork())
        app.migrations.add(M010_CreateSecurity())
        app.migrations.add(M011_CreateJointHandling())
        app.migrations.add(M014_AddRoutingPool())
        app.migrations.add(M015_CreateAlerts())
        app.migrations.add(M016_CreateNotifications())
        app.migrations.add(M017_CreateAttachments())
        app.migrations.add(M018_CreateChannels())
        app.migrations.add(M019_AddPublication())
        app.migrations.add(M012_CreateOpen311Clients())
        app.migrations.add(M013_AddTrackingCode())
        // After M012: it adds a column to open311_requests.
        app.migrations.add(M020_AddOpen311Account())
        app.migrations.add(M021_CreateCaseRecords())
        app.migrations.add(M022_CreateMediation())
        app.migrations.add(M023_CreatePetitions())
        app.migrations.add(M024_CreateReceptionAndHall())
        app.migrations.add(M025_CreateRiskWarnings())
        // Issue 5's record types (one line each, in this order):
        app.migrations.add(M026_CreateRollups())
        // Issue 7 (analytics): rollups
        app.migrations.add(M027_CreateDispatchModels())
        // Issue 7 (dispatch): suggestion models
        app.migrations.add(M028_AddReceptionDayState())
        // Reception days: changed or cancelled, with events
        // mediation: M022, petitions: M023, reception and hall: M024
    }
}
