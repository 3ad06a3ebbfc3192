import Crypto
import Fluent
import Foundation
import HeweiCore
import Logging

/// The periodic risk rules, run by the deadline sweeper at most once per `sweepEveryMinutes`:
/// spikes per town × category, repeat callers, escalation risk and units whose overdue count is
/// rising. Each warning's dedupe key names the condition and its period; the unique index on it
/// decides, so running twice (or on two instances) raises each condition once.
struct RiskSweep {
    let db: any Database
    let gate: WriteGate
    let rules: RiskRules
    let now: Date
    var logger: Logger = Logger(label: "hewei.risk")
    var org: OrgDirectory? = nil
    /// For naming towns and categories in the explanations (codes alone when nil).
    var grid: GridIndex? = nil
    var categories: CategoryDirectory? = nil

    struct Report: Sendable, Equatable {
        var spikes = 0
        var repeatCallers = 0
        var escalations = 0
        var overdueRising = 0
    }

    @discardableResult
    func run() async throws -> Report {
        var report = Report()
        for w in try await spikes() where try await raise(w) { report.spikes += 1 }
        for w in try await repeatCallers() where try await raise(w) { report.repeatCallers += 1 }
        for w in try await escalations() where try await raise(w) { report.escalations += 1 }
        for w in try await overdueRising() where try await raise(w) { report.overdueRising += 1 }
        if report != Report() { logger.info("risk warnings raised", metadata: ["spikes": "\(report.spikes)", "repeat": "\(report.repeatCallers)"]) }
        return report
    }

    private func raise(_ w: RiskWarningModel) async throws -> Bool {
        try await db.write(gate: gate) { db in try await RiskWarningBook.raise(w, on: db) }
    }

    /// "名称（code）", or the code alone when the name is unknown.
    private func named(_ code: String, _ name: String?) -> String { name.map { "\($0)（\(code)）" } ?? code }

    /// The period number of `now` for a period of `days` (so a condition is raised once per period).
    private func period(_ days: Int) -> Int { Int(now.timeIntervalSince1970 / Double(days * 86_400)) }

    func spikes() async throws -> [RiskWarningModel] {
        let window = TimeInterval(rules.spike.windowDays * 86_400)
        let latest = try await RiskRepository.townCategoryCounts(from: now - window, to: now, on: db)
        guard !latest.isEmpty else { return [] }
        var baseline: [[String: Int]] = []
        for i in 1...rules.spike.baselineWindows {
            let rows = try await RiskRepository.townCategoryCounts(from: now - window * Double(i + 1), to: now - window * Double(i), on: db)
            baseline.append(Dictionary(uniqueKeysWithValues: rows.map { ("\($0.cell)|\($0.category)", $0.count) }))
        }
        let detector = rules.detector
        return latest.compactMap { place in
            let key = "\(place.cell)|\(place.category)"
            let history = baseline.map { $0[key] ?? 0 }
            let finding = detector.test(observed: place.count, baseline: history)
            guard finding.isSpike else { return nil }
            let text = "镇街网格 \(named(place.cell, grid?.cell(place.cell)?.name)) × 分类 \(named(place.category, categories?.category(place.category)?.name))：近 \(rules.spike.windowDays) 天\(finding.explanation)，"
                + "低于误报率 \(rules.spike.falseAlarmRate)（前 \(rules.spike.baselineWindows) 个周期依次为 \(history.map(String.init).joined(separator: "、")) 件）。"
            return RiskWarningModel(kind: .spike, subject: "\(place.cell) × \(place.category)", explanation: text,
                                    dedupeKey: "spike:\(key):\(period(rules.spike.windowDays))", at: now)
        }
    }

    func repeatCallers() async throws -> [RiskWarningModel] {
        let since = now - TimeInterval(rules.repeatCaller.days * 86_400)
        return try await RiskRepository.repeatCallers(since: since, times: rules.repeatCaller.times, on: db).map { caller in
            let masked = Masking.phone(caller.phone)
            let text = "号码 \(masked) 在 \(rules.repeatCaller.days) 天内来电 \(caller.count) 次（阈值 \(rules.repeatCaller.times) 次）："
                + caller.codes.joined(separator: "、") + "。"
            return RiskWarningModel(kind: .repeatCaller, subject: masked, explanation: text,
                                    dedupeKey: "repeatCaller:\(Self.digest(caller.phone)):\(period(rules.repeatCaller.days))", at: now)
        }
    }

    func escalations() async throws -> [RiskWarningModel] {
        let since = now - TimeInterval(rules.escalation.days * 86_400)
        // The earlier order: registered within two windows (its follow-up comes after its intake).
        let earliest = since - TimeInterval(rules.escalation.days * 86_400)
        return try await RiskRepository.escalations(since: since, earliest: earliest, on: db).map { e in
            let masked = Masking.phone(e.phone)
            let text = "号码 \(masked) 的工单 \(e.earlier) 回访不满意，之后又提出投诉或网上信访 \(e.later)"
                + "（\(rules.escalation.days) 天内）：矛盾有升级风险，建议提前化解或引导调解。"
            return RiskWarningModel(kind: .escalationRisk, subject: masked, explanation: text,
                                    dedupeKey: "escalation:\(e.earlier):\(e.later)", orderCode: e.later, at: now)
        }
    }

    func overdueRising() async throws -> [RiskWarningModel] {
        let weekStart = now - 7 * 86_400
        return try await RiskRepository.overdueByUnit(weekStart: weekStart, now: now, on: db).compactMap { u in
            guard u.thisWeek >= rules.overdueRising.threshold, u.thisWeek > u.lastWeek else { return nil }
            let unit = org?.unit(u.unitID)
            let name = named(unit?.code ?? u.unitID.uuidString, unit?.name)
            let text = "\(name) 近 7 天超期 \(u.thisWeek) 件，前 7 天 \(u.lastWeek) 件，超期数上升且达到阈值 \(rules.overdueRising.threshold) 件。"
            return RiskWarningModel(kind: .overdueRising, subject: unit?.code ?? u.unitID.uuidString, explanation: text,
                                    dedupeKey: "overdueRising:\(u.unitID.uuidString):\(period(7))", at: now)
        }
    }

    /// A phone is compared and keyed only by its digest; it is shown masked.
    static func digest(_ phone: String) -> String {
        SHA256.hash(data: Data(phone.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
