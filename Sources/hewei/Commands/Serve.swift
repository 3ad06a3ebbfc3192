import ArgumentParser
import HeweiServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (JSON API, console pages, health and metrics).")

    @OptionGroup var storage: StorageOptions

    @Flag(help: "Seed the Qufu demonstration deployment first if the database is empty.")
    var demo = false

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var hostname: String = "127.0.0.1"
    @Option(help: "Seconds between deadline sweeps.") var sweepInterval: Double = 30

    func run() async throws {
        let options = HeweiOptions(database: HeweiOptions.fromEnvironment(dataDirectory: storage.data),
                                   dataDirectory: storage.data, sweepInterval: sweepInterval, configDirectory: storage.config).withEnvironment()
        try await AppRunner.run(options: options, arguments: ["hewei", "serve", "--hostname", hostname, "--port", String(port)]) { app in
            if demo {
                let report = try await DemoSeeder(app: app).seedIfEmpty()
                app.logger.notice("demo data", metadata: ["orders": "\(report.orders)", "seeded": "\(report.seeded)"])
            }
        }
    }
}

