import HeweiCore
import Vapor

/// The text form of the working calendar, one exception a line (for `hewei calendar show`).
public enum CalendarListing {
    public static func lines(app: Application, year: Int) -> [String] {
        app.hewei.rules.current.calendar.exceptions(inYear: year).map { day in
            switch day.kind {
            case let .off(name): return "\(day.date) off \(name)"
            case .work: return "\(day.date) work 调休"
            }
        }
    }

    /// Whether the years needed as of `today` (default: today in the calendar's zone) have holidays loaded.
    public static func coverage(app: Application, today: CivilDate?) -> CalendarCoverage {
        let calendar = app.hewei.rules.current.calendar
        return CalendarCoverage(calendar: calendar, today: today ?? calendar.civilDate(of: app.hewei.clock.now()))
    }
}
