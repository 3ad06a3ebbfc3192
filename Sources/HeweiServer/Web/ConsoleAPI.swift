import Foundation
import Vapor

/// Runs a JSON API handler for a console page, as the signed-in user, on a request of its own.
/// The page thereby goes through exactly the code the API runs (its checks, rules and writes)
/// and only renders the answer; it never reads a form into the database itself.
enum ConsoleAPI {
    /// A request for an API handler: the console request's user, path parameters and query, no body.
    static func request(_ req: Request, method: HTTPMethod = .GET, parameters: [String: String] = [:],
                        query: [(String, String)] = []) -> Request {
        let sub = Request(application: req.application, method: method, url: URI(string: "/api/v1/console" + HTML.query(query)),
                          logger: req.logger, on: req.eventLoop)
        for (name, value) in parameters { sub.parameters.set(name, to: value) }
        if let principal = req.auth.get(Principal.self) { sub.auth.login(principal) }
        return sub
    }

    /// The same, with a JSON body as an API client would send it.
    static func request<Body: Content>(_ req: Request, method: HTTPMethod = .POST, parameters: [String: String] = [:],
                                       body: Body) throws -> Request {
        let sub = request(req, method: method, parameters: parameters)
        try sub.content.encode(body, as: .json)
        return sub
    }

    /// The body of an API handler's response.
    static func decode<T: Decodable>(_ response: Response, as type: T.Type) throws -> T {
        try response.content.decode(T.self)
    }

    /// A form field as text: trimmed, nil when empty.
    static func given(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}
