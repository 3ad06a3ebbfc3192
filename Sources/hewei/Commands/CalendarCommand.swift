import ArgumentParser
import HeweiCore
import HeweiServer

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "The working calendar.",
                                                    subcommands: [Show.self, Check.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every date of a year that differs from the Monday–Friday rule: 'YYYY-MM-DD off NAME' or 'YYYY-MM-DD work 调休'.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The year.") var year: Int

        func run() async throws {
            let lines = try await AppRunner.withApp(storage) { app in CalendarListing.lines(app: app, year: year) }
            for line in lines { print(line) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that this year's holidays are loaded (and from October the next year's); exits 1 with one line per missing year, for monitoring.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The day to check as (YYYY-MM-DD); default today in the calendar's time zone.") var today: String?

        func run() async throws {
            let day = try today.map { text in
                guard let d = CivilDate(text) else { throw ValidationError("--today must be a date such as 2026-11-28") }
                return d
            }
            let coverage = try await AppRunner.withApp(storage) { app in CalendarListing.coverage(app: app, today: day) }
            guard coverage.isComplete else {
                for warning in coverage.warnings { print(warning) }
                throw ExitCode(1)
            }
            print("calendar: the holidays of every year needed now are loaded")
        }
    }
}
