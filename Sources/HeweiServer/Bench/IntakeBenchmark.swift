import Fluent
import Foundation
import HeweiCore
import SQLKit
import Vapor

/// `hewei bench intake`: the rate of complete intakes through HTTP (route + deadlines + event +
/// durable commit), next to the raw rate of single-row durable commits on the same disk.
public struct IntakeBenchmark {
    public struct Result: Sendable {
        public var orders: Int
        public var seconds: Double
        public var failures: Int
        public var rawCommits: Int
        public var rawSeconds: Double
        /// Write transactions the gate committed, and the writes in them (group commit).
        public var batches: Int
        public var writes: Int
        public var ordersPerSecond: Double { Double(orders) / seconds }
        public var rawCommitsPerSecond: Double { Double(rawCommits) / rawSeconds }
    }

    let app: Application
    let port: Int
    let orders: Int
    let concurrency: Int

    public init(app: Application, port: Int, orders: Int, concurrency: Int) {
        self.app = app
        self.port = port
        self.orders = orders
        self.concurrency = concurrency
    }

    /// Runs against the app, which must already be configured on an empty database and listening on `port`.
    public func run(rawCommitPath: String?) async throws -> Result {
        if try await UnitModel.query(on: app.db).count() == 0 { try await DemoSeeder(app: app).seedOrganisation() }
        // One keep-alive connection per simulated client (the default pool allows 8 per host).
        app.http.client.configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                                             concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let base = "http://127.0.0.1:\(port)"
        let login = try await app.client.post(URI(string: base + "/api/v1/auth/login")) { req in
            try req.content.encode(["username": "clerk", "password": DemoAccounts.password])
        }
        let token = try login.content.decode(AuthController.LoginOutput.self).token
        let categories = try await CategoryModel.query(on: app.db).all().filter(\.isLeaf).map(\.code)
        let counter = Counter()
        let app = self.app, orders = self.orders, concurrency = self.concurrency
        let start = Date()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var failures = 0
                    while let i = counter.next(limit: orders) {
                        var input = IntakeBenchmark.sample(i, categories: categories)
                        input.channelRef = "bench-\(worker)-\(i)"
                        let res = try await app.client.post(URI(string: base + "/api/v1/orders")) { req in
                            req.headers.bearerAuthorization = .init(token: token)
                            try req.content.encode(input)
                        }
                        if res.status != .created { failures += 1 }
                    }
                    return failures
                }
            }
            var failures = 0
            for try await f in group { failures += f }
            counter.failures = failures
        }
        let seconds = Date().timeIntervalSince(start)
        let batches = await app.hewei.gate.batches, writes = await app.hewei.gate.jobs
        var raw = (0, 1.0)
        if let rawCommitPath { raw = try await Self.rawCommits(path: rawCommitPath, count: min(orders, 20_000), app: app) }
        return Result(orders: orders, seconds: seconds, failures: counter.failures, rawCommits: raw.0, rawSeconds: raw.1,
                      batches: batches, writes: writes)
    }

    static func sample(_ i: Int, categories: [String]) -> IntakeInput {
        IntakeInput(channel: "hotline12345", channelRef: nil, requestKind: "complaint",
                    categoryCode: categories[i % categories.count], urgency: nil,
                    longitude: 116.95 + Double(i % 100) / 1000, latitude: 35.55 + Double(i % 70) / 1000,
                    address: "鲁城街道第\(i % 300)号", requesterName: "测试\(i % 1000)", requesterPhone: "1380000\(String(format: "%04d", i % 10000))",
                    anonymous: false, content: "压力测试工单 \(i)：小区路灯不亮，请尽快维修。", dispatchTo: "auto", answerAtOnce: nil)
    }

    /// Sequential single-row transactions, each durable (WAL + synchronous=FULL): the disk's limit.
    static func rawCommits(path: String, count: Int, app: Application) async throws -> (Int, Double) {
        try? FileManager.default.removeItem(atPath: path)
        let id = DatabaseID(string: "bench-raw")
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: id, isDefault: false)
        let db = app.db(id) as! any SQLDatabase
        try await db.raw("PRAGMA journal_mode = WAL").run()
        try await db.raw("PRAGMA synchronous = FULL").run()
        try await db.raw("CREATE TABLE IF NOT EXISTS raw_commits (id INTEGER PRIMARY KEY, v TEXT NOT NULL)").run()
        let start = Date()
        for i in 0..<count {
            try await (db as! any Database).transaction { tx in
                try await (tx as! any SQLDatabase).raw("INSERT INTO raw_commits (v) VALUES (\(bind: "row \(i)"))").run()
            }
        }
        return (count, Date().timeIntervalSince(start))
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        var failures = 0

        func next(limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
