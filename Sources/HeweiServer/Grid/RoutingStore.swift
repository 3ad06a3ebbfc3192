import Fluent
import Foundation
import HeweiCore
import NIOConcurrencyHelpers

/// The active routing rules in memory, in order; reloaded after every change through the admin API.
public final class RoutingStore: @unchecked Sendable {
    private let lock = NIOLock()
    private var rules: [RoutingRule] = []

    init() {}

    public var current: [RoutingRule] { lock.withLock { rules } }

    func reload(from db: any Database, org: OrgDirectory) async throws {
        let rows = try await RoutingRuleModel.query(on: db).filter(\.$active == true).sort(\.$position).sort(\.$updatedAt).all()
        let loaded = rows.compactMap { row -> RoutingRule? in
            guard let unit = org.unit(row.unitID) else { return nil }
            let pool = row.poolUnits.map { $0.split(separator: ",").map(String.init) }.flatMap { $0.count >= 2 ? $0 : nil }
            return RoutingRule(id: row.id!.uuidString, categoryCode: row.categoryCode, areaCode: row.areaCode, unitCode: unit.code,
                               poolUnits: pool)
        }
        lock.withLock { rules = loaded }
    }
}
