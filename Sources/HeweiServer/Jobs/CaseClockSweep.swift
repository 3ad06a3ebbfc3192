import Fluent
import Foundation
import HeweiCore

/// The sweeper's pass over case clocks (mediation cases, petitions): yellow before the due time,
/// red after it. A red light appends one automatic `overdue` event (自动督办) to the record, in the
/// same transaction as the compare-and-set light change, so it happens once across instances.
struct CaseClockSweep {
    let db: any Database
    let gate: WriteGate
    let rules: Rules
    var batch = 500

    struct Report: Sendable, Equatable {
        var yellow = 0
        var red = 0
    }

    func sweep(now: Date) async throws -> Report {
        var report = Report()
        let yellow = try await CaseClockModel.query(on: db).filter(\.$status == "open").filter(\.$warnAt <= now)
            .filter(\.$light == "green").limit(batch).all()
        for row in yellow where try await change(row, to: .yellow, now: now) { report.yellow += 1 }
        let red = try await CaseClockModel.query(on: db).filter(\.$status == "open").filter(\.$dueAt <= now)
            .filter(\.$light != "red").limit(batch).all()
        for row in red where try await change(row, to: .red, now: now) { report.red += 1 }
        return report
    }

    private func change(_ row: CaseClockModel, to light: Light, now: Date) async throws -> Bool {
        try await db.write(gate: gate) { db in
            guard try await DeadlineSweepRepository.changeLight(of: row.id!, to: light, in: .caseClocks, on: db) else { return false }
            guard light == .red, let type = CaseRecordType(rawValue: row.recordType) else { return true }
            let seq = try await CaseEventLog.lock(type, row.recordID, on: db)
            let state = try await CaseEventLog.state(type, row.recordID, on: db) ?? ""
            try await CaseEventLog.append(type, row.recordID, seq: seq, action: "overdue", from: state, to: state, by: .system,
                                          note: "自动督办：\(row.kind) 期限已过 (automatic supervision: \(row.kind) overdue)",
                                          data: ["automatic": "true", "clock": row.kind, "dueAt": row.dueAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""],
                                          at: now, on: db)
            return true
        }
    }
}
