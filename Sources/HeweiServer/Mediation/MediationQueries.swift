import Fluent
import Foundation
import HeweiCore
import Vapor

/// List filters for mediation cases (API and console share them).
struct MediationFilter: Sendable {
    var state: String?
    var source: String?
    var disputeType: String?
    var room: String?
    var q: String?
    var from: Date?
    var to: Date?
    /// createdAt (default, newest first) or code.
    var sort: String = "-createdAt"

    static func parse(_ req: Request) throws -> MediationFilter {
        func opt(_ name: String) -> String? {
            guard let v = req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        var f = MediationFilter()
        if let s = opt("state") { f.state = try Validate.choice(s, "state", as: MediationState.self).rawValue }
        if let s = opt("source") { f.source = try Validate.choice(s, "source", as: MediationSource.self).rawValue }
        if let t = opt("disputeType") {
            guard MediationDisputeTypes.isKnown(t) else { throw HeweiError.invalidField("disputeType", "unknown dispute type '\(t)'") }
            f.disputeType = t
        }
        f.room = opt("room")
        if let q = opt("q") { guard q.count <= 100 else { throw HeweiError.invalidField("q", "at most 100 characters") }; f.q = q }
        f.from = try opt("from").map { try MediationDates.parse($0, "from") }
        f.to = try opt("to").map { try MediationDates.parse($0, "to", endOfDay: true) }
        if let s = opt("sort") {
            guard ["createdAt", "-createdAt", "code", "-code"].contains(s) else {
                throw HeweiError.invalidField("sort", "use createdAt, -createdAt, code or -code")
            }
            f.sort = s
        }
        return f
    }

    func apply(_ q: QueryBuilder<MediationCaseModel>) -> QueryBuilder<MediationCaseModel> {
        var q = q
        if let state { q = q.filter(\.$state == state) }
        if let source { q = q.filter(\.$source == source) }
        if let disputeType { q = q.filter(\.$disputeType == disputeType) }
        if let room { q = q.filter(\.$roomCode == room) }
        if let from { q = q.filter(\.$createdAt >= from) }
        if let to { q = q.filter(\.$createdAt < to) }
        if let text = self.q {
            q = q.group(.or) {
                $0.filter(\.$code == text).filter(\.$applicantName == text).filter(\.$respondentName == text)
            }
        }
        return q
    }

    func sorted(_ q: QueryBuilder<MediationCaseModel>) -> QueryBuilder<MediationCaseModel> {
        switch sort {
        case "createdAt": return q.sort(\.$createdAt, .ascending).sort(\.$code, .ascending)
        case "code": return q.sort(\.$code, .ascending)
        case "-code": return q.sort(\.$code, .descending)
        default: return q.sort(\.$createdAt, .descending).sort(\.$code, .descending)
        }
    }
}

/// Dates in queries: `YYYY-MM-DD` (the day in UTC+8) or full ISO 8601.
enum MediationDates {
    static func parse(_ text: String, _ field: String, endOfDay: Bool = false) throws -> Date {
        if let d = CivilDate(text) {
            let start = Date(timeIntervalSince1970: Double(d.dayNumber) * 86_400 - 8 * 3600)
            return endOfDay ? start.addingTimeInterval(86_400) : start
        }
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        throw HeweiError.invalidField(field, "use YYYY-MM-DD or an ISO 8601 time")
    }
}

enum MediationQueries {
    static func page(scope: MediationScope, filter: MediationFilter, page: Int, per: Int,
                     on db: any Database) async throws -> ([MediationCaseModel], Int) {
        let q = filter.apply(scope.apply(MediationCaseModel.query(on: db)))
        let total = try await q.copy().count()
        let items = try await filter.sorted(q).range((page - 1) * per ..< page * per).all()
        return (items, total)
    }

    static func detail(_ row: MediationCaseModel, reveal: Bool, context: HeweiContext, on db: any Database) async throws -> MediationCaseDTO {
        var order: String?
        if let id = row.sourceOrderID { order = try await WorkOrderModel.find(id, on: db)?.code }
        return try MediationCaseDTO.make(row, reveal: reveal, context: context, sourceOrder: order,
                                         clocks: try await CaseClockBook(rules: context.rules.current).all(.mediation, row.id!, on: db),
                                         history: try await CaseEventLog.history(.mediation, row.id!, on: db))
    }
}

