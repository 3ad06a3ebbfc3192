import Foundation
import HeweiCore
import Logging
import NIOCore
import Vapor

/// One message as an adapter sends it: the recipient's phone in clear (opened just before sending).
public struct NotificationMessage: Sendable, Equatable {
    /// The order's code (`370881-YYYYMMDD-NNNNNN`).
    public var order: String
    public var kind: NotificationKind
    public var text: String
    public var recipient: String
}

/// Sends notifications. Returning means sent; throwing means this attempt failed (the delivery
/// retries with backoff). An error's description is stored on the row, with the phone masked.
public protocol NotificationAdapter: Sendable {
    /// The channel stored on the rows written while this adapter is configured.
    var channel: NotificationChannel { get }
    func send(_ message: NotificationMessage) async throws
}

/// An attempt failed (a non-2xx answer, a timeout, a missing setting).
public struct NotificationSendError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The demo's adapter (the default, `HEWEI_NOTIFY=log`): sends nothing, only writes each message
/// to the server log, clearly labelled, with the phone masked.
public struct LogAdapter: NotificationAdapter {
    public var channel: NotificationChannel { .log }
    let logger: Logger

    public init(logger: Logger = Logger(label: "hewei.notify")) { self.logger = logger }

    public func send(_ message: NotificationMessage) async throws {
        logger.info("[demo notification adapter: nothing is sent to residents] \(message.kind.rawValue) → \(Masking.phone(message.recipient)): \(message.text)",
                    metadata: ["order": "\(message.order)"])
    }
}

/// POSTs `{"order", "kind", "text", "recipient"}` as JSON to a URL (`HEWEI_NOTIFY=webhook`,
/// `HEWEI_NOTIFY_URL`, optional `HEWEI_NOTIFY_TOKEN` sent as a bearer token); a 2xx answer means sent.
public struct WebhookAdapter: NotificationAdapter {
    public var channel: NotificationChannel { .webhook }
    public let url: String
    public let token: String?
    public let timeout: TimeInterval

    public init(url: String, token: String? = nil, timeout: TimeInterval = 10) {
        self.url = url
        self.token = token
        self.timeout = timeout
    }

    struct Body: Encodable {
        var order: String
        var kind: String
        var text: String
        var recipient: String
    }

    public func send(_ message: NotificationMessage) async throws {
        let body = try JSONEncoder().encode(Body(order: message.order, kind: message.kind.rawValue, text: message.text,
                                                 recipient: message.recipient))
        var headers = [("Content-Type", "application/json; charset=utf-8")]
        if let token, !token.isEmpty { headers.append(("Authorization", "Bearer \(token)")) }
        try await NotificationHTTP.send(method: .POST, url: url, headers: headers, body: body, timeout: timeout)
    }
}

/// Calls an SMS gateway (`HEWEI_NOTIFY=sms`): `HEWEI_NOTIFY_TEMPLATE` is a URL with `{phone}` and
/// `{text}` placeholders, filled URL-encoded. `GET` (default) requests the filled URL; `POST`
/// (`HEWEI_NOTIFY_METHOD=POST`) sends the filled query as a form body to the URL before `?`.
/// A 2xx answer means sent.
public struct SMSGatewayAdapter: NotificationAdapter {
    public var channel: NotificationChannel { .sms }
    public let template: String
    public let post: Bool
    public let timeout: TimeInterval

    public init(template: String, post: Bool = false, timeout: TimeInterval = 10) {
        self.template = template
        self.post = post
        self.timeout = timeout
    }

    /// The template with its placeholders filled, URL-encoded.
    public func filled(_ message: NotificationMessage) -> String {
        template.replacingOccurrences(of: "{phone}", with: Self.encode(message.recipient))
            .replacingOccurrences(of: "{text}", with: Self.encode(message.text))
    }

    /// Percent-encodes everything but the unreserved characters (so `&`, `=`, `+` and spaces are encoded too).
    static func encode(_ value: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    public func send(_ message: NotificationMessage) async throws {
        let url = filled(message)
        if post, let mark = url.firstIndex(of: "?") {
            let form = Data(url[url.index(after: mark)...].utf8)
            try await NotificationHTTP.send(method: .POST, url: String(url[..<mark]),
                                            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form, timeout: timeout)
        } else {
            try await NotificationHTTP.send(method: post ? .POST : .GET, url: url, headers: [], body: nil, timeout: timeout)
        }
    }
}

/// Stands in for a configuration that cannot work (`HEWEI_NOTIFY=webhook` without a URL…): every
/// attempt fails with the reason, which the rows and the log then show.
struct MisconfiguredAdapter: NotificationAdapter {
    let channel: NotificationChannel
    let reason: String
    func send(_ message: NotificationMessage) async throws { throw NotificationSendError(reason) }
}

enum NotificationAdapters {
    /// The adapter the environment configures: `HEWEI_NOTIFY` = `log` (default) | `webhook` | `sms`,
    /// `HEWEI_NOTIFY_URL`, `HEWEI_NOTIFY_TOKEN`, `HEWEI_NOTIFY_TEMPLATE`, `HEWEI_NOTIFY_METHOD`,
    /// `HEWEI_NOTIFY_TIMEOUT` (seconds, default 10).
    static func from(environment env: [String: String]) -> any NotificationAdapter {
        let mode = (env["HEWEI_NOTIFY"] ?? "log").trimmingCharacters(in: .whitespaces).lowercased()
        let timeout = env["HEWEI_NOTIFY_TIMEOUT"].flatMap(TimeInterval.init).flatMap { $0 > 0 ? $0 : nil } ?? 10
        func value(_ key: String) -> String? {
            let v = env[key]?.trimmingCharacters(in: .whitespaces)
            return v?.isEmpty == false ? v : nil
        }
        switch mode {
        case "", "log":
            return LogAdapter()
        case "webhook":
            guard let url = value("HEWEI_NOTIFY_URL"), url.hasPrefix("http://") || url.hasPrefix("https://") else {
                return MisconfiguredAdapter(channel: .webhook, reason: "HEWEI_NOTIFY=webhook needs HEWEI_NOTIFY_URL (http or https)")
            }
            return WebhookAdapter(url: url, token: value("HEWEI_NOTIFY_TOKEN"), timeout: timeout)
        case "sms":
            guard let template = value("HEWEI_NOTIFY_TEMPLATE"), template.hasPrefix("http://") || template.hasPrefix("https://"),
                  template.contains("{phone}"), template.contains("{text}") else {
                return MisconfiguredAdapter(channel: .sms, reason: "HEWEI_NOTIFY=sms needs HEWEI_NOTIFY_TEMPLATE, an http(s) URL with {phone} and {text}")
            }
            let post = value("HEWEI_NOTIFY_METHOD")?.uppercased() == "POST"
            return SMSGatewayAdapter(template: template, post: post, timeout: timeout)
        default:
            return MisconfiguredAdapter(channel: .log, reason: "HEWEI_NOTIFY must be log, webhook or sms (not '\(mode)')")
        }
    }
}

/// One HTTP request with a timeout through the shared HTTP client; anything but 2xx throws.
enum NotificationHTTP {
    static func send(method: HTTPMethod, url: String, headers: [(String, String)], body: Data?, timeout: TimeInterval) async throws {
        var request = try HTTPClient.Request(url: url, method: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .data(body) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let response = try await HTTPClient.shared.execute(request: request, deadline: deadline).get()
        guard (200..<300).contains(response.status.code) else {
            throw NotificationSendError("HTTP \(response.status.code)")
        }
    }
}
