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

/// Orders as CSV, masked exactly as the API masks them for the viewer.
enum OrderExport {
    static let maxRows = 10_000
    static let columns = ["code", "createdAt", "channel", "requestKind", "categoryCode", "urgency", "state", "light",
                          "leadUnit", "dueAt", "closedAt", "requesterName", "requesterPhone", "address", "content"]

    static func csv(_ orders: [WorkOrderModel], viewer: Principal, org: OrgDirectory) -> String {
        let iso = ISO8601DateFormatter()
        var out = columns.joined(separator: ",") + "\r\n"
        for m in orders {
            let dto = OrderDTO(m, viewer: viewer, org: org)
            let fields = [dto.code, iso.string(from: dto.createdAt), dto.channel, dto.requestKind, dto.categoryCode, dto.urgency, dto.state,
                          dto.light, dto.leadUnit ?? "", dto.dueAt.map(iso.string) ?? "", dto.closedAt.map(iso.string) ?? "",
                          dto.requesterName, dto.requesterPhone, dto.address, dto.content]
            out += fields.map(field).joined(separator: ",") + "\r\n"
        }
        return out
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
