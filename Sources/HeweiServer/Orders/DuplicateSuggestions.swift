import Fluent
import Foundation
import HeweiCore

/// Likely duplicates of an order (并单候选), among the orders the viewer may see: same category,
/// registered within the window, near in place, similar in wording (`DuplicateFinder`).
enum DuplicateSuggestions {
    struct Suggestion: Sendable {
        let order: WorkOrderModel
        let similarity: Double
        let distance: Double?
    }

    static func find(for order: WorkOrderModel, rules: DuplicateFinder.Rules, scope: OrderScope, on db: any Database) async throws -> [Suggestion] {
        let nearby = try await scope.apply(WorkOrderModel.query(on: db))
            .filter(\.$categoryCode == order.categoryCode)
            .filter(\.$createdAt >= order.createdAt.addingTimeInterval(-rules.window))
            .filter(\.$createdAt <= order.createdAt.addingTimeInterval(rules.window))
            .filter(\.$id != order.id!)
            .sort(\.$createdAt, .descending).limit(1000).all()
        let byID = Dictionary(uniqueKeysWithValues: nearby.map { ($0.id!.uuidString, $0) })
        return DuplicateFinder.matches(for: candidate(order), among: nearby.map(candidate), rules: rules).compactMap { m in
            byID[m.id].map { Suggestion(order: $0, similarity: m.similarity, distance: m.distance) }
        }
    }

    static func candidate(_ o: WorkOrderModel) -> DuplicateFinder.Candidate {
        .init(id: o.id!.uuidString, categoryCode: o.categoryCode, createdAt: o.createdAt, longitude: o.longitude, latitude: o.latitude,
              cell: o.cellMicro, content: o.content)
    }
}
