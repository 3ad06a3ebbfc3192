import Fluent
import Foundation
import NIOConcurrencyHelpers

/// An in-memory copy of the (small) unit tree, for scopes and names without a query per row.
public final class OrgDirectory: @unchecked Sendable {
    public struct Unit: Sendable, Equatable {
        public let id: UUID
        public let code: String
        public let name: String
        public let nameEn: String
        public let kind: String
        public let level: String
        public let parentID: UUID?
    }

    private let lock = NIOLock()
    private var byID: [UUID: Unit] = [:]
    private var byCode: [String: Unit] = [:]
    private var children: [UUID: [UUID]] = [:]

    init() {}

    func reload(from db: any Database) async throws {
        let units = try await UnitModel.query(on: db).all().map {
            Unit(id: $0.id!, code: $0.code, name: $0.name, nameEn: $0.nameEn, kind: $0.kind, level: $0.level, parentID: $0.parentID)
        }
        lock.withLock {
            byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
            byCode = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
            children = Dictionary(grouping: units.filter { $0.parentID != nil }, by: { $0.parentID! }).mapValues { $0.map(\.id) }
        }
    }

    public func unit(_ id: UUID?) -> Unit? { id.flatMap { id in lock.withLock { byID[id] } } }

    public func unit(code: String) -> Unit? { lock.withLock { byCode[code] } }

    public var all: [Unit] { lock.withLock { Array(byID.values) }.sorted { $0.code < $1.code } }

    /// The unit and everything below it.
    public func subtree(of id: UUID) -> Set<UUID> {
        lock.withLock {
            var result: Set<UUID> = [id]
            var stack = [id]
            while let next = stack.popLast() {
                for child in children[next] ?? [] where result.insert(child).inserted { stack.append(child) }
            }
            return result
        }
    }

    /// The centre that supervises a unit: the unit itself if it is a centre (village room, town or
    /// city centre), otherwise the nearest centre above it (a department's is the city centre).
    public func centre(of id: UUID?) -> Unit? {
        var next = unit(id)
        while let u = next {
            if u.kind == "centre" { return u }
            next = unit(u.parentID)
        }
        return nil
    }

    /// The centre one level up from a unit's own centre (village room → town centre → city centre); nil at the top.
    public func centreAbove(_ id: UUID?) -> Unit? {
        guard let own = centre(of: id) else { return nil }
        return centre(of: own.parentID)
    }
}
