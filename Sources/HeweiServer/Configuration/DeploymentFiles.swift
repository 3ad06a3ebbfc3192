import Foundation
import HeweiCore
import Yams

/// The deployment's local rules as files: `policy.yaml` and `calendar/YYYY.yaml`.
///
/// Built-in defaults ship in the bundle (Qufu's); a county points `--config DIR` at its own copies.
public struct DeploymentFiles: Sendable {
    public struct Policy: Codable, Sendable, Equatable {
        public var county: String
        public var countyName: String
        public var timeLimits: TimeLimitPolicy
    }

    public struct CalendarFile: Codable, Sendable {
        public struct Day: Codable, Sendable {
            public var date: String
            public var kind: String
            public var name: String
        }
        public var year: Int
        public var days: [Day]
    }

    public var policy: Policy
    public var calendarDays: [WorkCalendar.SpecialDay]

    public static func load(configDirectory: String?) throws -> DeploymentFiles {
        let base = try configDirectory.map { URL(fileURLWithPath: $0) } ?? defaultsDirectory()
        let policyData = try Data(contentsOf: base.appendingPathComponent("policy.yaml"))
        let policy = try YAMLDecoder().decode(Policy.self, from: policyData)
        let calendarDir = base.appendingPathComponent("calendar")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: calendarDir.path)) ?? []
        var days: [WorkCalendar.SpecialDay] = []
        for name in files.sorted() where name.hasSuffix(".yaml") {
            let data = try Data(contentsOf: calendarDir.appendingPathComponent(name))
            let file = try YAMLDecoder().decode(CalendarFile.self, from: data)
            days += try file.days.map { try parse($0, in: name) }
        }
        return DeploymentFiles(policy: policy, calendarDays: days)
    }

    public static func defaultsDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Defaults", withExtension: nil) else {
            throw HeweiError.internalFailure("built-in defaults are missing from the bundle")
        }
        return url
    }

    static func parse(_ day: CalendarFile.Day, in file: String) throws -> WorkCalendar.SpecialDay {
        guard let date = CivilDate(day.date) else {
            throw HeweiError.invalidField("date", "\(file): '\(day.date)' is not a date (YYYY-MM-DD)")
        }
        switch day.kind {
        case "off": return .init(date: date, kind: .off(name: day.name))
        case "work": return .init(date: date, kind: .work(name: day.name))
        default: throw HeweiError.invalidField("kind", "\(file): '\(day.kind)' must be 'off' or 'work'")
        }
    }
}
