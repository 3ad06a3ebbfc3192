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
    /// Data encryption keys, `id:base64[,id:base64…]`, first one current (`HEWEI_DATA_KEYS`); nil:
    /// the key file `data.key` in the data directory.
    public var dataKeys: String?
    /// A file the audit chain's anchors are appended to (`HEWEI_AUDIT_ANCHOR_FILE`): keep it off the
    /// database host.
    public var auditAnchorFile: String?
    /// Mark the session cookie `Secure` (behind TLS). `HEWEI_SECURE_COOKIES=false` turns it off
    /// for plain-HTTP development.
    public var secureCookies: Bool
    /// Sends residents' notifications (`HEWEI_NOTIFY` = log | webhook | sms); the demo's log adapter by default.
    public var notifier: any NotificationAdapter = LogAdapter()

    public init(database: Database, dataDirectory: String = "./hewei-data", clock: any HeweiClock = SystemClock(),
                runSweeper: Bool = true, sweepInterval: TimeInterval = 30, configDirectory: String? = nil,
                autoMigrate: Bool = true, dataKeys: String? = nil, auditAnchorFile: String? = nil, secureCookies: Bool = false) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.clock = clock
        self.runSweeper = runSweeper
        self.sweepInterval = sweepInterval
        self.configDirectory = configDirectory
        self.autoMigrate = autoMigrate
        self.dataKeys = dataKeys
        self.auditAnchorFile = auditAnchorFile
        self.secureCookies = secureCookies
    }

    /// Reads `HEWEI_DATA_KEYS`, `HEWEI_AUDIT_ANCHOR_FILE`, `HEWEI_SECURE_COOKIES` and `HEWEI_NOTIFY*`.
    public func withEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> HeweiOptions {
        var o = self
        if let keys = environment["HEWEI_DATA_KEYS"], !keys.isEmpty { o.dataKeys = keys }
        if let file = environment["HEWEI_AUDIT_ANCHOR_FILE"], !file.isEmpty { o.auditAnchorFile = file }
        if let secure = environment["HEWEI_SECURE_COOKIES"] { o.secureCookies = ["1", "true", "yes"].contains(secure.lowercased()) }
        if environment["HEWEI_NOTIFY"] != nil { o.notifier = NotificationAdapters.from(environment: environment) }
        return o
    }

    /// `DATABASE_URL` when set, else an SQLite file in the data directory.
    public static func fromEnvironment(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Database {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("hewei.sqlite"))
    }
}
