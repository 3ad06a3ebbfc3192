import Foundation

/// Everything `configure` needs to know; the CLI builds it from flags and environment, tests pass their own.
public struct HeweiOptions: Sendable {
    public enum Database: Sendable, Equatable {
        /// An SQLite file under the data directory (WAL, durable commits).
        case sqliteFile(path: String)
        /// An in-memory SQLite database (tests).
        case sqliteMemory
        /// PostgreSQL, from a `postgres://` URL; optionally inside its own schema (tests use one per test).
        case postgres(url: String, schema: String? = nil)
    }

    public var database: Database
    public var dataDirectory: String
    public var clock: any HeweiClock
    /// Run the deadline sweeper in the background (off in tests, which call it directly).
    public var runSweeper: Bool
    public var sweepInterval: TimeInterval
    /// Directory with deployment data files that override the built-in defaults (policy.yaml, calendar/*.yaml).
    public var configDirectory: String?
    /// Run migrations during configure.
    public var autoMigrate: Bool

    public init(database: Database, dataDirectory: String = "./hewei-data", clock: any HeweiClock = SystemClock(),
                runSweeper: Bool = true, sweepInterval: TimeInterval = 30, configDirectory: String? = nil,
                autoMigrate: Bool = true) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.clock = clock
        self.runSweeper = runSweeper
        self.sweepInterval = sweepInterval
        self.configDirectory = configDirectory
        self.autoMigrate = autoMigrate
    }

    /// `DATABASE_URL` when set, else an SQLite file in the data directory.
    public static func fromEnvironment(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Database {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("hewei.sqlite"))
    }
}
