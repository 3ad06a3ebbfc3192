import Fluent
import Foundation
import HeweiCore
import NIOConcurrencyHelpers
import Yams

/// The configured channels (渠道) in memory, seeded from `Defaults/channels.yaml` the first time and
/// changed through the admin API. Intake accepts only active channels; a machine channel only from
/// its machine interface.
public final class ChannelDirectory: @unchecked Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var machine: Bool
        public var defaultRequestKind: String?
        public var active: Bool

        enum CodingKeys: String, CodingKey { case code, name, nameEn, machine, defaultRequestKind, active }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            name = try c.decode(String.self, forKey: .name)
            nameEn = try c.decode(String.self, forKey: .nameEn)
            machine = try c.decodeIfPresent(Bool.self, forKey: .machine) ?? false
            defaultRequestKind = try c.decodeIfPresent(String.self, forKey: .defaultRequestKind)
            active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }

        init(_ m: ChannelModel) {
            code = m.code; name = m.name; nameEn = m.nameEn; machine = m.machine
            defaultRequestKind = m.defaultRequestKind; active = m.active
        }
    }

    private struct File: Decodable { var channels: [Entry] }

    private let lock = NIOLock()
    private var byCode: [String: Entry] = [:]
    private var ordered: [Entry] = []

    init() {}

    func reload(from db: any Database, now: Date) async throws {
        var rows = try await ChannelModel.query(on: db).sort(\.$position).all()
        if rows.isEmpty {
            let seed = try Self.defaults().enumerated().map { ChannelModel($1, position: $0, at: now) }
            do {
                try await db.transaction { db in for r in seed { try await r.create(on: db) } }
                rows = seed
            } catch {
                // Another process seeded them at the same moment.
                rows = try await ChannelModel.query(on: db).sort(\.$position).all()
                if rows.isEmpty { throw error }
            }
        }
        let entries = rows.map(Entry.init)
        lock.withLock {
            ordered = entries
            byCode = Dictionary(uniqueKeysWithValues: entries.map { ($0.code, $0) })
        }
    }

    static func defaults() throws -> [Entry] {
        guard let url = Bundle.module.url(forResource: "Defaults", withExtension: nil)?.appendingPathComponent("channels.yaml") else {
            throw HeweiError.internalFailure("the built-in channels.yaml is missing")
        }
        return try YAMLDecoder().decode(File.self, from: try Data(contentsOf: url)).channels
    }

    public func channel(_ code: String) -> Entry? { lock.withLock { byCode[code] } }
    public var all: [Entry] { lock.withLock { ordered } }

    /// The display name of a channel code (the code itself when unknown).
    public func name(_ code: String, english: Bool) -> String {
        guard let c = channel(code) else { return code }
        return english ? c.nameEn : c.name
    }
}

/// A configured channel.
final class ChannelModel: Model, @unchecked Sendable {
    static let schema = "channels"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "machine") var machine: Bool
    @OptionalField(key: "default_request_kind") var defaultRequestKind: String?
    @Field(key: "active") var active: Bool
    @Field(key: "position") var position: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ e: ChannelDirectory.Entry, position: Int, at: Date) {
        id = UUID(); code = e.code; name = e.name; nameEn = e.nameEn; machine = e.machine
        defaultRequestKind = e.defaultRequestKind; active = e.active; self.position = position; updatedAt = at
    }
}
