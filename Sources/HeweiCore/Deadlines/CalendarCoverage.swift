import Foundation

/// Whether the working calendar knows the holidays it will need. The State Council announces each
/// year's days off (放假安排) in the autumn before; until a year's are loaded, clocks running into it
/// count only weekends as days off. Petition and mediation clocks run 30–90 days, so from October
/// on the next year matters too.
public struct CalendarCoverage: Sendable, Equatable {
    /// Years that should be loaded by now and have no weekday day off.
    public var missingYears: [Int]

    /// From this month on, the next year's holidays are expected.
    public static let nextYearFromMonth = 10

    public init(calendar: WorkCalendar, today: CivilDate) {
        var expected = [today.year]
        if today.month >= Self.nextYearFromMonth { expected.append(today.year + 1) }
        missingYears = expected.filter { year in
            !calendar.exceptions(inYear: year).contains { if case .off = $0.kind { return true } else { return false } }
        }
    }

    public var isComplete: Bool { missingYears.isEmpty }

    /// One line per missing year, for the health check, the log and the command line.
    public var warnings: [String] {
        missingYears.map { year in
            "calendar: no holidays are loaded for \(year); clocks running into \(year) count only weekends as days off "
                + "(add calendar/\(year).yaml or POST /api/v1/calendar/days)"
        }
    }
}
