import Fluent
import Logging
import Foundation
import HeweiCore
import NIOConcurrencyHelpers
import SQLKit
import Yams

/// The risk rules in memory. At start: the set the administrator last put (table `risk_rule_sets`),
/// else `risk.yaml` in the config or data directory, else the built-in `Defaults/risk.yaml`.
public final class RiskRulesStore: @unchecked Sendable {
    private let lock = NIOLock()
    private var rules: RiskRules?
    private var lastSweep: Date?

    init() {}

    var current: RiskRules { lock.withLock { rules } ?? (try? Self.builtIn()) ?? Self.fallback }

    func set(_ r: RiskRules) { lock.withLock { rules = r } }

    /// Loads the stored set, or the file.
    func load(from db: any Database, directories: [String?]) async throws {
        if let stored = try await Self.stored(on: db) { set(stored); return }
        for case let dir? in directories {
            let url = URL(fileURLWithPath: dir).appendingPathComponent("risk.yaml")
            if FileManager.default.fileExists(atPath: url.path) {
                set(try Self.decodeYAML(try Data(contentsOf: url), source: url.path))
                return
            }
        }
        set(try Self.builtIn())
    }

    /// True (and remembers `now`) when the periodic rules are due on this instance.
    func claimSweep(now: Date) -> Bool {
        let every = TimeInterval(current.sweepEveryMinutes * 60)
        return lock.withLock {
            if let last = lastSweep, now.timeIntervalSince(last) < every, now >= last { return false }
            lastSweep = now
            return true
        }
    }

    /// The periodic rules, when due on this instance (see `claimSweep`). Takes up rules another
    /// instance stored first; a failure is logged and never stops the deadline sweep.
    func sweepIfDue(db: any Database, gate: WriteGate, now: Date, logger: Logger, org: OrgDirectory,
                    grid: GridIndex, categories: CategoryDirectory?) async {
        guard claimSweep(now: now) else { return }
        do {
            if let stored = try await Self.stored(on: db), stored != current { set(stored) }
            try await RiskSweep(db: db, gate: gate, rules: current, now: now, logger: logger, org: org, grid: grid, categories: categories).run()
        } catch {
            logger.error("risk rules failed", metadata: ["error": "\(error)"])
        }
    }

    static func stored(on db: any Database) async throws -> RiskRules? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("SELECT rules FROM risk_rule_sets WHERE id = 1").first() else { return nil }
        return try JSONDecoder().decode(RiskRules.self, from: Data(try row.decode(column: "rules", as: String.self).utf8))
    }

    static func save(_ rules: RiskRules, at now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let text = try encode(rules)
        try await sql.raw("DELETE FROM risk_rule_sets WHERE id = 1").run()
        try await sql.raw("INSERT INTO risk_rule_sets (id, rules, updated_at) VALUES (1, \(bind: text), \(bind: now))").run()
    }

    static func encode(_ rules: RiskRules) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(rules), as: UTF8.self)
    }

    static func builtIn() throws -> RiskRules {
        guard let url = Bundle.module.url(forResource: "Defaults", withExtension: nil)?.appendingPathComponent("risk.yaml") else {
            throw HeweiError.internalFailure("the built-in risk.yaml is missing")
        }
        return try decodeYAML(try Data(contentsOf: url), source: "Defaults/risk.yaml")
    }

    static func decodeYAML(_ data: Data, source: String) throws -> RiskRules {
        let rules = try YAMLDecoder().decode(RiskRules.self, from: data)
        if let p = rules.problem() { throw HeweiError.invalidField(p.field, "\(source): \(p.reason)") }
        return rules
    }

    static let fallback = RiskRules(words: [.init(text: "跳楼", kind: "selfHarm")],
                                    spike: .init(windowDays: 7, baselineWindows: 8, falseAlarmRate: 0.001, minimumCount: 5),
                                    repeatCaller: .init(times: 3, days: 30), escalation: .init(days: 60),
                                    overdueRising: .init(threshold: 3), sweepEveryMinutes: 15)
}
