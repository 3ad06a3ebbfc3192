import ArgumentParser
import HeweiServer

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "The working calendar.",
                                                    subcommands: [Show.self])

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
}
