import Foundation

extension Evaluation {
    /// Header language of the CSV export.
    public enum CSVHeader: String, Sendable, Codable, CaseIterable {
        case english
        case chinese
    }

    /// The evaluation table as RFC 4180 CSV text: a header row, one row per `UnitScore`
    /// in the given order, CRLF line ends (also after the last row).
    ///
    /// Columns: code (unit or town), name (from `names`, empty if unknown), town, sample,
    /// then for each KPI (sign-for, closure, resolution, satisfaction) numerator,
    /// denominator and rate as a percentage with one decimal (empty when the denominator
    /// is 0), then the score as points 0–100 with one decimal, the rank, and the reason
    /// a row is not ranked.
    ///
    /// Fields containing a comma, double quote, CR or LF are quoted, with quotes doubled.
    /// Fields starting with `=`, `+`, `-`, `@`, tab or CR get a leading apostrophe so a
    /// spreadsheet does not run them as formulas (CSV injection).
    public static func csv(
        _ rows: [UnitScore],
        groupBy: Grouping = .unit,
        names: [String: String] = [:],
        header: CSVHeader = .english
    ) -> String {
        table(rows, groupBy: groupBy, names: names, header: header)
            .map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// The evaluation table as an `.xlsx` workbook (one sheet, 考核评价): the same header and rows as
    /// `csv`, with the columns in `tableNumericColumns` as numbers (the same one-decimal values as
    /// the CSV) and the others as text. No apostrophes: XLSX text is never run as a formula.
    public static func xlsx(
        _ rows: [UnitScore],
        groupBy: Grouping = .unit,
        names: [String: String] = [:],
        header: CSVHeader = .english
    ) -> Data {
        let cells = table(rows, groupBy: groupBy, names: names, header: header).enumerated().map { r, fields in
            fields.enumerated().map { c, field -> XLSX.Cell in
                if field.isEmpty { return .empty }
                if r > 0, tableNumericColumns.contains(c), let d = Double(field) { return .number(d) }
                return .text(field)
            }
        }
        return XLSX.workbook(sheetName: header == .chinese ? "考核评价" : "Evaluation", rows: cells)
    }

    /// The columns of `table` that hold numbers (0-based): sample, the KPI numerators,
    /// denominators and percentages, the score and the rank.
    public static let tableNumericColumns = Set(3...17)

    /// The evaluation table as plain fields, before any file format: a header row, then one row
    /// per `UnitScore` in the given order (columns as described for `csv`; empty text for no value).
    public static func table(
        _ rows: [UnitScore],
        groupBy: Grouping = .unit,
        names: [String: String] = [:],
        header: CSVHeader = .english
    ) -> [[String]] {
        var lines: [[String]] = [headerRow(groupBy: groupBy, header: header)]
        for row in rows {
            var fields = [row.code, names[row.code] ?? "", row.townCode ?? "", String(row.sample)]
            for kpi in [row.signFor, row.closure, row.resolution, row.satisfaction] {
                fields += [String(kpi.numerator), String(kpi.denominator), kpi.percentText ?? ""]
            }
            fields.append(row.score.map { scoreText($0) } ?? "")
            fields.append(row.rank.map { String($0) } ?? "")
            let reason = row.notRankedReason.map { header == .chinese ? $0.descriptionZh : $0.descriptionEn }
            fields.append(reason ?? "")
            lines.append(fields)
        }
        return lines
    }

    /// Score (0…1) as points 0–100 with one decimal, rounded half away from zero.
    public static func scoreText(_ score: Double) -> String {
        let tenths = Int((score * 1000).rounded(.toNearestOrAwayFromZero))
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// One CSV field: formula-defused, then quoted if needed (RFC 4180).
    public static func csvField(_ raw: String) -> String {
        var field = raw
        if let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            field = "'" + field
        }
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            field = "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    private static func headerRow(groupBy: Grouping, header: CSVHeader) -> [String] {
        switch header {
        case .english:
            return [groupBy == .unit ? "unit" : "town", "name", "town", "sample",
                    "sign_for_on_time", "sign_for_dispatched", "sign_for_rate_pct",
                    "closure_on_time", "closure_due", "closure_rate_pct",
                    "resolution_resolved", "resolution_followed_up", "resolution_rate_pct",
                    "satisfaction_satisfied", "satisfaction_followed_up", "satisfaction_rate_pct",
                    "score", "rank", "not_ranked_reason"]
        case .chinese:
            return [groupBy == .unit ? "单位" : "乡镇", "名称", "所属乡镇", "样本量",
                    "按时签收数", "派单数", "按时签收率%",
                    "按时办结数", "应办结数", "按时办结率%",
                    "已解决数", "回访数(解决)", "解决率%",
                    "满意数", "回访数(满意)", "满意率%",
                    "综合得分", "排名", "未排名原因"]
        }
    }
}
