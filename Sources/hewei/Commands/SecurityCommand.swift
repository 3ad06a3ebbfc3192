import ArgumentParser
import Foundation
import HeweiServer

/// Reads a password from standard input (one line) or, failing that, `HEWEI_PASSWORD`.
func readPassword(stdin: Bool) throws -> String {
    if stdin, let line = readLine(strippingNewline: true), !line.isEmpty { return line }
    if let env = ProcessInfo.processInfo.environment["HEWEI_PASSWORD"], !env.isEmpty { return env }
    throw ValidationError("give the password on standard input with --password-stdin, or in HEWEI_PASSWORD")
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Accounts: the first administrators of a new deployment, and emergencies.",
        subcommands: [Add.self, Disable.self, Enable.self, ResetPassword.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (e.g. the first securityAdmin).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "Username: 3–32 lower-case letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "Role, e.g. securityAdmin, systemAdmin, auditor, dispatcher.") var role: String
        @Option(help: "The unit's code (e.g. QFZX, the city centre).") var unit: String?
        @Option(help: "The name shown in the console.") var displayName: String
        @Flag(help: "Read the password from standard input (else HEWEI_PASSWORD).") var passwordStdin = false

        func run() async throws {
            let password = try readPassword(stdin: passwordStdin)
            print(try await AppRunner.withApp(storage) { app in
                try await SecurityCommands.addUser(app, username: username, displayName: displayName, role: role, unit: unit, password: password)
            })
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: its sessions and tokens stop working at once.")
        @OptionGroup var storage: StorageOptions
        @Argument var username: String
        func run() async throws {
            print(try await AppRunner.withApp(storage) { app in try await SecurityCommands.setActive(app, username: username, active: false) })
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var storage: StorageOptions
        @Argument var username: String
        func run() async throws {
            print(try await AppRunner.withApp(storage) { app in try await SecurityCommands.setActive(app, username: username, active: true) })
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
                                                        abstract: "Set a new password; unlocks the account and ends its sessions.")
        @OptionGroup var storage: StorageOptions
        @Argument var username: String
        @Flag(help: "Read the password from standard input (else HEWEI_PASSWORD).") var passwordStdin = false
        func run() async throws {
            let password = try readPassword(stdin: passwordStdin)
            print(try await AppRunner.withApp(storage) { app in try await SecurityCommands.resetPassword(app, username: username, password: password) })
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts: username, role, unit, state.")
        @OptionGroup var storage: StorageOptions
        func run() async throws {
            for line in try await AppRunner.withApp(storage, { app in try await SecurityCommands.listUsers(app) }) { print(line) }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The tamper-evident audit trail.",
                                                    subcommands: [Verify.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and report the first broken link (exit status 1 if broken).")
        @OptionGroup var storage: StorageOptions
        @Option(help: "An anchor file to check as well (default: HEWEI_AUDIT_ANCHOR_FILE).") var anchors: String?
        func run() async throws {
            let (ok, text) = try await AppRunner.withApp(storage) { app in try await SecurityCommands.verifyAudit(app, anchorFile: anchors) }
            print(text)
            if !ok { throw ExitCode(1) }
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write an anchor for the chain's head now (and print it: keep a copy elsewhere).")
        @OptionGroup var storage: StorageOptions
        func run() async throws {
            print(try await AppRunner.withApp(storage) { app in try await SecurityCommands.anchorAudit(app) })
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Data encryption keys (ID numbers at rest).",
                                                    subcommands: [New.self, Rotate.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a fresh key as id:base64, to put first in HEWEI_DATA_KEYS.")
        @Argument(help: "The key's id, e.g. k2027.") var id: String
        func run() async throws { print(SecurityCommands.newKey(id: id)) }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-seal every encrypted value with the first key of HEWEI_DATA_KEYS (the old keys must still be listed).")
        @OptionGroup var storage: StorageOptions
        func run() async throws {
            let n = try await AppRunner.withApp(storage) { app in try await SecurityCommands.rotateKeys(app) }
            print("re-sealed \(n) value(s) with the current key")
        }
    }
}
