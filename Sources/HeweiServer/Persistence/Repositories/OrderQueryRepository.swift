import Fluent
import Foundation
import HeweiCore

/// Filters, sorting and paging of the order list, shared by the API and the console.
struct OrderFilter: Sendable {
    var states: [WorkOrderState] = []
    var unit: UUID?
    /// Channel codes (configured channels, see `ChannelDirectory`).
    var channels: [String] = []
    var lights: [Light] = []
    var from: Date?
    var to: Date?
    var code: String?
    var sort: Sort = .newest
    var page = 1
    var per = 20

    enum Sort: String, CaseIterable, Sendable {
        case newest = "-created_at"
        case oldest = "created_at"
        case due = "due_at"
        case code = "code"
    }

    static let maxPer = 200

    /// Reads `state`, `unit`, `channel`, `light`, `from`, `to`, `code`, `sort`, `page`, `per`.
    static func parse(_ q: [String: String], org: OrgDirectory, channels: ChannelDirectory? = nil) throws -> OrderFilter {
        var f = OrderFilter()
        f.states = try list(q["state"], "state", WorkOrderState.self)
        let known = channels.map { Set($0.all.map(\.code)) } ?? Set(Channel.allCases.map(\.rawValue))
        f.channels = try (q["channel"] ?? "").split(separator: ",").map(String.init).map { code in
            guard known.contains(code) else { throw HeweiError.invalidField("channel", "no channel '\(code)'; known: \(known.sorted().joined(separator: ", "))") }
            return code
        }
        f.lights = try list(q["light"], "light", Light.self)
        if let code = q["unit"], !code.isEmpty {
            guard let unit = org.unit(code: code) else { throw HeweiError.invalidField("unit", "no unit with code '\(code)'") }
            f.unit = unit.id
        }
        f.from = try date(q["from"], "from")
        f.to = try date(q["to"], "to")
        if let from = f.from, let to = f.to, to < from { throw HeweiError.invalidField("to", "must not be before 'from'") }
        if let code = q["code"], !code.isEmpty { f.code = code }
        if let s = q["sort"], !s.isEmpty {
            guard let sort = Sort(rawValue: s) else {
                throw HeweiError.invalidField("sort", "must be one of: \(Sort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            f.sort = sort
        }
        f.page = try int(q["page"], "page", default: 1, range: 1...1_000_000)
        f.per = try int(q["per"], "per", default: 20, range: 1...maxPer)
        return f
    }

    private static func list<E: RawRepresentable & CaseIterable>(_ v: String?, _ field: String, _: E.Type) throws -> [E] where E.RawValue == String {
        guard let v, !v.isEmpty else { return [] }
        return try v.split(separator: ",").map { try Validate.choice(String($0), field, as: E.self) }
    }

    private static func int(_ v: String?, _ field: String, default d: Int, range: ClosedRange<Int>) throws -> Int {
        try Validate.int(v, field, default: d, range: range)
    }

    /// `YYYY-MM-DD` (start of that day, UTC+8) or a full ISO 8601 time.
    static func date(_ v: String?, _ field: String) throws -> Date? {
        guard let v, !v.isEmpty else { return nil }
        if let d = ISO8601DateFormatter().date(from: v) { return d }
        if let c = CivilDate(v) { return WorkCalendar().startOfDay(c) }
        throw HeweiError.invalidField(field, "must be a date (YYYY-MM-DD) or an ISO 8601 time")
    }
}

enum OrderQueryRepository {
    static func list(_ f: OrderFilter, scope: OrderScope, on db: any Database) async throws -> (items: [WorkOrderModel], total: Int) {
        var q = scope.apply(WorkOrderModel.query(on: db))
        if !f.states.isEmpty { q = q.filter(\.$state ~~ f.states.map(\.rawValue)) }
        if !f.channels.isEmpty { q = q.filter(\.$channel ~~ f.channels) }
        if !f.lights.isEmpty { q = q.filter(\.$light ~~ f.lights.map(\.rawValue)).filter(\.$state != WorkOrderState.closed.rawValue) }
        if let unit = f.unit { q = q.filter(\.$leadUnitID == unit) }
        if let from = f.from { q = q.filter(\.$createdAt >= from) }
        if let to = f.to { q = q.filter(\.$createdAt < to) }
        if let code = f.code { q = q.filter(\.$code, .custom("LIKE"), "%\(code.replacingOccurrences(of: "%", with: ""))%") }
        let total = try await q.copy().count()
        switch f.sort {
        case .newest: q = q.sort(\.$createdAt, .descending).sort(\.$code, .descending)
        case .oldest: q = q.sort(\.$createdAt, .ascending).sort(\.$code, .ascending)
        case .due: q = q.sort(\.$dueAt, .ascending).sort(\.$code, .ascending)
        case .code: q = q.sort(\.$code, .ascending)
        }
        let items = try await q.range((f.page - 1) * f.per ..< f.page * f.per).all()
        return (items, total)
    }

    /// Finds an order by its code or id, within the caller's scope (404 outside it, so that
    /// existence is not disclosed).
    static func find(_ key: String, scope: OrderScope, on db: any Database) async throws -> WorkOrderModel {
        let order: WorkOrderModel?
        if let id = UUID(uuidString: key) {
            order = try await WorkOrderModel.find(id, on: db)
        } else {
            order = try await WorkOrderModel.query(on: db).filter(\.$code == key).first()
        }
        guard let order, try await scope.allows(order, on: db) else { throw HeweiError.notFound("work order '\(key)'") }
        return order
    }
}

extension OrderQueryRepository {
    /// The orders merged under a parent (并单), oldest first.
    static func children(of parentID: UUID, on db: any Database) async throws -> [WorkOrderModel] {
        try await WorkOrderModel.query(on: db).filter(\.$parentID == parentID).sort(\.$createdAt).sort(\.$code).all()
    }
}
