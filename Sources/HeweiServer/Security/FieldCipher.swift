import Crypto
import Foundation

/// Encrypts single fields (ID numbers) at rest with AES-256-GCM.
///
/// A stored value reads `enc:v1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`; the key id says
/// which key of the ring sealed it, so keys can be rotated: put the new key first (it seals from
/// then on), keep the old ones after it (they still open), run `hewei keys rotate` to re-seal
/// everything with the first key, then drop the old ones. Values without the prefix are read as
/// plain text (data from before encryption) and sealed by the next write or rotation.
public struct FieldCipher: Sendable {
    public struct Key: Sendable {
        public let id: String
        let key: SymmetricKey
    }

    static let prefix = "enc:v1:"
    /// The first key seals; every key opens.
    public let keys: [Key]

    public init(keys: [Key]) throws {
        guard !keys.isEmpty else { throw HeweiError.rule("no data encryption key is configured") }
        self.keys = keys
    }

    /// Parses `id:base64key[,id:base64key…]` (each key 32 bytes).
    public static func parse(_ spec: String) throws -> FieldCipher {
        let keys = try spec.split(separator: ",").map { part -> Key in
            let bits = part.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map(String.init)
            guard bits.count == 2, !bits[0].isEmpty, bits[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                  let raw = Data(base64Encoded: bits[1]), raw.count == 32 else {
                throw HeweiError.rule("a data key is written id:base64 with a 32-byte key (e.g. k2026:\(Self.newKeyBase64()))")
            }
            return Key(id: bits[0], key: SymmetricKey(data: raw))
        }
        guard Set(keys.map(\.id)).count == keys.count else { throw HeweiError.rule("data key ids must differ") }
        return try FieldCipher(keys: keys)
    }

    /// A fresh random 32-byte key, base64.
    public static func newKeyBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public var currentKeyID: String { keys[0].id }

    public func seal(_ plain: String) throws -> String {
        let box = try AES.GCM.seal(Data(plain.utf8), using: keys[0].key)
        guard let combined = box.combined else { throw HeweiError.internalFailure("AES-GCM gave no combined form") }
        return Self.prefix + keys[0].id + ":" + combined.base64EncodedString()
    }

    public static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }

    /// Sealed, but with a key other than the ring's first (what `hewei keys rotate` re-seals).
    public func isStale(_ value: String) -> Bool { Self.isSealed(value) && Self.keyID(of: value) != currentKeyID }

    /// The value sealed again with the first key; nil when it is plain or already sealed with it.
    public func resealed(_ value: String) throws -> String? {
        guard isStale(value) else { return nil }
        return try seal(try open(value))
    }

    /// The key id a sealed value names; nil for plain text.
    public static func keyID(of value: String) -> String? {
        guard isSealed(value) else { return nil }
        return value.dropFirst(prefix.count).split(separator: ":", maxSplits: 1).first.map(String.init)
    }

    public func open(_ value: String) throws -> String {
        guard Self.isSealed(value) else { return value }
        let rest = value.dropFirst(Self.prefix.count)
        let parts = rest.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let data = Data(base64Encoded: parts[1]) else { throw HeweiError.internalFailure("malformed sealed value") }
        guard let key = keys.first(where: { $0.id == parts[0] }) else {
            throw HeweiError.internalFailure("sealed with key '\(parts[0])', which is not configured")
        }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key.key)
        return String(decoding: plain, as: UTF8.self)
    }

    /// Where the keys come from: `HEWEI_DATA_KEYS`, else the key file in the data directory
    /// (`data.key`, made with a fresh key on first start, readable by the owner only).
    static func load(spec: String?, dataDirectory: String) throws -> FieldCipher {
        if let spec, !spec.isEmpty { return try parse(spec) }
        let path = (dataDirectory as NSString).appendingPathComponent("data.key")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let spec = "k1:" + newKeyBase64()
        guard FileManager.default.createFile(atPath: path, contents: Data((spec + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw HeweiError.rule("could not write the data key file \(path)")
        }
        return try parse(spec)
    }
}
