import ArgumentParser

@main
struct Hewei: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hewei",
        abstract: "和为贵 Hewei: one door for every resident request, complaint, dispute and petition.",
        subcommands: [Serve.self, Migrate.self, Demo.self, CalendarCommand.self, GridCommand.self, BaseDataCommand.self, Route.self, Bench.self,
                      UserCommand.self, AuditCommand.self, RollupsCommand.self, KeysCommand.self, ImportCommand.self, Open311Command.self, DispatchModelCommand.self])
}

/// Flags every command shares: where the data lives and which local rules apply.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (SQLite file, attachments). Ignored for the database when DATABASE_URL is set.")
    var data: String = "./hewei-data"

    @Option(name: .long, help: "Directory with policy.yaml and calendar/*.yaml overriding the built-in (Qufu) defaults.")
    var config: String?
}
