import HeweiServer
import Logging
import Vapor

/// Boots logging and the application, runs a Vapor command, always shuts down.
enum AppRunner {
    static func run(options: HeweiOptions, arguments: [String], before: (Application) async throws -> Void = { _ in }) async throws {
        var env = try Environment.detect(arguments: arguments)
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app, options: options)
            try await before(app)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// For one-shot commands: configure (no sweeper), run `body`, shut down.
    static func withApp<T>(_ storage: StorageOptions, _ body: (Application) async throws -> T) async throws -> T {
        let env = Environment(name: "production", arguments: ["hewei"])
        let app = try await Application.make(env)
        app.logger.logLevel = .warning
        let options = HeweiOptions(database: HeweiOptions.fromEnvironment(dataDirectory: storage.data),
                                   dataDirectory: storage.data, runSweeper: false, configDirectory: storage.config).withEnvironment()
        do {
            try await configure(app, options: options)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

extension AppRunner {
    /// Starts a server in this process on a fresh database, runs `body`, shuts down.
    static func benchServer<T>(data: String, port: Int, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["hewei"]))
        app.logger.logLevel = .warning
        let options = HeweiOptions(database: HeweiOptions.fromEnvironment(dataDirectory: data), dataDirectory: data, runSweeper: false).withEnvironment()
        do {
            try await configure(app, options: options)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = port
            try await app.server.start(address: .hostname("127.0.0.1", port: port))
            let result = try await body(app)
            await app.server.shutdown()
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
