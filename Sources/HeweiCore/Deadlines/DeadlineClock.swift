import Foundation

/// One running clock (sign-for, objection window, handling, follow-up, supervision notice…).
///
/// The clock keeps what the due time is derived from — start, limit, approved extensions and pauses —
/// so that the due time can be recomputed exactly when the calendar or a policy changes.
public struct DeadlineClock: Hashable, Sendable, Codable {
    public struct Pause: Hashable, Sendable, Codable {
        public var from: Date
        public var to: Date?
        public init(from: Date, to: Date? = nil) {
            self.from = from
            self.to = to
        }
    }

    public var startedAt: Date
    public var limit: TimeLimit
    /// Approved extensions; each is measured in the limit's own kind of time.
    public var extensions: [TimeLimit]
    public var pauses: [Pause]

    public init(startedAt: Date, limit: TimeLimit, extensions: [TimeLimit] = [], pauses: [Pause] = []) {
        self.startedAt = startedAt
        self.limit = limit
        self.extensions = extensions
        self.pauses = pauses
    }

    public var isPaused: Bool { pauses.last.map { $0.to == nil } ?? false }

    /// The whole budget in the limit's measure.
    public func budget(on calendar: WorkCalendar) -> Double {
        extensions.reduce(limit.seconds(on: calendar)) { total, ext in
            // An extension given in the other kind of time is converted at face value (hours are hours).
            total + ext.seconds(on: calendar)
        }
    }

    /// The due time; `nil` while the clock is paused.
    public func dueAt(on calendar: WorkCalendar) -> Date? {
        guard let raw = instant(consuming: budget(on: calendar), on: calendar) else { return nil }
        return limit.unit == .statutoryDays ? calendar.statutoryEnd(ofDayContaining: raw) : raw
    }

    /// When the yellow light comes on; `nil` while paused.
    public func warnAt(on calendar: WorkCalendar, rule: WarningRule) -> Date? {
        let total = budget(on: calendar)
        if limit.unit == .statutoryDays {
            // Measured back from the statutory end (which may have moved past a holiday).
            return dueAt(on: calendar).map { $0.addingTimeInterval(-rule.lead(forBudget: total, limit: limit, on: calendar)) }
        }
        return instant(consuming: total - rule.lead(forBudget: total, limit: limit, on: calendar), on: calendar)
    }

    public func light(at now: Date, on calendar: WorkCalendar, rule: WarningRule) -> Light {
        if let due = dueAt(on: calendar), now >= due { return .red }
        if let warn = warnAt(on: calendar, rule: rule), now >= warn { return .yellow }
        if isPaused {
            // A paused clock keeps the light it had when it stopped.
            let at = pauses.last!.from
            var running = self
            running.pauses.removeLast()
            return running.light(at: at, on: calendar, rule: rule)
        }
        return .green
    }

    /// Time used so far, in the limit's measure.
    public func consumed(at now: Date, on calendar: WorkCalendar) -> Double {
        activeSpans(until: now).reduce(0) { $0 + measure(from: $1.0, to: $1.1, on: calendar) }
    }

    /// The instant at which `amount` of active time has been consumed.
    private func instant(consuming amount: Double, on calendar: WorkCalendar) -> Date? {
        var remaining = max(0, amount)
        var from = startedAt
        for pause in pauses {
            let spanEnd = max(from, pause.from)
            let used = measure(from: from, to: spanEnd, on: calendar)
            if used >= remaining { return advance(from, by: remaining, on: calendar) }
            remaining -= used
            guard let resumed = pause.to else { return nil }
            from = max(spanEnd, resumed)
        }
        return advance(from, by: remaining, on: calendar)
    }

    private func activeSpans(until now: Date) -> [(Date, Date)] {
        var spans: [(Date, Date)] = []
        var from = startedAt
        for pause in pauses {
            spans.append((from, min(now, max(from, pause.from))))
            guard let resumed = pause.to else { return spans }
            from = max(from, resumed)
        }
        spans.append((from, max(from, now)))
        return spans
    }

    private func measure(from a: Date, to b: Date, on calendar: WorkCalendar) -> Double {
        limit.isWorking ? calendar.workingSeconds(from: a, to: b) : max(0, b.timeIntervalSince(a))
    }

    private func advance(_ date: Date, by seconds: Double, on calendar: WorkCalendar) -> Date {
        limit.isWorking ? calendar.adding(workingSeconds: seconds, to: date) : date.addingTimeInterval(seconds)
    }
}
