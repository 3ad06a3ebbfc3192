import Foundation
import Vapor

/// Renders every error as JSON `{"error": {"code", "reason", …}}` for the API, or as a short page
/// for the console. Internal error text never reaches the client; it is logged instead.
struct HeweiErrorMiddleware: AsyncMiddleware {
    struct Body: Content {
        struct Detail: Content {
            var code: String
            var reason: String
            var field: String?
            var state: String?
            var allowedActions: [String]?
            var problems: [String]?
        }
        var error: Detail
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, detail) = describe(error, request: request)
            if request.url.path.hasPrefix("/console") || request.url.path == "/" {
                if status == .unauthorized {
                    return request.redirect(to: "/console/login?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/console"))
                }
                return ErrorPage.response(status: status, code: detail.code, reason: detail.reason)
            }
            let response = Response(status: status)
            try response.content.encode(Body(error: detail), as: .json)
            return response
        }
    }

    private func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, Body.Detail) {
        switch error {
        case let e as HeweiError:
            if case .internalFailure(let why) = e {
                request.logger.error("internal failure", metadata: ["why": "\(why)"])
            }
            var d = Body.Detail(code: e.code, reason: e.reason, field: e.field)
            if case let .invalidGrid(problems) = e { d.problems = problems }
            if case let .invalidRows(problems) = e { d.problems = problems }
            if case let .illegalTransition(t) = e {
                d.state = t.state.rawValue
                d.allowedActions = t.allowed.map(\.rawValue)
            }
            if case let .illegalRecordTransition(t) = e {
                d.state = t.state
                d.allowedActions = t.allowed
            }
            return (e.status, d)
        case let e as DecodingError:
            return (.badRequest, .init(code: "invalid_body", reason: Self.describe(e), field: Self.field(e)))
        case let e as any AbortError:
            let code = e.status == .notFound ? "not_found" : e.status == .payloadTooLarge ? "payload_too_large" : "bad_request"
            return (e.status, .init(code: code, reason: e.status == .notFound ? "no such resource" : e.reason))
        default:
            request.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return (.internalServerError, .init(code: "internal_error", reason: "internal error"))
        }
    }

    static func field(_ e: DecodingError) -> String? {
        switch e {
        case let .keyNotFound(key, ctx): return (ctx.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx), let .dataCorrupted(ctx):
            let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? nil : path
        @unknown default: return nil
        }
    }

    static func describe(_ e: DecodingError) -> String {
        let name = field(e) ?? "body"
        switch e {
        case .keyNotFound: return "\(name): is required"
        case .typeMismatch(let type, _): return "\(name): has the wrong type (expected \(type))"
        case .valueNotFound: return "\(name): must not be null"
        case .dataCorrupted(let ctx): return "\(name): \(ctx.debugDescription)"
        @unknown default: return "the body could not be read"
        }
    }
}

/// Tight browser security headers: only the app's own scripts, styles and images.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        return response
    }
}
