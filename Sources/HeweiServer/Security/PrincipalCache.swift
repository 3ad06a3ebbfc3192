import Foundation
import NIOConcurrencyHelpers

/// Signed-in principals by token hash, for a short while, so that a request does not cost two
/// reads before it starts. An entry never outlives its token; revoking a token forgets it.
public final class PrincipalCache: @unchecked Sendable {
    private struct Entry {
        let principal: Principal
        let until: Date
    }

    private let lock = NIOLock()
    private var entries: [String: Entry] = [:]
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval = 60, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ digest: String, now: Date) -> Principal? {
        lock.withLock {
            guard let e = entries[digest] else { return nil }
            guard e.until > now else {
                entries[digest] = nil
                return nil
            }
            return e.principal
        }
    }

    func put(_ digest: String, _ principal: Principal, tokenExpiresAt: Date, now: Date) {
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = Entry(principal: principal, until: min(tokenExpiresAt, now.addingTimeInterval(lifetime)))
        }
    }

    func forget(_ digest: String) { _ = lock.withLock { entries.removeValue(forKey: digest) } }

    /// After a change to accounts (disable, role change): start afresh.
    func clear() { lock.withLock { entries.removeAll() } }
}
