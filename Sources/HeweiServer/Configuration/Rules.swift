import Foundation
import HeweiCore
import NIOConcurrencyHelpers

/// The local rules in force: county code, working calendar and time limits. Loaded from the database
/// at start-up (seeded from the deployment files on first run) and swapped when an admin changes them.
public struct Rules: Sendable, Equatable {
    public var county: String
    public var countyName: String
    public var calendar: WorkCalendar
    public var policy: TimeLimitPolicy
}

public final class RulesStore: @unchecked Sendable {
    private let lock = NIOLock()
    private var rules: Rules

    init(_ rules: Rules) { self.rules = rules }

    public var current: Rules { lock.withLock { rules } }

    func replace(_ new: Rules) { lock.withLock { rules = new } }
}
