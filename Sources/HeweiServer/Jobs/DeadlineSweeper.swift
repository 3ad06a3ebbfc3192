import Fluent
import Foundation
import HeweiCore
import Logging

/// Turns lights yellow and red as clocks run out, and issues the automatic supervision notice
/// (自动督办) exactly once per clock that goes red. Safe to run in several instances at once.
struct DeadlineSweeper {
    let db: any Database
    let gate: WriteGate
    let rules: Rules
    let org: OrgDirectory
    let logger: Logger
    var batch = 500

    struct Report: Sendable, Equatable {
        var yellow = 0
        var red = 0
        var windowsClosed = 0
    }

    @discardableResult
    func sweep(now: Date) async throws -> Report {
        var report = Report()
        for row in try await DeadlineSweepRepository.dueForYellow(before: now, limit: batch, on: db) {
            if try await change(row, to: .yellow, now: now) { report.yellow += 1 }
        }
        for row in try await DeadlineSweepRepository.dueForRed(before: now, limit: batch, on: db) {
            if try await change(row, to: .red, now: now) { report.red += 1 }
        }
        for row in try await DeadlineSweepRepository.expiredWindows(before: now, limit: batch, on: db) {
            let changed = try await db.write(gate: gate) { db in try await DeadlineSweepRepository.expire(row.id!, at: now, on: db) }
            if changed { report.windowsClosed += 1 }
        }
        if report != Report() {
            logger.debug("deadline sweep", metadata: ["yellow": "\(report.yellow)", "red": "\(report.red)"])
        }
        return report
    }

    private func change(_ row: DeadlineModel, to light: Light, now: Date) async throws -> Bool {
        let workflow = OrderWorkflow(db: db, gate: gate, rules: rules, org: org, now: now)
        return try await db.write(gate: gate) { db in
            let from = light == .red ? ["green", "yellow"] : ["green"]
            guard try await DeadlineSweepRepository.changeLight(of: row.id!, from: from, to: light.rawValue, on: db) else {
                return false
            }
            // A red light appends an event and so takes the next version; a yellow one only
            // changes the summary, under the row lock but without a version (no event, no gap).
            let seq = try await OrderLockRepository.lock(orderID: row.orderID, bump: light == .red, on: db)
            guard let order = try await WorkOrderModel.find(row.orderID, on: db) else { return false }
            order.version = seq
            if light == .red {
                order.supervisionCount += 1
                order.updatedAt = now
            }
            try await workflow.deadlines.refreshSummary(of: order, on: db)
            try await order.save(on: db)
            if light == .red {
                let kind = ClockKind(rawValue: row.kind) ?? .handling
                let state = WorkOrderState(rawValue: order.state) ?? .accepted
                try await workflow.record(.supervise, on: order, seq: seq, by: .system, from: state,
                                          note: "自动督办：\(Self.clockName(kind))超时 (automatic supervision: \(kind.rawValue) overdue)",
                                          data: ["automatic": "true", "clock": kind.rawValue, "deadline": row.id!.uuidString],
                                          in: db)
            }
            return true
        }
    }

    static func clockName(_ kind: ClockKind) -> String {
        switch kind {
        case .signFor: return "签收"
        case .objection: return "异议期"
        case .handling: return "办理"
        case .followUp: return "回访"
        case .supervision: return "督办回复"
        }
    }
}
