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
    /// For dispatching orders whose claim pool ran out (routing rules over the order's cells).
    var grid = GridIndex(cells: [])
    var routes: [RoutingRule] = []
    var categories: CategoryDirectory? = nil
    /// Risk early warning's periodic rules (issue 7); nil: not run.
    var risk: RiskRulesStore? = nil

    struct Report: Sendable, Equatable {
        var yellow = 0
        var red = 0
        var windowsClosed = 0
        var poolsDispatched = 0
        var noticesEscalated = 0
        /// Lights of mediation and petition clocks.
        var casesYellow = 0
        var casesRed = 0
    }

    func workflow(now: Date) -> OrderWorkflow {
        OrderWorkflow(db: db, gate: gate, rules: rules, org: org, now: now, grid: grid, routes: routes, categories: categories)
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
        for row in try await DeadlineSweepRepository.expired(.objection, before: now, limit: batch, on: db) {
            let changed = try await db.write(gate: gate) { db in try await DeadlineSweepRepository.expire(row.id!, at: now, on: db) }
            if changed { report.windowsClosed += 1 }
        }
        let workflow = workflow(now: now)
        for row in try await DeadlineSweepRepository.expired(.claim, before: now, limit: batch, on: db) {
            if try await db.write(gate: gate, { db in try await workflow.dispatchUnclaimed(row, on: db) }) { report.poolsDispatched += 1 }
        }
        for row in try await DeadlineSweepRepository.expired(.supervision, before: now, limit: batch, on: db) {
            if try await db.write(gate: gate, { db in try await workflow.escalateUnanswered(row, on: db) }) { report.noticesEscalated += 1 }
        }
        let cases = try await CaseClockSweep(db: db, gate: gate, rules: rules, batch: batch).sweep(now: now)
        report.casesYellow = cases.yellow
        report.casesRed = cases.red
        if let risk { await risk.sweepIfDue(db: db, gate: gate, now: now, logger: logger, org: org, grid: grid, categories: categories) }
        // Last: the figures then include this sweep's lights.
        try await RollupSweep(db: db, gate: gate, calendar: rules.calendar, org: org).sweep(now: now)
        if report != Report() {
            logger.debug("deadline sweep", metadata: ["yellow": "\(report.yellow)", "red": "\(report.red)"])
        }
        return report
    }

    private func change(_ row: DeadlineModel, to light: Light, now: Date) async throws -> Bool {
        let workflow = workflow(now: now)
        return try await db.write(gate: gate) { db in
            guard try await DeadlineSweepRepository.changeLight(of: row.id!, to: light, on: db) else {
                return false
            }
            // A red light appends an event and so takes the next version; a yellow one only
            // changes the summary, under the row lock but without a version (no event, no gap).
            let seq = try await OrderLockRepository.lock(orderID: row.orderID, bump: light == .red, on: db)
            guard let order = try await WorkOrderModel.find(row.orderID, on: db) else { return false }
            order.version = seq
            // Either light changes the order's summary: stamp it, so the figures' sweep recounts it.
            order.updatedAt = now
            var notice: SupervisionNoticeModel?
            if light == .red {
                // The automatic notice (with its own response clock) is part of the same change.
                notice = try await workflow.superviseAutomatically(order, clock: row, on: db)
                if notice == nil { order.supervisionCount += 1 }
            }
            try await workflow.deadlines.refreshSummary(of: order, on: db)
            try await order.save(on: db)
            if light == .red {
                let kind = ClockKind(rawValue: row.kind) ?? .handling
                let state = WorkOrderState(rawValue: order.state) ?? .accepted
                var data = ["automatic": "true", "clock": kind.rawValue, "deadline": row.id!.uuidString]
                if let notice { data.merge(workflow.noticeData(notice)) { $1 } }
                try await workflow.record(.supervise, on: order, seq: seq, by: .system, from: state,
                                          note: "自动督办：\(Self.clockName(kind))超时 (automatic supervision: \(kind.rawValue) overdue)",
                                          data: data, in: db)
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
        case .claim: return "抢单"
        case .assistSignFor: return "协办签收"
        case .assistHandling: return "协办反馈"
        }
    }
}
