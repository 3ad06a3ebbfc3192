import Foundation
import Vapor

/// CSRF protection for every console form (double-submit): the first page sets a random token in
/// an HttpOnly, SameSite=Strict cookie, every `<form method="post">` on every page gets the same
/// token as a hidden field (added here, so no page can forget it), and a POST whose field does not
/// equal its cookie is refused with 403 before any handler runs. Another site can neither read
/// the cookie nor set it, so it cannot forge the field.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookie = "hewei_csrf"
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.cookie]?.string.nilIfEmpty
        if request.method == .POST {
            let sent = try? request.content.get(String.self, at: Self.field)
            guard let existing, let sent, Self.same(sent, existing) else {
                throw HeweiError.forbidden("the form is out of date or came from another site (CSRF check failed): reload the page and try again")
            }
        }
        let token = existing ?? Tokens.newSecret()
        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[Self.cookie] = HTTPCookies.Value(string: token, path: "/console", isSecure: request.hewei.options.secureCookies,
                                                              isHTTPOnly: true, sameSite: .strict)
        }
        if response.headers.contentType?.subType == "html", let html = response.body.string {
            response.body = .init(string: Self.inject(token, into: html))
        }
        return response
    }

    /// Adds the hidden token field right after every `<form … method="post" …>` tag.
    static func inject(_ token: String, into html: String) -> String {
        var out = "", rest = Substring(html)
        let hidden = "<input type=\"hidden\" name=\"\(field)\" value=\"\(token)\">"
        while let start = rest.range(of: "<form") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.lowerBound...].firstIndex(of: ">") else { break }
            let tag = rest[start.lowerBound...end]
            out += tag
            if tag.lowercased().contains("method=\"post\"") { out += hidden }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// Compares without stopping at the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
