import Foundation
import HeweiCore
import Vapor

/// The body of a reveal request: why the full personal data is needed (kept in the audit trail).
struct RevealInput: Content {
    var reason: String

    static func reason(_ req: Request) throws -> String {
        let input = try req.content.decode(RevealInput.self)
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 4, reason.count <= 200 else {
            throw HeweiError.invalidField("reason", "say in 4 to 200 characters why the full data is needed")
        }
        return reason
    }
}

/// A requester's contact in full (a reveal).
struct ContactDTO: Content {
    var name: String
    var phone: String
    var anonymous: Bool
}

/// Orders as CSV or XLSX, masked exactly as the API masks them for the viewer.
enum OrderExport {
    static let maxRows = 10_000
    static let columns = ["code", "createdAt", "channel", "requestKind", "categoryCode", "urgency", "state", "light",
                          "leadUnit", "dueAt", "closedAt", "requesterName", "requesterPhone", "address", "content"]

    /// The file format of an export (`format=csv`, the default, or `format=xlsx`).
    enum Format: String, Sendable, CaseIterable {
        case csv, xlsx
    }

    /// The masked table: the header (`columns`), then one row per order, all fields as text.
    static func table(_ orders: [WorkOrderModel], viewer: Principal, org: OrgDirectory) -> [[String]] {
        let iso = ISO8601DateFormatter()
        var rows = [columns]
        for m in orders {
            let dto = OrderDTO(m, viewer: viewer, org: org)
            rows.append([dto.code, iso.string(from: dto.createdAt), dto.channel, dto.requestKind, dto.categoryCode, dto.urgency, dto.state,
                         dto.light, dto.leadUnit ?? "", dto.dueAt.map(iso.string) ?? "", dto.closedAt.map(iso.string) ?? "",
                         dto.requesterName, dto.requesterPhone, dto.address, dto.content])
        }
        return rows
    }

    static func csv(_ orders: [WorkOrderModel], viewer: Principal, org: OrgDirectory) -> String {
        table(orders, viewer: viewer, org: org).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// The same table as an `.xlsx` workbook. Every field is text (codes such as `0501` keep their
    /// leading zero); no apostrophes are needed, since XLSX inline text is never run as a formula.
    static func xlsx(_ orders: [WorkOrderModel], viewer: Principal, org: OrgDirectory) -> Data {
        let rows = table(orders, viewer: viewer, org: org).map { $0.map { $0.isEmpty ? XLSX.Cell.empty : .text($0) } }
        return XLSX.workbook(sheetName: "工单", rows: rows)
    }

    /// Quotes a CSV field, and defuses spreadsheet formulas (a leading = + - @).
    static func field(_ s: String) -> String {
        var v = s
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
