import Foundation
import NIOConcurrencyHelpers

/// The source of "now". Production uses the system clock; tests move a ``ManualClock`` instead of sleeping.
public protocol HeweiClock: Sendable {
    func now() -> Date
}

public struct SystemClock: HeweiClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to.
public final class ManualClock: HeweiClock, @unchecked Sendable {
    private let lock = NIOLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func set(_ date: Date) { lock.withLock { current = date } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
