import Foundation

/// The working calendar: Monday–Friday are working days, except the statutory days off, plus the
/// make-up working days (调休) announced each year. Clocks measured in working time only advance on
/// working days, inside the office hours (by default the whole day).
public struct WorkCalendar: Sendable, Equatable {
    public enum DayKind: Sendable, Equatable, Hashable {
        case off(name: String)
        case work(name: String)
    }

    public struct SpecialDay: Sendable, Equatable, Hashable {
        public var date: CivilDate
        public var kind: DayKind
        public init(date: CivilDate, kind: DayKind) {
            self.date = date
            self.kind = kind
        }
    }

    /// Seconds east of UTC of the deployment's local time (China: +8 h, no daylight saving).
    public let utcOffset: Int
    /// Working periods inside a working day, as second-of-day ranges, sorted and disjoint.
    public let officeHours: [Range<Int>]
    private let special: [Int: DayKind]

    public static let secondsPerDay = 86_400

    public init(special days: [SpecialDay] = [], utcOffset: Int = 8 * 3600, officeHours: [Range<Int>] = [0..<86_400]) {
        var map: [Int: DayKind] = [:]
        for d in days { map[d.date.dayNumber] = d.kind }
        self.special = map
        self.utcOffset = utcOffset
        let hours = officeHours.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        self.officeHours = hours.isEmpty ? [0..<WorkCalendar.secondsPerDay] : hours
    }

    /// Working seconds in one working day (24 h by default; 8 h for 08:30–12:00 + 13:30–18:00).
    public var workingSecondsPerDay: Int { officeHours.reduce(0) { $0 + $1.count } }

    public var specialDays: [SpecialDay] {
        special.map { SpecialDay(date: CivilDate(dayNumber: $0.key), kind: $0.value) }.sorted { $0.date < $1.date }
    }

    public func kind(of date: CivilDate) -> DayKind? { special[date.dayNumber] }

    public func isWorkingDay(_ date: CivilDate) -> Bool { isWorkingDay(dayNumber: date.dayNumber) }

    public func isWorkingDay(dayNumber n: Int) -> Bool {
        switch special[n] {
        case .off?: return false
        case .work?: return true
        case nil:
            let wd = CivilDate.weekday(ofDayNumber: n)
            return wd >= 1 && wd <= 5
        }
    }

    /// The local civil date of an instant.
    public func civilDate(of instant: Date) -> CivilDate { CivilDate(dayNumber: split(instant).day) }

    /// 24:00 of the day that contains `instant`, or of the first working day after it when that day
    /// is a weekend or holiday (the statutory rule for the last day of a period).
    public func statutoryEnd(ofDayContaining instant: Date) -> Date {
        var day = civilDate(of: instant).dayNumber
        var guardDays = 0
        while !isWorkingDay(dayNumber: day) && guardDays < 366 {
            day += 1
            guardDays += 1
        }
        return startOfDay(CivilDate(dayNumber: day + 1))
    }

    /// The instant at which a local day starts.
    public func startOfDay(_ date: CivilDate) -> Date { instant(day: date.dayNumber, second: 0) }

    /// The instant reached after `seconds` of working time, starting at `start`.
    public func adding(workingSeconds seconds: Double, to start: Date) -> Date {
        var remaining = max(0, seconds)
        var (day, second) = split(start)
        if remaining == 0 { return start }
        // Bounded: a calendar with no working day for ten years is a configuration error, not a deadline.
        for _ in 0..<3660 {
            if isWorkingDay(dayNumber: day) {
                for period in officeHours where Double(period.upperBound) > second {
                    let from = max(second, Double(period.lowerBound))
                    let available = Double(period.upperBound) - from
                    if remaining <= available { return instant(day: day, second: from + remaining) }
                    remaining -= available
                }
            }
            day += 1
            second = 0
        }
        return .distantFuture
    }

    /// Working seconds between two instants (0 when `end` is not after `start`).
    public func workingSeconds(from start: Date, to end: Date) -> Double {
        guard end > start else { return 0 }
        let (d0, s0) = split(start)
        let (d1, s1) = split(end)
        var total = 0.0
        var day = d0
        while day <= d1 {
            if isWorkingDay(dayNumber: day) {
                let lo = day == d0 ? s0 : 0
                let hi = day == d1 ? s1 : Double(WorkCalendar.secondsPerDay)
                for period in officeHours {
                    let a = max(lo, Double(period.lowerBound)), b = min(hi, Double(period.upperBound))
                    if b > a { total += b - a }
                }
            }
            day += 1
        }
        return total
    }

    /// Dates of `year` that differ from the plain Monday–Friday rule, sorted.
    public func exceptions(inYear year: Int) -> [SpecialDay] {
        specialDays.filter { d in
            guard d.date.year == year else { return false }
            let weekday = d.date.weekday >= 1 && d.date.weekday <= 5
            switch d.kind {
            case .off: return weekday
            case .work: return !weekday
            }
        }
    }

    /// A copy with some special days set (replacing any earlier entry for the same date).
    public func setting(_ days: [SpecialDay]) -> WorkCalendar {
        var all = special
        for d in days { all[d.date.dayNumber] = d.kind }
        return WorkCalendar(special: all.map { SpecialDay(date: CivilDate(dayNumber: $0.key), kind: $0.value) },
                            utcOffset: utcOffset, officeHours: officeHours)
    }

    private func split(_ instant: Date) -> (day: Int, second: Double) {
        let local = instant.timeIntervalSince1970 + Double(utcOffset)
        let day = Int((local / Double(WorkCalendar.secondsPerDay)).rounded(.down))
        return (day, local - Double(day) * Double(WorkCalendar.secondsPerDay))
    }

    private func instant(day: Int, second: Double) -> Date {
        Date(timeIntervalSince1970: Double(day) * Double(WorkCalendar.secondsPerDay) + second - Double(utcOffset))
    }
}
