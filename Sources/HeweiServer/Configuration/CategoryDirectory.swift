import Fluent
import Foundation
import NIOConcurrencyHelpers

/// The category tree in memory (a few hundred rows that change rarely), so that intake does not
/// read it per request. The cached models are never mutated; reload after a change.
public final class CategoryDirectory: @unchecked Sendable {
    private let lock = NIOLock()
    private var byCode: [String: CategoryModel] = [:]

    init() {}

    func reload(from db: any Database) async throws {
        let all = try await CategoryModel.query(on: db).all()
        lock.withLock { byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) }) }
    }

    func category(_ code: String) -> CategoryModel? { lock.withLock { byCode[code] } }

    var isEmpty: Bool { lock.withLock { byCode.isEmpty } }
}
