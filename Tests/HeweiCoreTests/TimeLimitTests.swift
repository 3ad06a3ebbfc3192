import Foundation
import Testing
@testable import HeweiCore

@Suite struct TimeLimitTests {
    @Test func parsesAndPrints() {
        #expect(TimeLimit(parsing: "8 hours") == .hours(8))
        #expect(TimeLimit(parsing: "5 working days") == .workingDays(5))
        #expect(TimeLimit(parsing: "1 working day") == .workingDays(1))
        #expect(TimeLimit(parsing: "30 minutes") == .minutes(30))
        #expect(TimeLimit(parsing: "five days") == nil)
        #expect(TimeLimit(parsing: "5 fortnights") == nil)
        #expect(TimeLimit(parsing: "-1 hours") == nil)
        // at most ten years in any unit; schemathesis once sent "42698056606933 days", which overflowed the clock
        #expect(TimeLimit(parsing: "3660 days") == .days(3660))
        #expect(TimeLimit(parsing: "3661 days") == nil)
        #expect(TimeLimit(parsing: "87840 working hours") != nil && TimeLimit(parsing: "87841 working hours") == nil)
        #expect(TimeLimit(parsing: "42698056606933 days") == nil)
        #expect(TimeLimit(parsing: "227781990 hours") == nil)
        #expect(TimeLimit.workingDays(1).description == "1 working day")
        #expect(TimeLimit.hours(24).description == "24 hours")
    }

    @Test func decodesFromJSONStrings() throws {
        let policy = try JSONDecoder().decode(TimeLimitPolicy.self, from: JSONEncoder().encode(TimeLimitPolicy.standard))
        #expect(policy == .standard)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TimeLimit].self, from: Data(#"["soon"]"#.utf8))
        }
    }
}

@Suite struct DeadlineClockTests {
    let calendar = WorkCalendar(special: nationalDay2025)
    let rule = WarningRule(before: .workingDays(1), fraction: 0.25)

    @Test func naturalHoursIgnoreTheCalendar() {
        let clock = DeadlineClock(startedAt: local(2025, 10, 1, 20), limit: .hours(8))
        #expect(clock.dueAt(on: calendar) == local(2025, 10, 2, 4))
        // Yellow 25% of 8 h (2 h) before the deadline, since a working day is the other kind of time.
        #expect(clock.warnAt(on: calendar, rule: rule) == local(2025, 10, 2, 2))
    }

    @Test func lightsGoGreenYellowRed() {
        let clock = DeadlineClock(startedAt: local(2025, 9, 30, 10), limit: .workingDays(5))
        #expect(clock.light(at: local(2025, 10, 9, 9), on: calendar, rule: rule) == .green)
        #expect(clock.warnAt(on: calendar, rule: rule) == local(2025, 10, 13, 10))
        #expect(clock.light(at: local(2025, 10, 13, 10), on: calendar, rule: rule) == .yellow)
        #expect(clock.light(at: local(2025, 10, 14, 10), on: calendar, rule: rule) == .red)
    }

    @Test func suspendedTimeDoesNotCount() {
        var clock = DeadlineClock(startedAt: local(2025, 9, 22, 9), limit: .workingDays(5)) // Monday
        #expect(clock.dueAt(on: calendar) == local(2025, 9, 28, 9)) // make-up Sunday is a working day
        // Suspended from Tuesday 9:00 to Thursday 9:00: two working days do not count.
        clock.pauses = [.init(from: local(2025, 9, 23, 9))]
        #expect(clock.dueAt(on: calendar) == nil)
        #expect(clock.isPaused)
        clock.pauses[0].to = local(2025, 9, 25, 9)
        // 1 day used before the pause; 4 left from Thu 25 Sep 9:00: 26, 28, 29, 30 Sep → 30 Sep 9:00.
        #expect(clock.dueAt(on: calendar) == local(2025, 9, 30, 9))
        #expect(clock.consumed(at: local(2025, 9, 26, 9), on: calendar) == 2 * 86_400)
    }

    @Test func extensionsAddToTheBudget() {
        var clock = DeadlineClock(startedAt: local(2025, 9, 22, 9), limit: .workingDays(5))
        clock.extensions = [.workingDays(3)]
        // 8 working days from Mon 22 Sep: 23, 24, 25, 26, 28, 29, 30 Sep, 9 Oct.
        #expect(clock.dueAt(on: calendar) == local(2025, 10, 9, 9))
    }

    @Test func recomputesWhenTheCalendarChanges() {
        let clock = DeadlineClock(startedAt: local(2025, 9, 22, 9), limit: .workingDays(5))
        let plain = WorkCalendar()
        #expect(clock.dueAt(on: plain) == local(2025, 9, 29, 9))
        let withDayOff = plain.setting([.init(date: CivilDate("2025-09-24")!, kind: .off(name: "local"))])
        #expect(clock.dueAt(on: withDayOff) == local(2025, 9, 30, 9))
    }
}
