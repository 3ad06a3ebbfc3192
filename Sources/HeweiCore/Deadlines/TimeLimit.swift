import Foundation

/// A time limit such as "8 hours", "5 working days" or "2 working hours".
///
/// Natural units (minutes, hours, days) run on the wall clock; working units run only inside
/// working time on the ``WorkCalendar``. Written in data files as `"<amount> <unit>"`.
public struct TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable, Codable {
        case minutes
        case hours
        case days
        case workingHours = "working hours"
        case workingDays = "working days"
        /// Days as statutes count them (民法典 arts. 201–203): the starting day is not counted, the
        /// period ends at 24:00 of its last day, and a last day that is not a working day (weekend or
        /// holiday) moves to the end of the next working day. Used for petition and mediation clocks.
        case statutoryDays = "statutory days"

        public var isWorking: Bool { self == .workingHours || self == .workingDays }
    }

    public var amount: Int
    public var unit: Unit

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public static func minutes(_ n: Int) -> TimeLimit { .init(n, .minutes) }
    public static func hours(_ n: Int) -> TimeLimit { .init(n, .hours) }
    public static func days(_ n: Int) -> TimeLimit { .init(n, .days) }
    public static func workingHours(_ n: Int) -> TimeLimit { .init(n, .workingHours) }
    public static func workingDays(_ n: Int) -> TimeLimit { .init(n, .workingDays) }
    public static func statutoryDays(_ n: Int) -> TimeLimit { .init(n, .statutoryDays) }

    public var isWorking: Bool { unit.isWorking }

    /// The length in seconds of the limit's own measure (wall-clock or working seconds).
    public func seconds(on calendar: WorkCalendar) -> Double {
        switch unit {
        case .minutes: return Double(amount) * 60
        case .hours, .workingHours: return Double(amount) * 3600
        case .days, .statutoryDays: return Double(amount) * 86_400
        case .workingDays: return Double(amount) * Double(calendar.workingSecondsPerDay)
        }
    }

    /// No time limit is longer than this many days (in any unit, counting a working day or hour
    /// as a whole one): a larger number is a typing error, and would overflow the clock arithmetic.
    public static let maximumDays = 3_660

    /// Parses "8 hours", "5 working days", "1 working day", "30 minutes"; nil for anything else,
    /// or for more than `maximumDays`.
    public init?(parsing text: String) {
        let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, words[0].count <= 9, let n = Int(words[0]), n >= 0 else { return nil }
        var unitText = words[1].lowercased().trimmingCharacters(in: .whitespaces)
        if n == 1 && !unitText.hasSuffix("s") { unitText += "s" }
        guard let unit = Unit(rawValue: unitText) else { return nil }
        let perDay: Int
        switch unit {
        case .minutes: perDay = 1_440
        case .hours, .workingHours: perDay = 24
        case .days, .workingDays, .statutoryDays: perDay = 1
        }
        guard n <= Self.maximumDays * perDay else { return nil }
        self.init(n, unit)
    }

    public var description: String {
        let name = unit.rawValue
        return amount == 1 ? "1 \(name.dropLast())" : "\(amount) \(name)"
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = TimeLimit(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a time limit such as '8 hours' or '5 working days' (at most \(TimeLimit.maximumDays) days)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
