import Fluent
import Foundation
import HeweiCore
import Vapor

/// `hewei import orders FILE.csv`: requests from an old system, each registered as an order at the
/// time it was received (its clocks run from then), through the same validation as intake. Every row
/// needs the old system's reference (`channelRef`): a row already imported (same channel and reference)
/// is skipped, so a file can be run again. All or nothing (one transaction) unless `skipBad`.
struct OrderImport {
    let context: HeweiContext
    let db: any Database

    static let columns = ["channel", "channelRef", "receivedAt", "requestKind", "categoryCode", "urgency", "longitude", "latitude",
                          "address", "requesterName", "requesterPhone", "anonymous", "content", "unit"]
    static let required: Set<String> = ["channel", "channelRef", "receivedAt", "requestKind", "categoryCode", "address", "content"]

    struct Report: Sendable {
        var imported = 0
        var alreadyImported = 0
        var rejected: [String] = []
    }

    struct Row {
        let line: Int
        let input: IntakeInput
        let receivedAt: Date
    }

    func run(csv: String, skipBad: Bool, maxRows: Int = 200_000) async throws -> Report {
        let records = CSVReader.parse(csv)
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw HeweiError.invalidRows(["line 1: the file is empty; the header row names the columns: \(Self.columns.joined(separator: ","))"])
        }
        let missing = Self.required.subtracting(header).sorted()
        let unknown = header.filter { !Self.columns.contains($0) }
        guard missing.isEmpty, unknown.isEmpty else {
            var problems: [String] = []
            if !missing.isEmpty { problems.append("line 1: missing column(s) \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { problems.append("line 1: unknown column(s) \(unknown.joined(separator: ", ")); allowed: \(Self.columns.joined(separator: ","))") }
            throw HeweiError.invalidRows(problems)
        }
        let body = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard body.count <= maxRows else { throw HeweiError.invalidRows(["the file has \(body.count) rows; at most \(maxRows) at once"]) }
        var report = Report()
        var rows: [Row] = []
        var seen: Set<String> = []
        for record in body {
            do {
                let row = try parse(record, header: header)
                let ref = "\(row.input.channel)|\(row.input.channelRef ?? "")"
                guard seen.insert(ref).inserted else {
                    throw HeweiError.invalidField("channelRef", "'\(row.input.channelRef ?? "")' appears twice in the file")
                }
                rows.append(row)
            } catch let error as HeweiError {
                report.rejected.append("line \(record.line): \(error.reason)")
            }
        }
        // Check every row exactly as intake would before storing anything.
        var checked: [(Row, OrderWorkflow.CheckedIntake, String)] = []
        for row in rows {
            do {
                let workflow = workflow(at: row.receivedAt)
                let key = Self.key(row.input)
                if try await WorkOrderModel.query(on: db).filter(\.$idempotencyKey == key).first() != nil {
                    report.alreadyImported += 1
                    continue
                }
                checked.append((row, try await workflow.validate(row.input, actorRole: nil), key))
            } catch let error as HeweiError {
                report.rejected.append("line \(row.line): \(error.reason)")
            }
        }
        report.rejected.sort { Self.lineNumber($0) < Self.lineNumber($1) }
        if !report.rejected.isEmpty && !skipBad { throw HeweiError.invalidRows(report.rejected) }
        let actor = Principal(id: nil, username: "import", name: "数据迁移导入", role: nil, unitID: nil)
        let ready = checked.map { (row, c, key) in (workflow(at: row.receivedAt), c, key) }
        try await db.write(gate: context.gate) { db in
            for (workflow, c, key) in ready { _ = try await workflow.create(c, key: key, by: actor, on: db) }
        }
        report.imported = ready.count
        return report
    }

    private static func lineNumber(_ problem: String) -> Int {
        Int(problem.dropFirst("line ".count).prefix { $0.isNumber }) ?? 0
    }

    /// The old system's reference is the idempotency key of an imported order.
    static func key(_ input: IntakeInput) -> String { "import:\(input.channel):\(input.channelRef ?? "")" }

    private func workflow(at time: Date) -> OrderWorkflow {
        var w = context.workflow(on: db)
        w.now = time
        return w
    }

    private func parse(_ record: CSVReader.Record, header: [String]) throws -> Row {
        var v: [String: String] = [:]
        for (i, name) in header.enumerated() where i < record.fields.count {
            let text = record.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { v[name] = text }
        }
        for name in Self.required where v[name] == nil { throw HeweiError.invalidField(name, "is required") }
        guard let received = v["receivedAt"].flatMap(Self.date) else {
            throw HeweiError.invalidField("receivedAt", "must be a date and time such as 2025-03-01T09:30:00+08:00 or 2025-03-01 09:30")
        }
        guard received <= context.clock.now() else { throw HeweiError.invalidField("receivedAt", "is in the future") }
        func number(_ name: String) throws -> Double? {
            guard let text = v[name] else { return nil }
            guard let n = Double(text), n.isFinite else { throw HeweiError.invalidField(name, "must be a number") }
            return n
        }
        let anonymous: Bool?
        switch v["anonymous"]?.lowercased() {
        case nil: anonymous = nil
        case "true", "1", "yes", "是": anonymous = true
        case "false", "0", "no", "否": anonymous = false
        default: throw HeweiError.invalidField("anonymous", "must be true or false")
        }
        let input = IntakeInput(channel: v["channel"]!, channelRef: v["channelRef"], requestKind: v["requestKind"]!,
                                categoryCode: v["categoryCode"]!, urgency: v["urgency"], longitude: try number("longitude"),
                                latitude: try number("latitude"), address: v["address"]!, requesterName: v["requesterName"],
                                requesterPhone: v["requesterPhone"], anonymous: anonymous, content: v["content"]!,
                                dispatchTo: v["unit"], answerAtOnce: nil)
        return Row(line: record.line, input: input, receivedAt: received)
    }

    /// ISO 8601 with a zone, or `YYYY-MM-DD HH:MM[:SS]` in China Standard Time (UTC+8).
    static func date(_ text: String) -> Date? {
        if let d = ISO8601DateFormatter().date(from: text) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm"] {
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }
}

/// The CLI's entry (`hewei import orders`).
public enum OrderImportCommand {
    public struct Outcome: Sendable {
        public var imported: Int
        public var alreadyImported: Int
        public var rejected: [String]
    }

    public static func run(app: Application, csv: String, skipBad: Bool) async throws -> Outcome {
        let r = try await OrderImport(context: app.hewei, db: app.db).run(csv: csv, skipBad: skipBad)
        // Imported orders carry their old times, behind the figures' watermark: count them in.
        if r.imported > 0 { _ = try await RollupMaintenance.rebuild(app) }
        return Outcome(imported: r.imported, alreadyImported: r.alreadyImported, rejected: r.rejected)
    }
}
