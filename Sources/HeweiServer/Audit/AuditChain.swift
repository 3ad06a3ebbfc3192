import Crypto
import Foundation

/// How an audit entry is hashed: SHA-256 over the previous entry's hash and every field of the
/// entry, each field length-prefixed so that no two different entries read the same.
enum AuditChain {
    /// The `prevHash` of the first entry.
    static let genesis = String(repeating: "0", count: 64)

    static func hash(of e: AuditEntryModel) -> String {
        var text = e.prevHash
        let fields: [String] = [
            String(e.seq), String(e.atMs), e.actorID?.uuidString ?? "", e.actor, e.role, e.kind, e.action,
            e.target, String(e.status), e.reason, e.ip,
        ]
        for f in fields {
            text += "|\(f.utf8.count):\(f)"
        }
        return hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What a request or a command wants written to the audit trail; `AuditLog` adds the sequence
/// number, the time and the hashes.
struct AuditDraft: Sendable {
    var actorID: UUID?
    var actor: String
    var role: String
    var kind: String
    var action: String
    var target: String
    var status: Int
    var reason: String = ""
    var ip: String = ""

    init(actor: Principal?, kind: String, action: String, target: String, status: Int, reason: String = "", ip: String = "") {
        actorID = actor?.id
        self.actor = actor?.username ?? "anonymous"
        role = actor?.roleName ?? ""
        self.kind = kind
        self.action = action
        self.target = target
        self.status = status
        self.reason = reason
        self.ip = ip
    }
}
