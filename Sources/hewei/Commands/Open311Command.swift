import ArgumentParser
import Foundation
import HeweiServer

/// `hewei open311 client add|list|revoke`: the API keys of Open311 GeoReport v2 clients.
struct Open311Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open311", abstract: "The Open311 GeoReport v2 interface (/open311/v2): API clients and their keys.",
        subcommands: [Client.self])

    struct Client: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API clients: a key is needed to file requests (POST requests).", subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a client and print its new key (shown once; only its hash is stored).")
            @OptionGroup var storage: StorageOptions
            @Argument(help: "The client's name: 1–64 letters, digits, '.', '_' or '-'.") var name: String
            func run() async throws {
                let key = try await readable { try await AppRunner.withApp(storage) { app in try await Open311Clients.add(app, name: name) } }
                print("Open311 client '\(name)' created. Its API key (shown only now):")
                print(key)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List clients: name, created, active or revoked.")
            @OptionGroup var storage: StorageOptions
            func run() async throws {
                for line in try await AppRunner.withApp(storage, { app in try await Open311Clients.list(app) }) { print(line) }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a client's key at once.")
            @OptionGroup var storage: StorageOptions
            @Argument var name: String
            func run() async throws {
                print(try await readable { try await AppRunner.withApp(storage) { app in try await Open311Clients.revoke(app, name: name) } })
            }
        }
    }
}

/// A refusal (name taken, unknown client…) as a plain message instead of the error's debug form.
private func readable<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let e as HeweiError {
        throw ValidationError(e.reason)
    }
}
