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
}
