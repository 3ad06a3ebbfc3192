import Foundation
import Testing
@testable import HeweiCore

/// Local time helper: instants in the calendar's zone (UTC+8).
func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
    let day = CivilDate(year: y, month: m, day: d)!.dayNumber
    return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + min * 60 - 8 * 3600))
}

let nationalDay2025: [WorkCalendar.SpecialDay] = (1...8).map {
    .init(date: CivilDate(year: 2025, month: 10, day: $0)!, kind: .off(name: "国庆节、中秋节"))
} + [
    .init(date: CivilDate("2025-09-28")!, kind: .work(name: "调休")),
    .init(date: CivilDate("2025-10-11")!, kind: .work(name: "调休")),
]

@Suite struct CivilDateTests {
    @Test func roundTripsDayNumbers() {
        for n in stride(from: -1000, to: 30000, by: 37) {
            let d = CivilDate(dayNumber: n)
            #expect(d.dayNumber == n)
        }
        #expect(CivilDate("1970-01-01")!.dayNumber == 0)
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2025-02-29") == nil)
        #expect(CivilDate("2025-13-01") == nil)
        #expect(CivilDate("2025-1-01") == nil)
    }

    @Test func weekdays() {
        #expect(CivilDate("2026-11-27")!.weekday == 5) // a Friday
        #expect(CivilDate("2026-11-29")!.weekday == 0) // a Sunday
    }
}

@Suite struct WorkCalendarTests {
    let calendar = WorkCalendar(special: nationalDay2025)

    @Test func weekendsHolidaysAndMakeUpDays() {
        #expect(calendar.isWorkingDay(CivilDate("2025-09-26")!))   // Friday
        #expect(!calendar.isWorkingDay(CivilDate("2025-09-27")!))  // Saturday
        #expect(calendar.isWorkingDay(CivilDate("2025-09-28")!))   // Sunday, make-up day
        #expect(!calendar.isWorkingDay(CivilDate("2025-10-08")!))  // Wednesday, holiday
        #expect(calendar.isWorkingDay(CivilDate("2025-10-11")!))   // Saturday, make-up day
    }

    @Test func fiveWorkingDaysAcrossNationalDay() {
        // Accepted Tuesday 30 September 10:00. Working days after: (30 Sep rest of day), 9, 10, 11, 13, 14 October.
        let start = local(2025, 9, 30, 10)
        let due = calendar.adding(workingSeconds: 5 * 86_400, to: start)
        #expect(due == local(2025, 10, 14, 10))
        #expect(calendar.workingSeconds(from: start, to: due) == 5 * 86_400)
    }

    @Test func officeHoursOnly() {
        // 08:30–12:00 and 13:30–17:30: 7.5 working hours a day.
        let office = WorkCalendar(special: [], officeHours: [30600..<43200, 48600..<63000])
        #expect(office.workingSecondsPerDay == 27_000)
        // Friday 16:00 + 8 working hours: 1.5 h on Friday, 3.5 h on Monday morning, 3 h from 13:30.
        let due = office.adding(workingSeconds: 8 * 3600, to: local(2026, 11, 27, 16))
        #expect(due == local(2026, 11, 30, 16, 30))
        // Starting outside office hours counts from the next opening.
        #expect(office.adding(workingSeconds: 3600, to: local(2026, 11, 28, 12)) == local(2026, 11, 30, 9, 30))
    }

    @Test func exceptionsListOnlyDatesThatDifferFromMondayToFriday() {
        let list = calendar.exceptions(inYear: 2025).map { "\($0.date)" }
        // 4 and 5 October are a weekend anyway; the make-up Sunday and Saturday are listed.
        #expect(list == ["2025-09-28", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06",
                         "2025-10-07", "2025-10-08", "2025-10-11"])
    }

    @Test func zeroAndNegativeDurationsDoNotMove() {
        let t = local(2025, 10, 3, 9)
        #expect(calendar.adding(workingSeconds: 0, to: t) == t)
        #expect(calendar.workingSeconds(from: t, to: t.addingTimeInterval(-10)) == 0)
    }
}

@Suite struct CalendarCoverageTests {
    let calendar = WorkCalendar(special: nationalDay2025)

    @Test func thisYearIsExpectedAlwaysAndNextYearFromOctober() {
        #expect(CalendarCoverage(calendar: calendar, today: CivilDate("2025-06-01")!).isComplete)
        #expect(CalendarCoverage(calendar: calendar, today: CivilDate("2025-09-30")!).isComplete)
        #expect(CalendarCoverage(calendar: calendar, today: CivilDate("2025-10-01")!).missingYears == [2026])
        #expect(CalendarCoverage(calendar: calendar, today: CivilDate("2026-01-05")!).missingYears == [2026])
        #expect(CalendarCoverage(calendar: WorkCalendar(), today: CivilDate("2025-12-31")!).missingYears == [2025, 2026])
    }

    @Test func onlyAWeekdayOffCountsAsLoaded() {
        // A make-up working day alone (or a holiday falling on a Sunday) is not the year's notice.
        let makeUpOnly = calendar.setting([.init(date: CivilDate("2026-01-04")!, kind: .work(name: "调休"))])
        #expect(CalendarCoverage(calendar: makeUpOnly, today: CivilDate("2025-11-28")!).missingYears == [2026])
        let loaded = calendar.setting([.init(date: CivilDate("2026-01-01")!, kind: .off(name: "元旦"))])
        let coverage = CalendarCoverage(calendar: loaded, today: CivilDate("2025-11-28")!)
        #expect(coverage.isComplete && coverage.warnings.isEmpty)
        let missing = CalendarCoverage(calendar: calendar, today: CivilDate("2025-11-28")!)
        #expect(missing.warnings == ["calendar: no holidays are loaded for 2026; clocks running into 2026 count only weekends as days off (add calendar/2026.yaml or POST /api/v1/calendar/days)"])
    }
}
