import Foundation
import HeweiCore

extension DemoOrderSim {
    // MARK: the sweeper

    static let lightKinds = Set(DeadlineBook.lightKinds.compactMap(ClockKind.init(rawValue:)))

    /// What the deadline sweeper does up to `t`: yellow and red lights (red with the automatic
    /// supervision event) and expired objection windows, in time order. The sweeper notices a time
    /// `lag` seconds after it passes; `caughtUp` means it has just run at `t` and missed nothing.
    mutating func sweep(until t: Date, caughtUp: Bool = false) throws {
        while true {
            var next: (at: Date, index: Int, light: Light?)?
            func consider(_ due: Date, _ lag: Double, _ i: Int, _ light: Light?) {
                var at = due + lag
                if caughtUp, due <= t { at = min(at, t) }
                if at <= t, next == nil || at < next!.at { next = (at, i, light) }
            }
            for i in deadlines.indices where deadlines[i].status == "open" {
                let row = deadlines[i]
                if row.kind == .objection {
                    if let due = row.dueAt { consider(due, row.lag, i, nil) }
                } else if Self.lightKinds.contains(row.kind) {
                    if row.light == .green, let warn = row.warnAt { consider(warn, row.lag, i, .yellow) }
                    if row.light != .red, let due = row.dueAt { consider(due, row.lag, i, .red) }
                }
            }
            guard let (at, i, light) = next else { return }
            let when = max(at, time)
            switch light {
            case nil:
                deadlines[i].status = "expired"
                deadlines[i].stoppedAt = when
            case .yellow?:
                deadlines[i].light = .yellow
                refreshSummary()
            case .red?:
                deadlines[i].light = .red
                order.supervisionCount += 1
                order.updatedAt = when
                refreshSummary()
                let kind = deadlines[i].kind
                // The sweeper does not consult the table, but supervision must be legal where it happens.
                _ = try Self.next(order.state, suspended: order.suspended, .supervise)
                record(.supervise, at: when, by: .system, from: order.state,
                       note: "自动督办：\(DeadlineSweeper.clockName(kind))超时 (automatic supervision: \(kind.rawValue) overdue)",
                       data: [("automatic", "true"), ("clock", kind.rawValue), ("deadline", deadlines[i].id.uuidString)])
            case .green?:
                return
            }
        }
    }

    /// The sweeper's work up to "now", for the order as it is left.
    mutating func finish() throws {
        try sweep(until: now, caughtUp: true)
        refreshSummary()
    }

    // MARK: helpers

    /// `onTime` in the event data of an action that stopped a clock (met or late), as the workflow writes it.
    static func onTime(_ status: String?) -> [(String, String)] {
        guard let status, status == "met" || status == "late" else { return [] }
        return [("onTime", String(status == "met"))]
    }

    func iso(_ date: Date) -> String { scratch.iso.string(from: date) }

    /// `JSONEncoder` with `.sortedKeys` applied to a `[String: String]`, written out directly because it
    /// runs for every event (the test compares the two).
    static func json(_ pairs: [(String, String)]) -> String {
        if pairs.isEmpty { return "{}" }
        var out = "{"
        for (i, (key, value)) in pairs.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if i > 0 { out += "," }
            out += "\"" + escape(key) + "\":\"" + escape(value) + "\""
        }
        return out + "}"
    }

    private static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 == 0x2F || $0 < 0x20 }) else { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
