import Fluent
import Foundation
import HeweiCore
import Vapor

/// Open311 GeoReport v2 at `/open311/v2/` (see docs/OPEN311.md): discovery, services (one per minor
/// category), service definitions, requests (create with an API key, query, read one), tokens
/// (never issued), and mySociety's `servicerequestupdates` (GET). Every answer — errors included —
/// is an Open311 body in the format of the path's suffix; nothing here reaches the JSON API's
/// error middleware.
struct Open311Controller: RouteCollection {
    static let base: [PathComponent] = ["open311", "v2"]
    /// When this interface last changed (discovery's `changeset`).
    static let changeset = "2026-11-27T00:00:00+08:00"

    func boot(routes: any RoutesBuilder) throws {
        let open311 = routes.grouped(Open311ErrorMiddleware())
        let v2 = open311.grouped(Self.base)
        v2.get(":file", use: top)
        v2.post(":file", use: post)
        v2.get("services", ":file", use: service)
        v2.get("requests", ":file", use: request)
        v2.get("tokens", ":file", use: token)
        // Anything else below /open311 is an Open311 404, not the JSON API's.
        for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE] {
            open311.on(method, ["open311"], use: unknown)
            open311.on(method, ["open311", "**"], use: unknown)
        }
    }

    // MARK: routing by file name

    /// `requests.json` → ("requests", .json); an unknown suffix is a 404 (answered in XML).
    private func file(_ req: Request) -> (String, Open311Format)? {
        Open311Format.split(req.parameters.get("file") ?? "")
    }

    private func answer(_ req: Request, _ body: (Open311Format, String) async throws -> Response) async -> Response {
        guard let (name, format) = file(req) else {
            return Open311Response.error(.notFound("unknown resource: use the suffix .xml or .json"), format: .xml)
        }
        do {
            try checkJurisdiction(req)
            return try await body(format, name)
        } catch {
            return Open311Response.error(error, format: format, request: req)
        }
    }

    @Sendable func top(req: Request) async throws -> Response {
        await answer(req) { format, name in
            let q = try Open311Query(req)
            switch name {
            case "discovery": return discovery(req, format: format)
            case "services": return try await services(req, format: format)
            case "requests": return try await Open311Requests(req).query(q, format: format)
            case "servicerequestupdates": return try await Open311Requests(req).updates(q, format: format)
            default: throw Open311Error.notFound("unknown resource '\(name)'")
            }
        }
    }

    @Sendable func post(req: Request) async throws -> Response {
        await answer(req) { format, name in
            guard name == "requests" || name == "servicerequestupdates" else { throw Open311Error.notFound("unknown resource '\(name)'") }
            // The public face: limited per client address before the key is even looked at.
            guard req.hewei.publicLimiter.take(req.remoteAddress?.ipAddress ?? "unknown", now: req.hewei.clock.now()) else {
                throw Open311Error(status: .tooManyRequests, description: "too many requests; slow down")
            }
            let form = try Open311Form(req)
            if let j = form.first("jurisdiction_id"), j != req.hewei.rules.current.county {
                throw Open311Error.notFound("unknown jurisdiction_id '\(j)' (this endpoint serves \(req.hewei.rules.current.county))")
            }
            guard let client = try await Open311Clients.authenticate(form.first("api_key"), on: req.db) else {
                throw Open311Error.forbidden("a valid api_key is required (missing, unknown or revoked)")
            }
            if name == "servicerequestupdates" { return try await Open311Requests(req).postUpdate(form, client: client, format: format) }
            return try await Open311Requests(req).create(form, client: client, format: format)
        }
    }

    @Sendable func service(req: Request) async throws -> Response {
        await answer(req) { format, code in try await definition(req, code: code, format: format) }
    }

    @Sendable func request(req: Request) async throws -> Response {
        await answer(req) { format, id in try await Open311Requests(req).one(id, query: try Open311Query(req), format: format) }
    }

    @Sendable func token(req: Request) async throws -> Response {
        await answer(req) { _, _ in
            throw Open311Error.notFound("no such token: this server creates requests at once and answers with service_request_id, so it never issues tokens")
        }
    }

    @Sendable func unknown(req: Request) async throws -> Response {
        let last = req.url.path.split(separator: "/").last.map(String.init) ?? ""
        let format = Open311Format.split(last)?.1 ?? .xml
        return Open311Response.error(.notFound("unknown resource"), format: format)
    }

    /// One jurisdiction: `jurisdiction_id` may be left out, or must be the county's code.
    private func checkJurisdiction(_ req: Request) throws {
        let value = req.query[String.self, at: "jurisdiction_id"] ?? ""
        if !value.isEmpty && value != req.hewei.rules.current.county {
            throw Open311Error.notFound("unknown jurisdiction_id '\(value)' (this endpoint serves \(req.hewei.rules.current.county))")
        }
    }

    // MARK: discovery

    func discovery(_ req: Request, format: Open311Format) -> Response {
        let rules = req.hewei.rules.current
        let scheme = req.headers.first(name: "X-Forwarded-Proto") ?? "http"
        let host = req.headers.first(name: .host) ?? "127.0.0.1"
        let url = "\(scheme)://\(host)/open311/v2"
        let endpoint: Open311Value = .object([
            ("specification", .string("http://wiki.open311.org/GeoReport_v2")),
            ("url", .string(url)),
            ("changeset", .string(Self.changeset)),
            ("type", .string("production")),
            ("formats", .list(item: "format", [.string("text/xml"), .string("application/json")])),
        ])
        let value: Open311Value = .object([
            ("changeset", .string(Self.changeset)),
            ("contact", .string("\(rules.countyName)社会治理服务中心 (Hewei). Open311 GeoReport v2; see docs/OPEN311.md.")),
            ("key_service", .string("API keys are issued by the service centre's system administrator (hewei open311 client add NAME).")),
            ("endpoints", .list(item: "endpoint", [endpoint])),
        ])
        return Open311Response.make(value, root: "discovery", format: format)
    }

    // MARK: services

    func services(_ req: Request, format: Open311Format) async throws -> Response {
        let all = try await CategoryModel.query(on: req.db).filter(\.$active == true).sort(\.$code).all()
        let majors = Dictionary(all.filter { !$0.isLeaf }.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let items: [Open311Value] = all.filter(\.isLeaf).map { minor in
            let major = minor.parentCode.flatMap { majors[$0] }
            return .object([
                ("service_code", .string(minor.code)),
                ("service_name", .string(minor.name)),
                ("description", .string(Self.describe(minor, major: major, org: req.hewei.org))),
                ("metadata", .bool(true)),
                ("type", .string("realtime")),
                ("keywords", .string(Self.keywords(minor, major: major))),
                ("group", .string(major?.name ?? "")),
            ])
        }
        return Open311Response.make(.list(item: "service", items), root: "services", format: format)
    }

    static func describe(_ minor: CategoryModel, major: CategoryModel?, org: OrgDirectory) -> String {
        var text = [major?.name, minor.name].compactMap { $0 }.joined(separator: " / ") + " (\(minor.nameEn))"
        if let unit = org.unit(minor.defaultUnitID) { text += "；承办单位 \(unit.name)" }
        if let limit = minor.handlingLimit { text += "；办理时限 \(limit)" }
        return text
    }

    static func keywords(_ minor: CategoryModel, major: CategoryModel?) -> String {
        var words: [String] = []
        for word in minor.nameEn.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count > 2 {
            if !words.contains(String(word)) { words.append(String(word)) }
        }
        if let major {
            words.append(major.name)
            words.append(major.nameEn.lowercased())
        }
        return words.joined(separator: ",")
    }

    func definition(_ req: Request, code: String, format: Open311Format) async throws -> Response {
        guard let minor = try await CategoryModel.query(on: req.db).filter(\.$code == code).first(), minor.active, minor.isLeaf else {
            throw Open311Error.notFound("unknown service_code '\(code)'")
        }
        let kindNamesEn: [RequestKind: String] = [.enquiry: "enquiry", .help: "help", .complaint: "complaint", .report: "report",
                                                  .suggestion: "suggestion", .praise: "praise"]
        let urgencyNames: [Urgency: String] = [.general: "一般 general", .urgent: "紧急 urgent (water, power, gas, heating)",
                                               .critical: "特急 critical (life and safety)"]
        let kinds: [Open311Value] = RequestKind.allCases.map {
            .object([("key", .string($0.rawValue)), ("name", .string("\($0.nameZh) \(kindNamesEn[$0] ?? $0.rawValue)"))])
        }
        let urgencies: [Open311Value] = Urgency.allCases.map {
            .object([("key", .string($0.rawValue)), ("name", .string(urgencyNames[$0] ?? $0.rawValue))])
        }
        let defaultUrgency = Urgency(rawValue: minor.urgency) ?? .general
        let attributes: [Open311Value] = [
            .object([
                ("variable", .bool(true)),
                ("code", .string("request_kind")),
                ("datatype", .string("singlevaluelist")),
                ("required", .bool(false)),
                ("datatype_description", .string("One key of the list; default complaint (投诉).")),
                ("order", .int(1)),
                ("description", .string("诉求类型 Request kind")),
                ("values", .list(item: "value", kinds)),
            ]),
            .object([
                ("variable", .bool(true)),
                ("code", .string("urgency")),
                ("datatype", .string("singlevaluelist")),
                ("required", .bool(false)),
                ("datatype_description", .string("One key of the list; default for this service: \(defaultUrgency.rawValue). Sets the time limit.")),
                ("order", .int(2)),
                ("description", .string("紧急程度 Urgency")),
                ("values", .list(item: "value", urgencies)),
            ]),
        ]
        let value: Open311Value = .object([("service_code", .string(minor.code)), ("attributes", .list(item: "attribute", attributes))])
        return Open311Response.make(value, root: "service_definition", format: format)
    }
}

/// Errors thrown before a handler runs (a body over the size limit…) as Open311 bodies too, never
/// the JSON API's shape.
struct Open311ErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let last = request.url.path.split(separator: "/").last.map(String.init) ?? ""
            return Open311Response.error(error, format: Open311Format.split(last)?.1 ?? .xml, request: request)
        }
    }
}

/// The query string as a dictionary (repeated keys: the last wins).
struct Open311Query {
    var values: [String: String]

    init(_ req: Request) throws {
        var values: [String: String] = [:]
        for (key, value) in Open311Form.pairs(req.url.query ?? "") { values[key] = value }
        self.values = values
    }

    subscript(_ key: String) -> String? {
        let v = values[key]?.trimmingCharacters(in: .whitespaces)
        return v?.isEmpty == false ? v : nil
    }
}

/// A form-urlencoded POST body (`attribute[CODE]`, `attribute[CODE][]` kept as written), read
/// by hand so that bracketed keys are not taken for nested structures. Query parameters count too
/// (some clients send `api_key` there); the body wins.
struct Open311Form {
    var pairs: [(String, String)]

    init(_ req: Request) throws {
        if let type = req.headers.contentType, !(type.type == "application" && type.subType == "x-www-form-urlencoded") {
            throw Open311Error.badRequest("the body must be application/x-www-form-urlencoded")
        }
        let body = req.body.data.map { String(buffer: $0) } ?? ""
        pairs = Self.pairs(req.url.query ?? "") + Self.pairs(body)
    }

    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    /// The last non-empty value of `key` ("optional" means empty ≡ absent).
    func first(_ key: String) -> String? {
        pairs.last { $0.0 == key && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }?.1.trimmingCharacters(in: .whitespaces)
    }

    /// `attribute[CODE]` (or the first of `attribute[CODE][]`).
    func attribute(_ code: String) -> String? {
        first("attribute[\(code)]") ?? first("attribute[\(code)][]")
    }
}
