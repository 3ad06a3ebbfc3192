import Crypto
import Foundation
import Vapor

/// The portal's own protection for its forms (it has no session, so the console's CSRFMiddleware
/// does not apply): a signed, expiring token bound to the browser.
///
/// The first portal page sets `hewei_portal` — a random browser id in an HttpOnly, SameSite=Strict
/// cookie (path `/portal`). Each form carries `_form = <time>.<nonce>.<mac>`, where `mac` is an
/// HMAC-SHA256 over the form's purpose, the time, the nonce and the browser id, keyed by a key
/// derived (HKDF) from the deployment's data key ring — so every server instance of a deployment
/// accepts it, and a restart does not invalidate open forms. A POST is refused unless the token
/// is well formed, at most `lifetime` old, signed for this form and this browser. Another site can
/// neither read the cookie nor have the browser send it cross-site, so it cannot forge a post.
struct PortalFormToken {
    static let cookie = "hewei_portal"
    static let field = "_form"
    static let lifetime: TimeInterval = 2 * 3600

    enum Purpose: String {
        case submit
        case rate
    }

    /// The browser id of the request, if it sent one that looks right.
    static func browser(of req: Request) -> String? {
        guard let value = req.cookies[cookie]?.string, value.count >= 16, value.count <= 64,
              value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return value
    }

    /// The browser id to sign for: the request's own, or a new one that `setCookie` must send.
    static func browserOrNew(_ req: Request) -> (id: String, isNew: Bool) {
        if let id = browser(of: req) { return (id, false) }
        return (Tokens.newSecret(), true)
    }

    static func setCookie(_ id: String, on response: Response, req: Request) {
        response.cookies[cookie] = HTTPCookies.Value(string: id, path: "/portal", isSecure: req.hewei.options.secureCookies,
                                                     isHTTPOnly: true, sameSite: .strict)
    }

    /// A new token for a form; `subject` binds it to one record (the rating form: the tracking code
    /// that was checked with the phone digits, so the rating post needs no digits again).
    static func issue(_ purpose: Purpose, subject: String = "", browser: String, req: Request) -> String {
        let time = Int(req.hewei.clock.now().timeIntervalSince1970)
        var nonceBytes = [UInt8](repeating: 0, count: 12)
        var rng = SystemRandomNumberGenerator()
        for i in nonceBytes.indices { nonceBytes[i] = UInt8.random(in: 0...255, using: &rng) }
        let nonce = Data(nonceBytes).base64URL
        let mac = sign(purpose, subject: subject, time: time, nonce: nonce, browser: browser, key: keys(req)[0])
        return "\(time).\(nonce).\(mac)"
    }

    /// The token's nonce when it is valid for this form and this browser now; nil otherwise.
    static func verify(_ token: String?, _ purpose: Purpose, subject: String = "", req: Request) -> String? {
        guard let token, let browser = browser(of: req) else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let time = Int(parts[0]) else { return nil }
        let age = req.hewei.clock.now().timeIntervalSince1970 - Double(time)
        guard age >= -60, age <= lifetime else { return nil }
        for key in keys(req) where CSRFMiddleware.same(sign(purpose, subject: subject, time: time, nonce: parts[1], browser: browser, key: key), parts[2]) {
            return parts[1]
        }
        return nil
    }

    private static func sign(_ purpose: Purpose, subject: String, time: Int, nonce: String, browser: String, key: SymmetricKey) -> String {
        let message = "hewei-portal|\(purpose.rawValue)|\(subject)|\(time)|\(nonce)|\(browser)"
        return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).base64URL
    }

    /// One signing key per data key (the first signs; the others still verify after a rotation).
    private static func keys(_ req: Request) -> [SymmetricKey] {
        req.hewei.cipher.keys.map { k in
            HKDF<SHA256>.deriveKey(inputKeyMaterial: k.key, info: Data("hewei portal form token v1".utf8), outputByteCount: 32)
        }
    }
}

fileprivate extension Data {
    /// Base64 without padding, with `-` and `_` (safe in forms, cookies and URLs).
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
