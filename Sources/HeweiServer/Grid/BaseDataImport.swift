import Fluent
import Foundation
import HeweiCore
import Vapor

/// Imports base data from CSV: every row is checked first (cell in the active grid and in the
/// caller's scope, required fields, formats), and every bad row is reported with its line number.
/// All or nothing by default; with `skipBad` the good rows are stored and the bad ones reported.
/// Each stored record gets its audit row (action `import`), in the same transaction.
struct BaseDataImport {
    let context: HeweiContext
    let db: any Database

    struct Report: Content {
        var kind: String
        var imported: Int
        var skipped: Int
        /// `line N: field: reason`, in line order.
        var problems: [String]
    }

    func run(csv: String, kind: BaseDataKind, scope: CellScope, skipBad: Bool, by actor: Principal) async throws -> Report {
        let records = CSVReader.parse(csv)
        guard let header = records.first else { throw HeweiError.invalidRows(["line 1: the file is empty; expected a header row"]) }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let unknown = columns.filter { !kind.columns.contains($0) }
        guard unknown.isEmpty, columns.contains("cellCode"), Set(columns).count == columns.count else {
            throw HeweiError.invalidRows(["line 1: the header must name distinct columns among \(kind.columns.joined(separator: ",")) "
                + "including cellCode" + (unknown.isEmpty ? "" : "; unknown: \(unknown.joined(separator: ","))")])
        }
        let grid = context.grid.current, now = context.clock.now(), validation = BaseDataValidation(kind: kind)
        var good: [BaseRecordModel] = [], problems: [String] = []
        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append("line \(record.line): has \(record.fields.count) fields; the header has \(columns.count)")
                continue
            }
            var values = Dictionary(uniqueKeysWithValues: zip(columns, record.fields))
            let cell = (values.removeValue(forKey: "cellCode") ?? "").trimmingCharacters(in: .whitespaces)
            let activeText = values.removeValue(forKey: "active")
            var rowProblems: [String] = []
            if cell.isEmpty { rowProblems.append("cellCode: is required") } else if grid.cell(cell) == nil {
                rowProblems.append("cellCode: no grid cell '\(cell)' in the active grid")
            } else if !scope.covers(cell) { rowProblems.append("cellCode: grid cell '\(cell)' is not assigned to you") }
            let active = BaseDataRecords.active(activeText)
            if active == nil { rowProblems.append("active: must be true or false") }
            let (clean, fieldProblems) = validation.check(values)
            rowProblems += fieldProblems.map(\.description)
            guard rowProblems.isEmpty else {
                problems += rowProblems.map { "line \(record.line): \($0)" }
                continue
            }
            let m = BaseRecordModel()
            m.id = UUID()
            m.kind = kind.rawValue
            m.createdAt = now
            try BaseDataRecords.apply(clean, cell: cell, active: active ?? true, to: m, now: now, cipher: context.cipher)
            good.append(m)
        }
        if !problems.isEmpty && !skipBad { throw HeweiError.invalidRows(problems) }
        let changes = try good.map { try BaseDataRecords.change("import", of: $0, before: "", by: actor, at: now, cipher: context.cipher) }
        if !good.isEmpty {
            let rows = good
            try await db.write(gate: context.gate) { db in
                for chunk in stride(from: 0, to: rows.count, by: 500) {
                    try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: db)
                    try await Array(changes[chunk..<min(chunk + 500, changes.count)]).create(on: db)
                }
            }
        }
        let badLines = Set(problems.compactMap { $0.split(separator: ":").first })
        return Report(kind: kind.rawValue, imported: good.count, skipped: badLines.count, problems: problems)
    }
}

/// `hewei base-data import KIND FILE.csv`: an operator at the server loads base data into any cell,
/// with the same checks and audit rows as the API.
public enum BaseDataCommandImport {
    public struct Outcome: Sendable {
        public var imported: Int
        public var skipped: Int
        public var problems: [String]
    }

    public static let kinds = BaseDataKind.allCases.map(\.rawValue)

    public static func run(app: Application, kind: String, csv: String, skipBad: Bool) async throws -> Outcome {
        let kind = try Validate.choice(kind, "kind", as: BaseDataKind.self)
        let scope = CellScope(roots: nil, grid: app.hewei.grid.current)
        let actor = Principal(id: nil, username: "cli", name: "hewei base-data import", role: nil, unitID: nil)
        let report = try await BaseDataImport(context: app.hewei, db: app.db).run(csv: csv, kind: kind, scope: scope, skipBad: skipBad, by: actor)
        return Outcome(imported: report.imported, skipped: report.skipped, problems: report.problems)
    }
}
