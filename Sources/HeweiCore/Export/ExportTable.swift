import Foundation

/// A table to hand out as CSV or XLSX: one header row and rows of text and numbers. Text is
/// formula-defused in CSV (as every export here); numbers are written as numbers.
public struct ExportTable: Sendable, Equatable {
    public var sheet: String
    public var header: [String]
    public var rows: [[XLSX.Cell]]

    public init(sheet: String, header: [String], rows: [[XLSX.Cell]]) {
        self.sheet = sheet
        self.header = header
        self.rows = rows
    }

    public func csv() -> String {
        func field(_ c: XLSX.Cell) -> String {
            switch c {
            case .text(let t): return Evaluation.csvField(t)
            case .number(let n): return n.isFinite ? Self.number(n) : ""
            case .empty: return ""
            }
        }
        let head = header.map(Evaluation.csvField).joined(separator: ",") + "\r\n"
        return head + rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    public func xlsx() -> Data {
        XLSX.workbook(sheetName: sheet, rows: [header.map { .text($0) }] + rows)
    }

    /// Integers without a decimal point; other numbers to at most 4 decimals.
    static func number(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(Int(n)) }
        return String(format: "%.4f", n).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }
}
