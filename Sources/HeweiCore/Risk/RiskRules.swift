import Foundation

/// The configurable rules of risk early warning (`risk.yaml`): the extreme-risk words and the
/// numbers of the periodic rules. Every field is checked by `validate()` before it is used.
public struct RiskRules: Sendable, Codable, Equatable {
    public struct Word: Sendable, Codable, Equatable {
        public var text: String
        /// `selfHarm`, `violence`, `gathering`, `wageArrears`, or a local kind.
        public var kind: String
        public init(text: String, kind: String) { self.text = text; self.kind = kind }
    }

    public struct Spike: Sendable, Codable, Equatable {
        /// Length of the window in days (the last window is compared with the ones before it).
        public var windowDays: Int
        /// How many earlier windows make the baseline.
        public var baselineWindows: Int
        public var falseAlarmRate: Double
        public var minimumCount: Int
        public init(windowDays: Int, baselineWindows: Int, falseAlarmRate: Double, minimumCount: Int) {
            self.windowDays = windowDays; self.baselineWindows = baselineWindows
            self.falseAlarmRate = falseAlarmRate; self.minimumCount = minimumCount
        }
    }

    public struct RepeatCaller: Sendable, Codable, Equatable {
        /// At least this many orders from the same phone…
        public var times: Int
        /// …within this many days.
        public var days: Int
        public init(times: Int, days: Int) { self.times = times; self.days = days }
    }

    public struct Escalation: Sendable, Codable, Equatable {
        /// A new order within this many days of an unsatisfied follow-up.
        public var days: Int
        public init(days: Int) { self.days = days }
    }

    public struct OverdueRising: Sendable, Codable, Equatable {
        /// This week's overdue count must reach this and exceed last week's.
        public var threshold: Int
        public init(threshold: Int) { self.threshold = threshold }
    }

    public var words: [Word]
    public var spike: Spike
    public var repeatCaller: RepeatCaller
    public var escalation: Escalation
    public var overdueRising: OverdueRising
    /// The periodic rules run at most once per this many minutes (per instance).
    public var sweepEveryMinutes: Int

    public init(words: [Word], spike: Spike, repeatCaller: RepeatCaller, escalation: Escalation,
                overdueRising: OverdueRising, sweepEveryMinutes: Int) {
        self.words = words; self.spike = spike; self.repeatCaller = repeatCaller
        self.escalation = escalation; self.overdueRising = overdueRising; self.sweepEveryMinutes = sweepEveryMinutes
    }

    public var riskWords: RiskWords { RiskWords(terms: words.map { .init($0.text, kind: $0.kind) }) }
    public var detector: SpikeDetector { SpikeDetector(falseAlarmRate: spike.falseAlarmRate, minimumCount: spike.minimumCount) }

    /// The first problem as (field, reason), or nil when the rules are usable.
    public func problem() -> (field: String, reason: String)? {
        if words.isEmpty { return ("words", "at least one word is required") }
        var seen: Set<String> = []
        for (i, w) in words.enumerated() {
            let text = w.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.count > 20 { return ("words[\(i)].text", "must be 1–20 characters") }
            if w.kind.isEmpty || w.kind.count > 40 || !w.kind.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                return ("words[\(i)].kind", "must be 1–40 ASCII letters or digits")
            }
            if !seen.insert(text.lowercased()).inserted { return ("words[\(i)].text", "'\(text)' is listed twice") }
        }
        if !(1...90).contains(spike.windowDays) { return ("spike.windowDays", "must be 1–90") }
        if !(1...52).contains(spike.baselineWindows) { return ("spike.baselineWindows", "must be 1–52") }
        if !(spike.falseAlarmRate > 0 && spike.falseAlarmRate < 0.5) { return ("spike.falseAlarmRate", "must be above 0 and below 0.5") }
        if !(1...100_000).contains(spike.minimumCount) { return ("spike.minimumCount", "must be 1–100000") }
        if !(2...1000).contains(repeatCaller.times) { return ("repeatCaller.times", "must be 2–1000") }
        if !(1...365).contains(repeatCaller.days) { return ("repeatCaller.days", "must be 1–365") }
        if !(1...365).contains(escalation.days) { return ("escalation.days", "must be 1–365") }
        if !(1...100_000).contains(overdueRising.threshold) { return ("overdueRising.threshold", "must be 1–100000") }
        if !(1...1440).contains(sweepEveryMinutes) { return ("sweepEveryMinutes", "must be 1–1440") }
        return nil
    }
}
