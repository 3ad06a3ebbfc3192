import Foundation
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Console steps shared by the page tests: sign in with the session cookie, get a page, post a form.

func signIn(_ t: TestApp, _ username: String) async throws -> HTTPHeaders {
    let res = try await post(t, "/console/login", ["username": username, "password": DemoAccounts.password])
    let secret = try #require(res.headers.setCookie?[Tokens.sessionCookie]?.string)
    return [HTTPHeaders.Name.cookie.description: "\(Tokens.sessionCookie)=\(secret)"]
}

func get(_ t: TestApp, _ path: String, _ headers: HTTPHeaders) async throws -> TestingHTTPResponse {
    try await t.app.testing().sendRequest(.GET, path, headers: headers)
}

/// The CSRF token the console steps send (cookie and form field); a test that sets `_csrf`
/// itself sends its own value instead.
let testCSRF = "test-csrf-token"

func post(_ t: TestApp, _ path: String, _ fields: [String: String], _ headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
    var headers = headers, fields = fields
    if fields[CSRFMiddleware.field] == nil { fields[CSRFMiddleware.field] = testCSRF }
    let cookies = headers[.cookie] + ["\(CSRFMiddleware.cookie)=\(testCSRF)"]
    headers.replaceOrAdd(name: .cookie, value: cookies.joined(separator: "; "))
    return try await t.app.testing().sendRequest(.POST, path, headers: headers) { req in
        try req.content.encode(fields, as: .urlEncodedForm)
    }
}
