import Foundation
import HeweiCore
import Vapor

/// The two representations of Open311 GeoReport v2: XML (required by the spec) and JSON (the
/// "Spark" mapping of the XML, so lists are top-level arrays). Handlers build one `Open311Value`
/// tree and render it in the format the path's suffix asked for.
enum Open311Format: String, Sendable {
    case xml
    case json

    var contentType: String {
        switch self {
        case .xml: return "text/xml; charset=utf-8"
        case .json: return "application/json; charset=utf-8"
        }
    }

    /// Splits `requests.json` into `("requests", .json)`; nil for any other suffix.
    static func split(_ last: String) -> (String, Open311Format)? {
        guard let dot = last.lastIndex(of: ".") else { return nil }
        guard let format = Open311Format(rawValue: String(last[last.index(after: dot)...])) else { return nil }
        return (String(last[..<dot]), format)
    }
}

/// An ordered tree that renders as XML or JSON.
indirect enum Open311Value: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// Absent value: an empty element in XML, `null` in JSON.
    case null
    /// A list; `item` names each element in XML (`<services><service>…`).
    case list(item: String, [Open311Value])
    /// Fields in order.
    case object([(String, Open311Value)])

    static func optional(_ s: String?) -> Open311Value { s.map { .string($0) } ?? .null }
    static func optional(_ d: Double?) -> Open311Value { d.map { .double($0) } ?? .null }

    // MARK: JSON

    func json() -> String {
        var out = ""
        writeJSON(into: &out)
        return out
    }

    private func writeJSON(into out: inout String) {
        switch self {
        case let .string(s): Self.jsonString(s, into: &out)
        case let .int(i): out += String(i)
        case let .double(d): out += d.isFinite ? Self.number(d) : "null"
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .list(_, items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        case let .object(fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.jsonString(key, into: &out)
                out += ":"
                value.writeJSON(into: &out)
            }
            out += "}"
        }
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    private static func jsonString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    // MARK: XML

    /// The document with its declaration and `root` as the outer element.
    func xml(root: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        writeXML(name: root, into: &out)
        out += "\n"
        return out
    }

    private func writeXML(name: String, into out: inout String) {
        switch self {
        case .null:
            out += "<\(name)/>"
        case let .list(item, items):
            out += "<\(name)>"
            for element in items { element.writeXML(name: item, into: &out) }
            out += "</\(name)>"
        case let .object(fields):
            out += "<\(name)>"
            for (key, value) in fields { value.writeXML(name: key, into: &out) }
            out += "</\(name)>"
        case let .string(s): out += "<\(name)>\(Self.escape(s))</\(name)>"
        case let .int(i): out += "<\(name)>\(i)</\(name)>"
        case let .double(d): out += "<\(name)>\(Self.number(d))</\(name)>"
        case let .bool(b): out += "<\(name)>\(b ? "true" : "false")</\(name)>"
        }
    }

    /// Escapes text for an element, dropping characters XML 1.0 cannot carry.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000 {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// An Open311 error: the HTTP status and one or more `{code, description}` entries.
struct Open311Error: Error, Sendable {
    var status: HTTPResponseStatus
    var description: String
    /// The body's `code`; the HTTP status unless more specific.
    var code: Int?

    static func notFound(_ what: String) -> Open311Error { .init(status: .notFound, description: what) }
    static func forbidden(_ what: String) -> Open311Error { .init(status: .forbidden, description: what) }
    static func badRequest(_ what: String) -> Open311Error { .init(status: .badRequest, description: what) }

    var body: Open311Value {
        .list(item: "error", [.object([("code", .int(code ?? Int(status.code))), ("description", .string(description))])])
    }
}

enum Open311Response {
    static func make(_ value: Open311Value, root: String, format: Open311Format, status: HTTPResponseStatus = .ok) -> Response {
        let text = format == .xml ? value.xml(root: root) : value.json()
        let response = Response(status: status, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func error(_ e: Open311Error, format: Open311Format) -> Response {
        make(e.body, root: "errors", format: format, status: e.status)
    }

    /// Any error of a handler as an Open311 error body: the domain's errors keep their meaning
    /// (404, 403, 400), everything else is a 400 or, when unexpected, a logged 500 without details.
    static func error(_ error: any Error, format: Open311Format, request: Request) -> Response {
        switch error {
        case let e as Open311Error:
            return self.error(e, format: format)
        case let e as HeweiError:
            switch e.status {
            case .notFound: return self.error(.notFound(e.reason), format: format)
            case .forbidden, .unauthorized: return self.error(.forbidden(e.reason), format: format)
            case .tooManyRequests: return self.error(.init(status: .tooManyRequests, description: "too many requests; slow down"), format: format)
            case .internalServerError:
                request.logger.error("open311 internal failure", metadata: ["error": "\(e)"])
                return self.error(.init(status: .internalServerError, description: "internal error"), format: format)
            default: return self.error(.badRequest(e.reason), format: format)
            }
        case let e as DecodingError:
            return self.error(.badRequest(HeweiErrorMiddleware.describe(e)), format: format)
        case let e as any AbortError:
            let status: HTTPResponseStatus = e.status == .notFound ? .notFound : e.status == .payloadTooLarge ? .payloadTooLarge : .badRequest
            return self.error(.init(status: status, description: status == .notFound ? "no such resource" : e.reason), format: format)
        default:
            request.logger.error("open311 unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return self.error(.init(status: .internalServerError, description: "internal error"), format: format)
        }
    }
}

/// W3C / ISO 8601 datetimes with the deployment's UTC offset (`2026-11-26T09:00:00+08:00`).
struct Open311Time: Sendable {
    let utcOffset: Int

    func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(secondsFromGMT: utcOffset) ?? TimeZone(identifier: "UTC")!
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    func format(_ date: Date?) -> Open311Value { date.map { .string(format($0)) } ?? .null }

    /// Reads a W3C datetime: with a timezone (`Z`, `+08:00`, fractional seconds allowed), or
    /// without one (then local time), or a bare date (local midnight).
    func parse(_ text: String, field: String) throws -> Date {
        let s = text.trimmingCharacters(in: .whitespaces)
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let f = ISO8601DateFormatter()
            f.formatOptions = options
            if let d = f.date(from: s) { return d }
        }
        let local = TimeZone(secondsFromGMT: utcOffset) ?? TimeZone(identifier: "UTC")!
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = local
            f.dateFormat = pattern
            if let d = f.date(from: s) { return d }
        }
        throw Open311Error.badRequest("\(field): not a W3C datetime (e.g. 2026-11-26T09:00:00+08:00)")
    }
}

enum Open311Text {
    /// Plain text from what a client sent: tags and entities removed, whitespace kept tidy.
    static func stripHTML(_ s: String) -> String {
        var out = ""
        var inTag = false
        for ch in s {
            if ch == "<" { inTag = true; continue }
            if ch == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(ch) }
        }
        let entities = ["&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&amp;": "&"]
        for (k, v) in entities { out = out.replacingOccurrences(of: k, with: v) }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let personalNumbers = try! NSRegularExpression(
        pattern: "(?<![0-9])(?:0[0-9]{2,3}[- ]?[0-9]{7,8}|[0-9]{9,}[Xx]?)(?![0-9])")

    /// Masks what looks like a phone or ID number in text shown to the public: mobile numbers and
    /// other runs of 9 or more digits (`13812341234` → `138****1234`) and landlines with an area
    /// code (`0537-4412345` → `0537-*****45`). Order codes and dates stay readable.
    static func scrub(_ s: String) -> String {
        let ns = s as NSString
        var out = s
        for m in personalNumbers.matches(in: s, range: NSRange(location: 0, length: ns.length)).reversed() {
            let found = ns.substring(with: m.range)
            let masked: String
            if found.hasPrefix("0"), let sep = found.firstIndex(where: { $0 == "-" || $0 == " " }) {
                let tail = found[found.index(after: sep)...]
                masked = String(found[...sep]) + String(repeating: "*", count: tail.count - 2) + String(tail.suffix(2))
            } else if found.count >= 11 {
                masked = Masking.phone(found)
            } else {
                masked = String(repeating: "*", count: found.count - 2) + String(found.suffix(2))
            }
            if let r = Range(m.range, in: out) { out.replaceSubrange(r, with: masked) }
        }
        return out
    }
}
