import Foundation
import Testing
@testable import HeweiCore

/// Periods counted in days as statutes count them (民法典 arts. 201–203), used by petition and
/// mediation clocks: the first day is not counted, the period ends at 24:00 of its last day, and a
/// last day that is a weekend or holiday moves to the end of the next working day.
@Suite struct StatutoryDaysTests {
    let calendar = WorkCalendar(special: nationalDay2025)

    func due(_ start: Date, _ limit: TimeLimit, extensions: [TimeLimit] = []) -> Date? {
        DeadlineClock(startedAt: start, limit: limit, extensions: extensions).dueAt(on: calendar)
    }

    @Test func parsesAndPrints() {
        #expect(TimeLimit(parsing: "15 statutory days") == .statutoryDays(15))
        #expect(TimeLimit(parsing: "1 statutory day") == .statutoryDays(1))
        #expect(TimeLimit.statutoryDays(60).description == "60 statutory days")
        #expect(!TimeLimit.statutoryDays(60).isWorking)
    }

    @Test func anOrdinaryLastDayEndsAtMidnight() {
        // Registered Wednesday 3 September 2025, 10:00: days counted from the 4th; the 15th is Thursday 18 September.
        #expect(due(local(2025, 9, 3, 10), .statutoryDays(15)) == local(2025, 9, 19))
        // The time of day on the first day does not matter.
        #expect(due(local(2025, 9, 3, 23, 59), .statutoryDays(15)) == local(2025, 9, 19))
    }

    @Test func aWeekendLastDayMovesToTheNextWorkingDay() {
        // From Thursday 4 September: the 15th day is Friday 19th; from Friday 5th it is Saturday 20th → Monday 22nd.
        #expect(due(local(2025, 9, 4, 9), .statutoryDays(15)) == local(2025, 9, 20))
        #expect(due(local(2025, 9, 5, 9), .statutoryDays(15)) == local(2025, 9, 23))
    }

    @Test func aMakeUpWorkingDayIsAWorkingDay() {
        // The 15th day is Sunday 28 September 2025, a make-up working day (调休): it stays.
        #expect(due(local(2025, 9, 13, 9), .statutoryDays(15)) == local(2025, 9, 29))
    }

    @Test func sixtyPlusThirtyDaysAcrossNationalDay() {
        // Accepted Thursday 3 July 2025: 60 days end on Monday 1 September; with the 30-day extension
        // the 90th day is Wednesday 1 October, a holiday (1–8 October) → the end of Thursday 9 October.
        let start = local(2025, 7, 3, 15, 30)
        #expect(due(start, .statutoryDays(60)) == local(2025, 9, 2))
        #expect(due(start, .statutoryDays(60), extensions: [.statutoryDays(30)]) == local(2025, 10, 10))
    }

    @Test func yellowComesBeforeTheMovedEnd() {
        let clock = DeadlineClock(startedAt: local(2025, 9, 16, 9), limit: .statutoryDays(15))
        let due = clock.dueAt(on: calendar)!
        #expect(due == local(2025, 10, 10))  // day 15 is 1 October → 9 October
        let warn = clock.warnAt(on: calendar, rule: WarningRule())!
        #expect(warn < due && warn > local(2025, 9, 16, 9))
        #expect(clock.light(at: local(2025, 10, 9, 12), on: calendar, rule: WarningRule()) == .yellow)
        #expect(clock.light(at: local(2025, 10, 10), on: calendar, rule: WarningRule()) == .red)
    }
}
