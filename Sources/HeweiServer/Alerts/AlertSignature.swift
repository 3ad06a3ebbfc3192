import Crypto
import Foundation

/// How a device signs an alert: `X-Hewei-Timestamp` (Unix seconds) and `X-Hewei-Signature:
/// sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the device's key>`. A timestamp more than
/// five minutes away from the server's clock is refused, so a captured alert cannot be replayed later.
enum AlertSignature {
    static let maxSkew: TimeInterval = 300

    static func sign(body: Data, timestamp: Int, secret: String) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// True when the signature is the key's and the timestamp is fresh (compared in constant time).
    static func verify(body: Data, timestamp: String?, signature: String?, secret: String, now: Date) -> Bool {
        guard let timestamp, let ts = Int(timestamp), let signature,
              abs(now.timeIntervalSince1970 - Double(ts)) <= maxSkew else { return false }
        let expected = Array(sign(body: body, timestamp: ts, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func newSecret() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
    }
}
