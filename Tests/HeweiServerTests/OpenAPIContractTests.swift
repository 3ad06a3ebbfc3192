import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting
import Yams

/// The OpenAPI document served at `/openapi.yaml` is the contract of the JSON API. These tests
/// hold the routes and the document together: every route is documented, every documented
/// operation exists, the vocabularies agree with HeweiCore, and real responses of a full work-order
/// loop match the documented schemas for their status codes.
@Suite struct OpenAPIContractTests {
    // MARK: - The document itself

    @Test func documentIsServedAsYAMLAndLooksValid() async throws {
        try await withApp { (t: TestApp) in
            let (doc, contentType) = try await Contract.fetch(t)
            #expect(contentType.hasPrefix("application/yaml"))
            let version = try #require(doc["openapi"] as? String)
            #expect(version.hasPrefix("3.1."), "openapi is \(version)")
            let info = try #require(doc["info"] as? [String: Any])
            #expect((info["title"] as? String)?.isEmpty == false)
            #expect((info["version"] as? String)?.isEmpty == false)
            let paths = try #require(doc["paths"] as? [String: Any])
            #expect(!paths.isEmpty)
            let schemes = (doc["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
            let bearer = schemes?["bearerAuth"] as? [String: Any]
            #expect(bearer?["type"] as? String == "http" && bearer?["scheme"] as? String == "bearer")
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        try await withApp { (t: TestApp) in
            let (doc, _) = try await Contract.fetch(t)
            let documented = Set(Contract.operations(doc).map { "\($0.method) \(Contract.normalise(template: $0.path))" })
            let routed = Set(Contract.apiRoutes(t.app).map { "\($0.method) \($0.pattern)" })
            #expect(!routed.isEmpty)
            let undocumented = routed.subtracting(documented).sorted()
            let phantom = documented.subtracting(routed).sorted()
            #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(undocumented)")
            #expect(phantom.isEmpty, "documented operations with no route: \(phantom)")
        }
    }

    @Test func pathParameterNamesMatchTheRoutesAndAreDeclared() async throws {
        try await withApp { (t: TestApp) in
            let (doc, _) = try await Contract.fetch(t)
            let routedNames = Set(Contract.apiRoutes(t.app).map { "\($0.method) \($0.named)" })
            for op in Contract.operations(doc) {
                let routed = routedNames.contains("\(op.method) \(op.path)")
                #expect(routed, "\(op.method) \(op.path): no route with these parameter names")
                let inPath = op.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
                let declared = Set(op.parameters(doc).filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
                #expect(Set(inPath) == declared, "\(op.method) \(op.path): path parameters \(inPath), declared \(declared.sorted())")
            }
        }
    }

    @Test func everyOperationHasASuccessResponseAndAUniqueId() async throws {
        try await withApp { (t: TestApp) in
            let (doc, _) = try await Contract.fetch(t)
            var ids: [String] = []
            for op in Contract.operations(doc) {
                let responses = op.body["responses"] as? [String: Any] ?? [:]
                #expect(responses["200"] != nil || responses["201"] != nil || responses["204"] != nil,
                        "\(op.method) \(op.path) has no 200/201/204 response")
                #expect(responses.keys.allSatisfy { Int($0) != nil || $0 == "default" },
                        "\(op.method) \(op.path): response keys \(responses.keys.sorted()) must be quoted status codes")
                if let id = op.body["operationId"] as? String { ids.append(id) } else {
                    Issue.record("\(op.method) \(op.path) has no operationId")
                }
            }
            #expect(Set(ids).count == ids.count, "operationIds repeat: \(ids.sorted())")
        }
    }

    @Test func everyReferenceResolves() async throws {
        try await withApp { (t: TestApp) in
            let (doc, _) = try await Contract.fetch(t)
            var refs: [String] = []
            Contract.collectRefs(doc, into: &refs)
            #expect(!refs.isEmpty)
            for ref in Set(refs).sorted() {
                #expect(Contract.resolve(pointer: ref, in: doc) != nil, "unresolved $ref \(ref)")
            }
        }
    }

    @Test func vocabulariesMatchHeweiCore() async throws {
        try await withApp { (t: TestApp) in
            let (doc, _) = try await Contract.fetch(t)
            func enumOf(_ name: String) -> [String] {
                let schema = Contract.resolve(pointer: "#/components/schemas/\(name)", in: doc) as? [String: Any]
                return schema?["enum"] as? [String] ?? []
            }
            // Channels are configuration: the document lists the built-in ones, which are the defaults' and the code's.
            let channel = Contract.resolve(pointer: "#/components/schemas/Channel", in: doc) as? [String: Any]
            #expect(channel?["x-builtin"] as? [String] == HeweiCore.Channel.allCases.map(\.rawValue))
            #expect(try ChannelDirectory.defaults().map(\.code) == HeweiCore.Channel.allCases.map(\.rawValue))
            #expect(enumOf("RequestKind") == RequestKind.allCases.map(\.rawValue))
            #expect(enumOf("Urgency") == Urgency.allCases.map(\.rawValue))
            #expect(enumOf("WorkOrderState") == WorkOrderState.allCases.map(\.rawValue))
            #expect(enumOf("Light") == Light.allCases.map(\.rawValue))
            #expect(enumOf("OrderAction") == OrderAction.allCases.map(\.rawValue))
            #expect(enumOf("ActionName") == OrderAction.allCases.filter { ![.accept, .recomputeDeadlines, .rate, .residentUpdate].contains($0) }.map(\.rawValue))
            #expect(enumOf("Satisfaction") == Satisfaction.allCases.map(\.rawValue))
            #expect(enumOf("Role") == Role.allCases.map(\.rawValue))
            #expect(enumOf("ClockKind") == ClockKind.allCases.map(\.rawValue))
            #expect(enumOf("TokenScope") == AccessPolicy.allTokenScopes)
            #expect(enumOf("AuditKind") == AuditFilter.kinds)
            let list = try #require(Contract.operations(doc).first { $0.method == "GET" && $0.path == "/api/v1/orders" })
            let sort = list.parameters(doc).first { $0["name"] as? String == "sort" }
            #expect((sort?["schema"] as? [String: Any])?["enum"] as? [String] == OrderFilter.Sort.allCases.map(\.rawValue))
            for limit in ["8 hours", "1 working day", "5 working days", "30 minutes", "2 working hours"] {
                #expect(TimeLimit(parsing: limit)?.description == limit)
                #expect(Contract.validate(limit, against: ["$ref": "#/components/schemas/TimeLimit"], doc: doc).isEmpty)
            }
        }
    }

    /// Vapor's default JSON coders use `.iso8601`: UTC, no fractional seconds.
    @Test func datesAreISO8601InUTCWithoutFractionalSeconds() async throws {
        try await withApp { (t: TestApp) in
            let login = try await Contract.call(t, .POST, "/api/v1/auth/login", body: #"{"username":"clerk","password":"hewei-demo"}"#)
            #expect(login.status == .ok)
            // testStart is 2026-11-26 09:00 in Qufu; tokens last 12 hours.
            #expect(login.json?["expiresAt"]?.string == "2026-11-26T13:00:00Z")
        }
    }

    // MARK: - Real responses against the documented schemas

    @Test func aFullLoopMatchesTheDocumentedResponses() async throws {
        try await withApp { (t: TestApp) in
            let loop = try await FullLoop(t)
            try await loop.step0()
            try await loop.step1()
            try await loop.step2()
            try await loop.step3()
            try await loop.step4()
            try await loop.step5()
            try await loop.step6()
            try await loop.step7()
            try await loop.step8()
            loop.finish()
        }
    }
}

/// The full loop of `aFullLoopMatchesTheDocumentedResponses`, in steps that share the accounts and
/// records made so far (one long function body makes the type checker use a lot of memory).
final class FullLoop {
    let t: TestApp
    let doc: [String: Any]
    var checker: Contract.Checker
    var pooledCode = ""
    var secID = ""
    var userID = ""
    var admin = HTTPHeaders()
    var anonymous = ""
    var auditor = HTTPHeaders()
    var clerk = HTTPHeaders()
    var code = ""
    var complaint = ""
    var dispatcher = HTTPHeaders()
    var followUp = HTTPHeaders()
    var hbj = HTTPHeaders()
    var masked: Contract.Exchange!
    var secadmin = HTTPHeaders()
    var supervisor = HTTPHeaders()
    var zjj = HTTPHeaders()

    init(_ t: TestApp) async throws {
        self.t = t
        (doc, _) = try await Contract.fetch(t)
        checker = Contract.Checker(doc: doc)
    }

    func run(_ method: HTTPMethod, _ path: String, _ auth: HTTPHeaders = [:], body: String? = nil,
             headers extra: [(String, String)] = [], expect status: HTTPResponseStatus) async throws -> Contract.Exchange {
        let x = try await Contract.call(t, method, path, auth: auth, body: body, headers: extra)
        #expect(x.status == status, "\(method) \(path): \(x.status.code) \(x.text)")
        checker.check(method, path, x)
        return x
    }

    func bearer(_ secret: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: secret ?? "")
        return headers
    }

    func finish() {
        for problem in checker.problems { Issue.record(Comment(rawValue: problem)) }
        // Mediation, petitions, reception and the hall are exercised by their own flows (ContractFlow).
        let untested = Contract.operations(doc).filter { op in !ContractFlow.ownSuites.contains { op.path.hasPrefix($0) } }
            .map { "\($0.method) \($0.path)" }.filter { !checker.exercised.contains($0) }
        #expect(untested.isEmpty, "documented operations not exercised: \(untested)")
    }

    func step0() async throws {
        _ = try await run(.GET, "/health", expect: .ok)
        _ = try await run(.GET, "/metrics", expect: .ok)
        _ = try await run(.GET, "/openapi.yaml", expect: .ok)
        _ = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"clerk","password":"nope"}"#, expect: .unauthorized)
        _ = try await run(.GET, "/api/v1/me", expect: .unauthorized)

        clerk = try await t.login("clerk")
        dispatcher = try await t.login("dispatcher")
        hbj = try await t.login("h-hbj")
        zjj = try await t.login("h-zjj")
        followUp = try await t.login("followup")
        supervisor = try await t.login("supervisor")
        admin = try await t.login("sysadmin")
        auditor = try await t.login("auditor")

        _ = try await run(.GET, "/api/v1/me", hbj, expect: .ok)

    }

    func step1() async throws {
        // Intake: dispatched at once, replayed, answered at once, left waiting; a bad one.
        complaint = #"""
        {"channel":"hotline12345","channelRef":"HL-1","requestKind":"complaint","categoryCode":"0501",
         "address":"曲阜市鼓楼北街12号","longitude":116.98,"latitude":35.58,"requesterName":"张三丰",
         "requesterPhone":"13812341234","content":"夜间施工噪声扰民。","dispatchTo":"auto"}
        """#
        let created = try await run(.POST, "/api/v1/orders", clerk, body: complaint,
                                    headers: [("Idempotency-Key", "contract-1")], expect: .created)
        code = try #require(created.json?["code"]?.string)
        #expect(created.json?["requesterPhone"]?.string == "138****1234", "phones are masked for everyone, the clerk included")
        #expect(created.json?["requesterName"]?.string == "张三丰")
        #expect(created.headers.first(name: .location) == "/api/v1/orders/\(code)")
        let replay = try await run(.POST, "/api/v1/orders", clerk, body: complaint,
                                   headers: [("Idempotency-Key", "contract-1")], expect: .ok)
        #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
        #expect(replay.json?["code"]?.string == code)
        let enquiry = #"""
        {"channel":"hotline12345","requestKind":"enquiry","categoryCode":"0404","address":"静轩中路1号",
         "requesterName":"李四","requesterPhone":"13912345678","content":"咨询社保补贴。","answerAtOnce":"请到3号窗口办理。"}
        """#
        let answered = try await run(.POST, "/api/v1/orders", clerk, body: enquiry, expect: .created)
        #expect(answered.json?["state"]?.string == "closed")
        anonymous = #"""
        {"channel":"app","requestKind":"report","categoryCode":"0506","address":"武家村东","anonymous":true,
         "content":"河道倾倒建筑垃圾。"}
        """#
        let waiting = try await run(.POST, "/api/v1/orders", clerk, body: anonymous, expect: .created)
        #expect(waiting.json?["state"]?.string == "accepted")
        _ = try await run(.POST, "/api/v1/orders", clerk, body: #"{"channel":"fax","requestKind":"help","categoryCode":"0501","address":"x","content":"y"}"#,
                          expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders", clerk, body: #"{"channel":"app"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders", auditor, body: anonymous, expect: .forbidden)

        // Reading.
        _ = try await run(.GET, "/api/v1/orders?state=dispatched,closed&channel=hotline12345&sort=code&per=5", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders?light=green&from=2026-11-01&to=2026-12-01&unit=HBJ&code=20261126", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders?sort=sideways", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/orders", auditor, expect: .forbidden)
        masked = try await run(.GET, "/api/v1/orders/\(code)", hbj, expect: .ok)
        #expect(masked.json?["requesterPhone"]?.string == "138****1234")
        let asDispatcher = try await run(.GET, "/api/v1/orders/\(code)", dispatcher, expect: .ok)
        #expect(asDispatcher.json?["requesterPhone"]?.string == "138****1234")
        _ = try await run(.GET, "/api/v1/orders/\(code)/timeline", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/370881-20261126-999999", dispatcher, expect: .notFound)

        // The loop: object, approve the objection to another unit, then through to closing.
        let act = "/api/v1/orders/\(code)/actions/"
        _ = try await run(.POST, act + "signFor", clerk, expect: .forbidden)
        _ = try await run(.POST, act + "report", hbj, body: #"{"note":"done"}"#, expect: .conflict)
        _ = try await run(.POST, act + "fly", hbj, expect: .notFound)
        _ = try await run(.POST, act + "object", hbj, body: #"{"note":"工地归住建局监管。"}"#, expect: .ok)
        _ = try await run(.POST, act + "approveObjection", dispatcher, body: #"{"unit":"ZJJ"}"#, expect: .badRequest)
        _ = try await run(.POST, act + "approveObjection", dispatcher, body: #"{"unit":"ZJJ","note":"改派住建局。"}"#, expect: .ok)
        _ = try await run(.POST, act + "signFor", zjj, expect: .ok)
        _ = try await run(.POST, act + "supervise", supervisor, body: #"{"note":"请加快办理。"}"#, expect: .ok)
        _ = try await run(.POST, act + "requestExtension", zjj, body: #"{"note":"需协调。","extension":"3 working days"}"#, expect: .ok)
        _ = try await run(.POST, act + "approveExtension", dispatcher, expect: .ok)
        _ = try await run(.POST, act + "report", zjj, body: #"{"note":"已整改。"}"#, expect: .ok)
        _ = try await run(.POST, act + "reply", zjj, body: #"{"reply":"已处理。"}"#, expect: .ok)
        let followed = try await run(.POST, act + "recordFollowUp", followUp, body: #"{"resolved":true,"satisfaction":"satisfied"}"#, expect: .ok)
        #expect(followed.json?["followUp"]?["satisfaction"]?.string == "satisfied")
        let closed = try await run(.POST, act + "close", dispatcher, expect: .ok)
        #expect(closed.json?["state"]?.string == "closed")
        _ = try await run(.GET, "/api/v1/orders/\(code)/timeline", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/\(code)/deadlines", dispatcher, expect: .ok)

    }

    func step2() async throws {
        // Reveal (audited, with a reason) and export (masked, audited).
        let contact = try await run(.POST, "/api/v1/orders/\(code)/reveal", followUp, body: #"{"reason":"回访需要联系诉求人"}"#, expect: .ok)
        #expect(contact.json?["phone"]?.string == "13812341234")
        #expect(contact.json?["name"]?.string == "张三丰")
        _ = try await run(.POST, "/api/v1/orders/\(code)/reveal", followUp, body: #"{"reason":"x"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders/\(code)/reveal", followUp, body: #"{}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders/\(code)/reveal", supervisor, body: #"{"reason":"督办需要联系"}"#, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/orders/370881-20261126-999999/reveal", followUp, body: #"{"reason":"回访需要联系"}"#, expect: .notFound)
        let exported = try await run(.GET, "/api/v1/orders/export?state=closed&sort=code", dispatcher, expect: .ok)
        #expect(exported.text.hasPrefix("code,createdAt,channel,"))
        #expect(exported.text.contains(code) && exported.text.contains("138****1234") && !exported.text.contains("13812341234"))
        #expect(exported.headers.first(name: "X-Total-Count") == "2")
        _ = try await run(.GET, "/api/v1/orders/export?sort=sideways", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/orders/export", clerk, expect: .forbidden)

        // Clocks: suspended and resumed; then overdue, swept to red with automatic supervision.
        let late = try await run(.POST, "/api/v1/orders", clerk, body: complaint, expect: .created)
        let lateCode = try #require(late.json?["code"]?.string)
        _ = try await run(.POST, "/api/v1/orders/\(lateCode)/actions/suspend", dispatcher, body: #"{"note":"等待鉴定。"}"#, expect: .ok)
        let paused = try await run(.GET, "/api/v1/orders/\(lateCode)/deadlines", dispatcher, expect: .ok)
        #expect(paused.text.contains(#""paused":true"#))
        _ = try await run(.POST, "/api/v1/orders/\(lateCode)/actions/signFor", hbj, expect: .conflict)
        _ = try await run(.POST, "/api/v1/orders/\(lateCode)/actions/resume", dispatcher, expect: .ok)
        t.clock.advance(by: 10 * 3600)
        _ = try await t.sweep()
        let swept = try await run(.GET, "/api/v1/orders/\(lateCode)/timeline", dispatcher, expect: .ok)
        #expect(swept.text.contains(#""actorRole":"system""#))
        let expired = try await run(.GET, "/api/v1/orders/\(lateCode)/deadlines", dispatcher, expect: .ok)
        #expect(expired.text.contains(#""status":"expired""#))
        _ = try await run(.GET, "/api/v1/orders?light=red", supervisor, expect: .ok)

    }

    func step3() async throws {
        // Reference data and rules.
        _ = try await run(.GET, "/api/v1/units", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/categories", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/calendar/2026", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/calendar/99", hbj, expect: .badRequest)
        let policy = try await run(.GET, "/api/v1/policy", hbj, expect: .ok)
        _ = try await run(.POST, "/api/v1/calendar/days", dispatcher,
                          body: #"{"days":[{"date":"2026-12-31","kind":"off","name":"地方假日"}],"note":"x"}"#, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/calendar/days", admin,
                          body: #"{"days":[{"date":"2026-12-31","kind":"off","name":"地方假日"}],"note":"市政府通知。"}"#, expect: .ok)
        var limits = try #require(policy.json?["timeLimits"]?.object)
        limits["objectionWindow"] = .string("2 working days")
        let policyBody = String(decoding: try JSONEncoder().encode(["timeLimits": Contract.JSON.object(limits),
                                                                    "note": .string("按省规定。")]), as: UTF8.self)
        _ = try await run(.PUT, "/api/v1/policy", admin, body: policyBody, expect: .ok)
        _ = try await run(.PUT, "/api/v1/policy", admin, body: #"{"timeLimits":{},"note":"x"}"#, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/config-changes", auditor, expect: .ok)
        _ = try await run(.GET, "/api/v1/config-changes", hbj, expect: .forbidden)

        // The grid and routing rules.
        try await DemoSeeder(app: t.app).seedGrid()
        _ = try await run(.GET, "/api/v1/grid/cells", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/cells?parent=370881001", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/cells?level=nope", hbj, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/grid/cells/370881001", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/cells/999", hbj, expect: .notFound)
        _ = try await run(.GET, "/api/v1/grid/locate?lon=116.99&lat=35.58&category=0101", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/locate?lon=117.2004&lat=35.6", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/locate?lon=116.99", hbj, expect: .badRequest)
        let rule = try await run(.POST, "/api/v1/routing-rules", admin,
                                 body: #"{"position":10,"categoryCode":"0101","areaCode":"370881001","unit":"370881001000","note":"街道处置"}"#,
                                 expect: .created)
        _ = try await run(.POST, "/api/v1/routing-rules", dispatcher, body: #"{"categoryCode":"0101","unit":"GAJ","note":"x"}"#, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/routing-rules", admin, body: #"{"categoryCode":"0101","unit":"NOPE","note":"x"}"#, expect: .badRequest)
        let ruleID = try #require(rule.json?["id"]?.string)
        _ = try await run(.PUT, "/api/v1/routing-rules/\(ruleID)", admin,
                          body: #"{"position":10,"categoryCode":"0101","unit":"370881001000","note":"停用","active":false}"#, expect: .ok)
        _ = try await run(.PUT, "/api/v1/routing-rules/\(UUID())", admin, body: #"{"categoryCode":"0101","unit":"GAJ","note":"x"}"#,
                          expect: .notFound)
        _ = try await run(.GET, "/api/v1/routing-rules", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/export?level=large", hbj, expect: .ok)

    }

    func step4() async throws {
        // Grid work: assignments, base data, CSV import, patrols and a reported finding.
        let gridWorker = try await t.login("gridworker")
        let spot = try #require(t.context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58))).cells
        let far = try #require(t.context.grid.current.locate(GeoPoint(lon: 116.85, lat: 35.70))).cells
        let assigned = try await run(.POST, "/api/v1/grid/assignments", dispatcher,
                                     body: #"{"username":"gridworker","cellCode":"\#(spot[1])","kind":"worker"}"#, expect: .created)
        _ = try await run(.POST, "/api/v1/grid/assignments", dispatcher, body: #"{"username":"gridworker","cellCode":"\#(spot[1])"}"#, expect: .conflict)
        _ = try await run(.POST, "/api/v1/grid/assignments", dispatcher, body: #"{"username":"clerk","cellCode":"\#(spot[1])"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/grid/assignments", hbj, body: #"{"username":"gridworker","cellCode":"\#(spot[1])"}"#, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/grid/assignments?cell=\(spot[1])", admin, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/assignments?user=nobody", admin, expect: .notFound)
        _ = try await run(.GET, "/api/v1/grid/assignments", auditor, expect: .forbidden)
        let resident = #"{"cellCode":"\#(spot[0])","name":"孔繁森","attributes":{"idNumber":"370881199001011234","phone":"13812341234","address":"五马祠街12号","tags":"独居老人"}}"#
        let record = try await run(.POST, "/api/v1/grid/base-data/residents", gridWorker, body: resident, expect: .created)
        let recordID = try #require(record.json?["id"]?.string)
        _ = try await run(.POST, "/api/v1/grid/base-data/residents", gridWorker, body: #"{"cellCode":"\#(spot[0])","name":"x","attributes":{"idNumber":"1"}}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/grid/base-data/residents", gridWorker,
                          body: resident.replacingOccurrences(of: spot[0], with: far[0]), expect: .forbidden)
        _ = try await run(.PUT, "/api/v1/grid/base-data/residents/\(recordID)", gridWorker,
                          body: resident.replacingOccurrences(of: "13812341234", with: "13912345678"), expect: .ok)
        _ = try await run(.PUT, "/api/v1/grid/base-data/residents/\(UUID())", gridWorker, body: resident, expect: .notFound)
        let history = try await run(.GET, "/api/v1/grid/base-data/residents/\(recordID)/changes", dispatcher, expect: .ok)
        #expect(history.text.contains("139****5678"))
        let seen = try await run(.GET, "/api/v1/grid/base-data/residents/\(recordID)", dispatcher, expect: .ok)
        #expect(seen.json?["attributes"]?["idNumber"]?.string == "370881********1234")
        _ = try await run(.GET, "/api/v1/grid/base-data/residents/\(UUID())", dispatcher, expect: .notFound)
        let own = try await run(.GET, "/api/v1/grid/base-data/residents/\(recordID)", gridWorker, expect: .ok)
        #expect(own.json?["attributes"]?["phone"]?.string == "139****5678", "base data is masked for the grid worker too")
        let revealed = try await run(.POST, "/api/v1/grid/base-data/residents/\(recordID)/reveal", gridWorker,
                                     body: #"{"reason":"入户走访核对身份"}"#, expect: .ok)
        #expect(revealed.json?["attributes"]?["idNumber"]?.string == "370881199001011234")
        #expect(revealed.json?["attributes"]?["phone"]?.string == "13912345678")
        _ = try await run(.POST, "/api/v1/grid/base-data/residents/\(recordID)/reveal", gridWorker, body: #"{"reason":"看"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/grid/base-data/residents/\(UUID())/reveal", gridWorker, body: #"{"reason":"入户走访"}"#, expect: .notFound)
        _ = try await run(.POST, "/api/v1/grid/base-data/residents/\(recordID)/reveal", dispatcher, body: #"{"reason":"核对身份信息"}"#, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/grid/base-data/residents?cell=\(spot[2])&q=孔", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/base-data/people", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/grid/base-data/residents?cell=999", dispatcher, expect: .notFound)
        _ = try await run(.GET, "/api/v1/grid/base-data/residents", auditor, expect: .forbidden)
        let csv = "cellCode,name,type,address,floors\n\(spot[0]),1号楼,residential,五马祠街12号,6\n\(spot[0]),2号楼,castle,五马祠街14号,6\n"
        let csvHeader = [("Content-Type", "text/csv")]
        _ = try await run(.POST, "/api/v1/grid/base-data/buildings/import", gridWorker, body: csv, headers: csvHeader, expect: .badRequest)
        let imported = try await run(.POST, "/api/v1/grid/base-data/buildings/import?skipBad=true", gridWorker, body: csv, headers: csvHeader, expect: .ok)
        #expect(imported.json?["imported"] == .int(1))
        _ = try await run(.POST, "/api/v1/grid/base-data/buildings/import", dispatcher, body: csv, headers: csvHeader, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/grid/cells/\(spot[1])/summary", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/cells/999/summary", hbj, expect: .notFound)
        _ = try await run(.GET, "/api/v1/grid/patrols", expect: .unauthorized)
        _ = try await run(.POST, "/api/v1/grid/patrols", gridWorker, body: #"{"cellCode":"\#(far[1])"}"#, expect: .forbidden)
        let patrol = try await run(.POST, "/api/v1/grid/patrols", gridWorker, body: #"{"cellCode":"\#(spot[1])","note":"例行巡查"}"#, expect: .created)
        let patrolPath = "/api/v1/grid/patrols/" + (try #require(patrol.json?["id"]?.string))
        _ = try await run(.POST, "/api/v1/grid/patrols", gridWorker, body: #"{"cellCode":"\#(spot[1])"}"#, expect: .conflict)
        _ = try await run(.POST, patrolPath + "/track", gridWorker, body: #"{"points":[[116.99,35.58,1795654800]]}"#, expect: .ok)
        _ = try await run(.POST, patrolPath + "/track", gridWorker, body: #"{"points":[[116.99]]}"#, expect: .badRequest)
        let finding = try await run(.POST, patrolPath + "/findings", gridWorker,
                                    body: #"{"text":"路灯不亮。","categoryCode":"0106","lon":116.99,"lat":35.58}"#, expect: .created)
        let findingID = try #require(finding.json?["id"]?.string)
        _ = try await run(.POST, "/api/v1/grid/findings/\(findingID)/report", gridWorker, body: #"{"requestKind":"help"}"#, expect: .created)
        _ = try await run(.POST, "/api/v1/grid/findings/\(findingID)/report", gridWorker, expect: .conflict)
        _ = try await run(.POST, "/api/v1/grid/findings/\(UUID())/report", gridWorker, expect: .notFound)
        _ = try await run(.POST, patrolPath + "/end", gridWorker, expect: .ok)
        _ = try await run(.POST, patrolPath + "/end", gridWorker, expect: .conflict)
        _ = try await run(.POST, patrolPath + "/findings", gridWorker, body: #"{"text":"x"}"#, expect: .conflict)
        _ = try await run(.GET, "/api/v1/grid/patrols?worker=gridworker&open=false", dispatcher, expect: .ok)
        _ = try await run(.GET, patrolPath, dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/grid/patrols/\(UUID())", dispatcher, expect: .notFound)
        _ = try await run(.POST, "/api/v1/grid/assignments/\(try #require(assigned.json?["id"]?.string))/end", admin, expect: .ok)
        _ = try await run(.POST, "/api/v1/grid/assignments/\(UUID())/end", admin, expect: .notFound)
        let largeOnly = String(decoding: GeoJSON.encode(DemoGrid.generate().filter { $0.level == .large }), as: UTF8.self)
        _ = try await run(.POST, "/api/v1/grid/import?note=%E6%B5%8B%E8%AF%95", admin, body: largeOnly,
                          headers: [("Content-Type", "application/geo+json")], expect: .created)
        _ = try await run(.POST, "/api/v1/grid/import?note=x", admin, body: #"{"type":"FeatureCollection","features":[{"type":"Feature"}]}"#,
                          headers: [("Content-Type", "application/geo+json")], expect: .badRequest)
        _ = try await run(.POST, "/api/v1/grid/import?note=x", hbj, body: largeOnly, expect: .forbidden)

        // Accounts: the security administrator only. Sign-ins so far: 9 before the clock moved
        // 10 hours (which refilled the rate limiter's bucket of 10), and the grid worker's after.
        secadmin = try await t.login("secadmin")
        let secMe = try await run(.GET, "/api/v1/me", secadmin, expect: .ok)
        secID = try #require(secMe.json?["id"]?.string)
        let city = try #require(secMe.json?["unit"]?.string)
        _ = try await run(.GET, "/api/v1/users", admin, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/users", dispatcher, expect: .forbidden)
        let newUser = #"{"username":"qa.clerk","displayName":"话务员 孔丽","role":"intakeClerk","unit":"\#(city)","password":"Qufu-2026-pass"}"#
        let made = try await run(.POST, "/api/v1/users", secadmin, body: newUser, expect: .created)
        userID = try #require(made.json?["id"]?.string)
        #expect(made.headers.first(name: .location) == "/api/v1/users/\(userID)")
        #expect(made.json?["active"] == .bool(true) && made.json?["unit"]?.string == city)
        _ = try await run(.POST, "/api/v1/users", secadmin, body: newUser, expect: .conflict)
        _ = try await run(.POST, "/api/v1/users", secadmin,
                          body: newUser.replacingOccurrences(of: "qa.clerk", with: "qa.two").replacingOccurrences(of: "Qufu-2026-pass", with: "short1"),
                          expect: .badRequest)
        _ = try await run(.POST, "/api/v1/users", secadmin, body: #"{"username":"qa.three","displayName":"x","role":"dispatcher","password":"Qufu-2026-pass"}"#,
                          expect: .badRequest)
        _ = try await run(.POST, "/api/v1/users", dispatcher, body: newUser, expect: .forbidden)
        let users = try await run(.GET, "/api/v1/users?role=intakeClerk&q=qa&per=10", secadmin, expect: .ok)
        #expect(users.json?["total"] == .int(1))
        _ = try await run(.GET, "/api/v1/users?role=nope", secadmin, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/users/\(userID)", secadmin, expect: .ok)
        _ = try await run(.GET, "/api/v1/users/\(UUID())", secadmin, expect: .notFound)
        _ = try await run(.GET, "/api/v1/users/\(userID)", auditor, expect: .forbidden)
        let renamed = try await run(.PATCH, "/api/v1/users/\(userID)", secadmin, body: #"{"displayName":"话务员 孔丽丽"}"#, expect: .ok)
        #expect(renamed.json?["displayName"]?.string == "话务员 孔丽丽")
        _ = try await run(.PATCH, "/api/v1/users/\(userID)", secadmin, body: #"{"unit":"NOPE"}"#, expect: .badRequest)
        _ = try await run(.PATCH, "/api/v1/users/\(secID)", secadmin, body: #"{"role":"dispatcher"}"#, expect: .forbidden)
        _ = try await run(.PATCH, "/api/v1/users/\(UUID())", secadmin, body: #"{"displayName":"x"}"#, expect: .notFound)

        // One's own password, and signing out (with a login of its own).
        let qaLogin = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"qa.clerk","password":"Qufu-2026-pass"}"#, expect: .ok)
        let qa = bearer(qaLogin.json?["token"]?.string)
        _ = try await run(.POST, "/api/v1/auth/password", qa, body: #"{"currentPassword":"Wrong-2026-pass","newPassword":"Qufu-2027-pass"}"#,
                          expect: .badRequest)
        _ = try await run(.POST, "/api/v1/auth/password", qa, body: #"{"currentPassword":"Qufu-2026-pass","newPassword":"short"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/auth/password", qa, body: #"{"currentPassword":"Qufu-2026-pass","newPassword":"Qufu-2027-pass"}"#,
                          expect: .noContent)
        _ = try await run(.POST, "/api/v1/auth/password", body: #"{"currentPassword":"a","newPassword":"b"}"#, expect: .unauthorized)
        _ = try await run(.POST, "/api/v1/auth/logout", qa, expect: .noContent)
        _ = try await run(.GET, "/api/v1/me", qa, expect: .unauthorized)
        _ = try await run(.POST, "/api/v1/auth/logout", qa, expect: .unauthorized)

    }

    func step5() async throws {
        // Disable and enable: a disabled account's tokens stop working, and work again after.
        let qaAgain = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"qa.clerk","password":"Qufu-2027-pass"}"#, expect: .ok)
        let qa2 = bearer(qaAgain.json?["token"]?.string)
        let disabled = try await run(.POST, "/api/v1/users/\(userID)/disable", secadmin, expect: .ok)
        #expect(disabled.json?["active"] == .bool(false))
        _ = try await run(.GET, "/api/v1/me", qa2, expect: .unauthorized)
        _ = try await run(.POST, "/api/v1/tokens", secadmin, body: #"{"username":"qa.clerk","name":"x","scopes":["orders:read"]}"#, expect: .conflict)
        _ = try await run(.POST, "/api/v1/users/\(secID)/disable", secadmin, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/users/\(UUID())/disable", secadmin, expect: .notFound)
        _ = try await run(.POST, "/api/v1/users/\(userID)/disable", admin, expect: .forbidden)
        let enabled = try await run(.POST, "/api/v1/users/\(userID)/enable", secadmin, expect: .ok)
        #expect(enabled.json?["active"] == .bool(true))
        _ = try await run(.POST, "/api/v1/users/\(userID)/enable", clerk, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/me", qa2, expect: .ok)

        // Lockout after five wrong passwords, unlock; the sign-in rate limit (10 per address at once).
        let wrong = #"{"username":"qa.clerk","password":"Wrong-2027-pass"}"#
        for _ in 1...5 { _ = try await run(.POST, "/api/v1/auth/login", body: wrong, expect: .unauthorized) }
        let locked = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"qa.clerk","password":"Qufu-2027-pass"}"#, expect: .unauthorized)
        #expect(locked.json?["error"]?["code"]?.string == "account_locked")
        let lockedUser = try await run(.GET, "/api/v1/users/\(userID)", secadmin, expect: .ok)
        #expect(lockedUser.json?["lockedUntil"]?.string != nil)
        let unlocked = try await run(.POST, "/api/v1/users/\(userID)/unlock", secadmin, expect: .ok)
        #expect(unlocked.json?["lockedUntil"] == nil)
        _ = try await run(.POST, "/api/v1/users/\(UUID())/unlock", secadmin, expect: .notFound)
        _ = try await run(.POST, "/api/v1/users/\(userID)/unlock", auditor, expect: .forbidden)
        let limited = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"qa.clerk","password":"Qufu-2027-pass"}"#,
                                    expect: .tooManyRequests)
        #expect(limited.json?["error"]?["code"]?.string == "too_many_requests")
        t.clock.advance(by: 60)
        _ = try await run(.POST, "/api/v1/auth/login", body: #"{"username":"qa.clerk","password":"Qufu-2027-pass"}"#, expect: .ok)

        // Reset: a new password, and every session and token of the account ends.
        _ = try await run(.POST, "/api/v1/users/\(userID)/reset-password", secadmin, body: #"{"password":"qa.clerk-2028"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/users/\(userID)/reset-password", secadmin, body: #"{"password":"Qufu-2028-pass"}"#, expect: .ok)
        _ = try await run(.POST, "/api/v1/users/\(UUID())/reset-password", secadmin, body: #"{"password":"Qufu-2028-pass"}"#, expect: .notFound)
        _ = try await run(.POST, "/api/v1/users/\(userID)/reset-password", admin, body: #"{"password":"Qufu-2028-pass"}"#, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/me", qa2, expect: .unauthorized)

        // Machine tokens: scoped, listed, revoked.
        let issued = try await run(.POST, "/api/v1/tokens", secadmin,
                                   body: #"{"username":"dispatcher","name":"报表任务","scopes":["orders:read"],"days":30}"#, expect: .created)
        let machine = bearer(issued.json?["token"]?.string)
        let tokenID = try #require(issued.json?["info"]?["id"]?.string)
        _ = try await run(.GET, "/api/v1/orders?per=1", machine, expect: .ok)
        _ = try await run(.POST, "/api/v1/orders/\(code)/reveal", machine, body: #"{"reason":"回访需要联系"}"#, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/tokens", secadmin, body: #"{"username":"dispatcher","name":"x","scopes":["orders:fly"]}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/tokens", secadmin, body: #"{"username":"dispatcher","name":"x","scopes":["orders:read"],"days":400}"#,
                          expect: .badRequest)
        _ = try await run(.POST, "/api/v1/tokens", secadmin, body: #"{"username":"nobody","name":"x","scopes":["orders:read"]}"#, expect: .notFound)
        _ = try await run(.POST, "/api/v1/tokens", admin, body: #"{"username":"dispatcher","name":"x","scopes":["orders:read"]}"#, expect: .forbidden)
        let tokens = try await run(.GET, "/api/v1/tokens?user=dispatcher&active=true", secadmin, expect: .ok)
        #expect(tokens.text.contains(tokenID))
        _ = try await run(.GET, "/api/v1/tokens?user=nobody", secadmin, expect: .notFound)
        _ = try await run(.GET, "/api/v1/tokens?active=maybe", secadmin, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/tokens", auditor, expect: .forbidden)
        let revoked = try await run(.POST, "/api/v1/tokens/\(tokenID)/revoke", secadmin, expect: .ok)
        #expect(revoked.json?["revokedAt"]?.string != nil)
        _ = try await run(.GET, "/api/v1/orders?per=1", machine, expect: .unauthorized)
        _ = try await run(.POST, "/api/v1/tokens/\(UUID())/revoke", secadmin, expect: .notFound)
        _ = try await run(.POST, "/api/v1/tokens/\(tokenID)/revoke", dispatcher, expect: .forbidden)

        // The audit trail: the auditor only; the chain verifies.
        // The work queues: the dispatcher's objections and extensions, the follow-up calls.
        _ = try await run(.GET, "/api/v1/queues/objections?per=5", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/queues/followUps", followUp, expect: .ok)
        _ = try await run(.GET, "/api/v1/queues/extensions", hbj, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/queues/sideways", dispatcher, expect: .badRequest)
    }

    func step6() async throws {
        // Handling in depth: the pool, assisting units, supervision notices, merging.
        let pooled = try await run(.POST, "/api/v1/orders", clerk, body: anonymous, expect: .created)
        pooledCode = try #require(pooled.json?["code"]?.string)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/pool", dispatcher, body: #"{"units":["ZJJ"]}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/pool", dispatcher, body: #"{"units":["ZJJ","HBJ"],"window":"4 hours"}"#, expect: .ok)
        _ = try await run(.GET, "/api/v1/queues/pool", hbj, expect: .ok)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/claim", hbj, expect: .ok)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/claim", zjj, expect: .conflict)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/addAssisting", dispatcher, body: #"{"units":["ZJJ"]}"#, expect: .ok)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/supervise", supervisor, body: #"{"note":"请加快办理"}"#, expect: .ok)
        let handling = try await run(.GET, "/api/v1/orders/\(pooledCode)/handling", dispatcher, expect: .ok)
        #expect(handling.text.contains("\"mode\":\"joint\""))
        _ = try await run(.GET, "/api/v1/orders/370881-20990101-000009/handling", dispatcher, expect: .notFound)
        _ = try await run(.GET, "/api/v1/supervision", hbj, expect: .ok)
        _ = try await run(.GET, "/api/v1/supervision?status=answered&per=5", supervisor, expect: .ok)
        _ = try await run(.GET, "/api/v1/supervision?status=lost", supervisor, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/respondSupervision", hbj, body: #"{"note":"已加派人手"}"#, expect: .ok)
        // Channels as configuration: listed for staff, changed by the system administrator.
        _ = try await run(.GET, "/api/v1/channels", clerk, expect: .ok)
        _ = try await run(.PUT, "/api/v1/channels/wechat", admin, body: #"{"name":"微信公众号","nameEn":"WeChat","defaultRequestKind":"help","note":"新渠道"}"#, expect: .ok)
        _ = try await run(.PUT, "/api/v1/channels/wechat", admin, body: #"{"name":"微信公众号","nameEn":"WeChat","defaultRequestKind":"gossip","note":"x"}"#,
                          expect: .badRequest)
        _ = try await run(.PUT, "/api/v1/channels/wechat", clerk, body: #"{"name":"x","nameEn":"x","note":"x"}"#, expect: .forbidden)
    }

    func step7() async throws {
        // Video and IoT alerts: the registry (system administrator), the signed webhook, the log.
        _ = try await run(.PUT, "/api/v1/alert-types/stall", admin, body: #"{"name":"占道经营","categoryCode":"0101","foldMinutes":30}"#, expect: .ok)
        _ = try await run(.PUT, "/api/v1/alert-types/stall", admin, body: #"{"name":"x","categoryCode":"01"}"#, expect: .badRequest)
        _ = try await run(.PUT, "/api/v1/alert-types/stall", dispatcher, body: #"{"name":"x","categoryCode":"0101"}"#, expect: .forbidden)
        let camera = #"{"code":"cam-1","name":"鼓楼摄像头","kind":"camera","longitude":116.99,"latitude":35.58,"address":"鼓楼大街"}"#
        let added = try await run(.POST, "/api/v1/alert-sources", admin, body: camera, expect: .created)
        _ = try await run(.POST, "/api/v1/alert-sources", admin, body: camera, expect: .conflict)
        _ = try await run(.POST, "/api/v1/alert-sources", admin, body: #"{"code":"cam 2"}"#, expect: .badRequest)
        let key = try #require(added.json?["secret"]?.string)
        let alert = #"{"type":"stall","description":"路口摆摊"}"#
        let ts = String(Int(t.clock.now().timeIntervalSince1970))
        let signed = AlertSignature.sign(body: Data(alert.utf8), timestamp: Int(ts)!, secret: key)
        _ = try await run(.POST, "/api/v1/alerts/cam-1", body: alert, headers: [("X-Hewei-Timestamp", ts), ("X-Hewei-Signature", signed)], expect: .created)
        _ = try await run(.POST, "/api/v1/alerts/cam-1", body: alert, headers: [("X-Hewei-Timestamp", ts), ("X-Hewei-Signature", signed)], expect: .ok)
        _ = try await run(.POST, "/api/v1/alerts/cam-1", body: alert, headers: [("X-Hewei-Timestamp", ts), ("X-Hewei-Signature", "sha256=00")],
                          expect: .unauthorized)
        _ = try await run(.GET, "/api/v1/alerts?source=cam-1&per=5", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/alerts?source=nope", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/alert-sources", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/alert-types", dispatcher, expect: .ok)
        _ = try await run(.POST, "/api/v1/alert-sources/cam-1/secret", admin, expect: .ok)
        _ = try await run(.POST, "/api/v1/alert-sources/cam-9/secret", admin, expect: .notFound)
        _ = try await run(.POST, "/api/v1/alert-sources/cam-1/deactivate", dispatcher, expect: .forbidden)
        _ = try await run(.POST, "/api/v1/alert-sources/cam-1/deactivate", admin, expect: .ok)
        let parent = try #require(try await run(.POST, "/api/v1/orders", clerk, body: anonymous, expect: .created).json?["code"]?.string)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/merge", dispatcher, body: #"{"note":"重复","parent":"\#(code)x"}"#, expect: .badRequest)
        _ = try await run(.POST, "/api/v1/orders/\(pooledCode)/actions/merge", dispatcher, body: #"{"note":"重复","parent":"\#(parent)"}"#, expect: .ok)
        // Attachments: a document on the parent order, typed by content.
        let pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
        let file = try await run(.POST, "/api/v1/orders/\(parent)/attachments?name=receipt", clerk, body: pdf,
                                 headers: [("Content-Type", "application/octet-stream")], expect: .created)
        let fileID = try #require(file.json?["id"]?.string)
        _ = try await run(.POST, "/api/v1/orders/\(parent)/attachments", clerk, body: "just text", headers: [("Content-Type", "application/octet-stream")],
                          expect: .badRequest)
        _ = try await run(.GET, "/api/v1/orders/\(parent)/attachments", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/\(parent)/attachments/\(fileID)", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/\(parent)/attachments/\(UUID())", dispatcher, expect: .notFound)
        _ = try await run(.GET, "/api/v1/evaluation?from=2026-11-01&to=2026-12-01&minimumSample=1", supervisor, expect: .ok)
        _ = try await run(.GET, "/api/v1/evaluation?groupBy=town&format=csv", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/evaluation?groupBy=village", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/evaluation", hbj, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/clearance?days=7", supervisor, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/\(code)/duplicates?hours=48&radius=1000", dispatcher, expect: .ok)
        _ = try await run(.GET, "/api/v1/orders/\(code)/duplicates?minSimilarity=2", dispatcher, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/clearance?groupBy=town&days=0", supervisor, expect: .badRequest)
        let reveals = try await run(.GET, "/api/v1/audit?kind=reveal&action=orders.reveal&per=10", auditor, expect: .ok)
        #expect(reveals.text.contains("回访需要联系诉求人"))
        _ = try await run(.GET, "/api/v1/audit?actor=secadmin&target=/api/v1/users&from=2026-11-01&to=2026-12-31&page=1", auditor, expect: .ok)
        let logins = try await run(.GET, "/api/v1/audit?kind=auth", auditor, expect: .ok)
        #expect(logins.text.contains("auth.locked_out"))
        _ = try await run(.GET, "/api/v1/audit?kind=nope", auditor, expect: .badRequest)
        _ = try await run(.GET, "/api/v1/audit", secadmin, expect: .forbidden)
        _ = try await run(.GET, "/api/v1/audit", admin, expect: .forbidden)
        let verified = try await run(.GET, "/api/v1/audit/verify", auditor, expect: .ok)
        #expect(verified.json?["ok"] == .bool(true), "audit chain: \(verified.text)")
        _ = try await run(.GET, "/api/v1/audit/verify", admin, expect: .forbidden)
    }

    func step8() async throws {
        // Notifications to the requester (the outbox): the complaint's `accepted` message, masked.
        let notices = try await run(.GET, "/api/v1/orders/\(code)/notifications", dispatcher, expect: .ok)
        #expect(notices.text.contains("138****1234") && !notices.text.contains("13812341234"))
        _ = try await run(.GET, "/api/v1/orders/370881-20990101-000009/notifications", dispatcher, expect: .notFound)
        // Back-links (mediation cases, petitions, reception, hall): none yet for this order.
        let links = try await run(.GET, "/api/v1/orders/\(code)/links", dispatcher, expect: .ok)
        #expect(links.text == "[]")
        _ = try await run(.GET, "/api/v1/orders/370881-20990101-000009/links", dispatcher, expect: .notFound)

    }

}

// MARK: - Helpers

enum Contract {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    struct Operation {
        let method: String
        let path: String
        let item: [String: Any]
        let body: [String: Any]

        /// Path-item and operation parameters, with references resolved.
        func parameters(_ doc: [String: Any]) -> [[String: Any]] {
            let all = (item["parameters"] as? [Any] ?? []) + (body["parameters"] as? [Any] ?? [])
            return all.compactMap { p in
                guard let dict = p as? [String: Any] else { return nil }
                if let ref = dict["$ref"] as? String { return Contract.resolve(pointer: ref, in: doc) as? [String: Any] }
                return dict
            }
        }
    }

    struct Route {
        let method: String
        /// Parameters as `:`.
        let pattern: String
        /// Parameters as `{name}`, as in the document.
        let named: String
    }

    static func fetch(_ t: TestApp) async throws -> ([String: Any], String) {
        var text = ""
        var contentType = ""
        try await t.app.testing().test(.GET, "/openapi.yaml", afterResponse: { res in
            #expect(res.status == .ok)
            text = res.body.string
            contentType = res.headers.first(name: .contentType) ?? ""
        })
        let loaded = try #require(try Yams.load(yaml: text), "openapi.yaml is empty")
        let doc = try #require(plain(loaded) as? [String: Any], "openapi.yaml is not a mapping")
        return (doc, contentType)
    }

    /// Yams mappings as `[String: Any]`, recursively.
    static func plain(_ value: Any) -> Any {
        if let d = value as? [AnyHashable: Any] {
            return Dictionary(uniqueKeysWithValues: d.map { ("\($0.key.base)", plain($0.value)) })
        }
        if let d = value as? [String: Any] { return d.mapValues(plain) }
        if let a = value as? [Any] { return a.map(plain) }
        return value
    }

    static func operations(_ doc: [String: Any]) -> [Operation] {
        let paths = doc["paths"] as? [String: Any] ?? [:]
        return paths.keys.sorted().flatMap { path -> [Operation] in
            let item = paths[path] as? [String: Any] ?? [:]
            return methods.compactMap { m in
                (item[m] as? [String: Any]).map { Operation(method: m.uppercased(), path: path, item: item, body: $0) }
            }
        }
    }

    static func normalise(template: String) -> String {
        "/" + template.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? ":" : String($0) }.joined(separator: "/")
    }

    /// The app's routes under `/api/`, and `/health`, `/metrics`, `/openapi.yaml`.
    static func apiRoutes(_ app: Application) -> [Route] {
        app.routes.all.compactMap { route in
            var pattern: [String] = []
            var named: [String] = []
            for component in route.path {
                switch component {
                case let .constant(c): pattern.append(c); named.append(c)
                case let .parameter(p): pattern.append(":"); named.append("{\(p)}")
                case .anything: pattern.append("*"); named.append("*")
                case .catchall: pattern.append("**"); named.append("**")
                }
            }
            let path = "/" + pattern.joined(separator: "/")
            guard path.hasPrefix("/api/") || ["/health", "/metrics", "/openapi.yaml"].contains(path) else { return nil }
            return Route(method: route.method.rawValue, pattern: path, named: "/" + named.joined(separator: "/"))
        }
    }

    static func collectRefs(_ value: Any, into refs: inout [String]) {
        if let d = value as? [String: Any] {
            if let ref = d["$ref"] as? String { refs.append(ref) }
            for v in d.values { collectRefs(v, into: &refs) }
        } else if let a = value as? [Any] {
            for v in a { collectRefs(v, into: &refs) }
        }
    }

    /// Resolves a local JSON pointer such as `#/components/schemas/Order`.
    static func resolve(pointer: String, in doc: [String: Any]) -> Any? {
        guard pointer.hasPrefix("#/") else { return nil }
        var node: Any = doc
        for raw in pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let d = node as? [String: Any], let next = d[key] {
                node = next
            } else if let a = node as? [Any], let i = Int(key), a.indices.contains(i) {
                node = a[i]
            } else {
                return nil
            }
        }
        return node
    }

    // MARK: JSON

    indirect enum JSON: Codable, Equatable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int.self) {
                self = .int(i)
            } else if let d = try? c.decode(Double.self) { self = .double(d) } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([JSON].self) { self = .array(a) } else { self = .object(try c.decode([String: JSON].self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case let .bool(b): try c.encode(b)
            case let .int(i): try c.encode(i)
            case let .double(d): try c.encode(d)
            case let .string(s): try c.encode(s)
            case let .array(a): try c.encode(a)
            case let .object(o): try c.encode(o)
            }
        }

        subscript(key: String) -> JSON? {
            if case let .object(o) = self { return o[key] }
            return nil
        }

        var string: String? {
            if case let .string(s) = self { return s }
            return nil
        }

        var object: [String: JSON]? {
            if case let .object(o) = self { return o }
            return nil
        }
    }

    struct Exchange {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let text: String
        let json: JSON?
    }

    static func call(_ t: TestApp, _ method: HTTPMethod, _ path: String, auth: HTTPHeaders = [:], body: String? = nil,
                     headers extra: [(String, String)] = []) async throws -> Exchange {
        var exchange: Exchange?
        try await t.app.testing().test(method, path, beforeRequest: { req in
            req.headers = auth
            for (name, value) in extra { req.headers.replaceOrAdd(name: name, value: value) }
            if let body {
                req.headers.contentType = .json
                req.body = ByteBuffer(string: body)
            }
        }, afterResponse: { res in
            let text = res.body.string
            let json = (res.headers.contentType?.subType == "json") ? try? JSONDecoder().decode(JSON.self, from: Data(text.utf8)) : nil
            exchange = Exchange(status: res.status, headers: res.headers, text: text, json: json)
        })
        return try #require(exchange)
    }

    // MARK: Checking responses

    /// Validates real responses against the documented response for their operation and status.
    struct Checker {
        let doc: [String: Any]
        var problems: [String] = []
        var exercised: Set<String> = []

        mutating func check(_ method: HTTPMethod, _ path: String, _ x: Exchange) {
            let bare = String(path.split(separator: "?", maxSplits: 1).first ?? "")
            let segments = bare.split(separator: "/").map(String.init)
            let candidates = Contract.operations(doc).filter { $0.method == method.rawValue }.filter { op in
                let t = op.path.split(separator: "/").map(String.init)
                return t.count == segments.count && zip(t, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
            // Prefer the template with the most constant segments (`calendar/days` over `calendar/{year}`).
            guard let op = candidates.max(by: { a, b in a.path.filter { $0 == "{" }.count > b.path.filter { $0 == "{" }.count }) else {
                problems.append("\(method) \(bare): no documented operation")
                return
            }
            let name = "\(op.method) \(op.path)"
            exercised.insert(name)
            let where_ = "\(name) → \(x.status.code)"
            guard var response = (op.body["responses"] as? [String: Any])?[String(x.status.code)] as? [String: Any] else {
                problems.append("\(where_): status not documented (\(x.text.prefix(200)))")
                return
            }
            if let ref = response["$ref"] as? String { response = Contract.resolve(pointer: ref, in: doc) as? [String: Any] ?? [:] }
            for header in (response["headers"] as? [String: Any] ?? [:]).keys where x.headers.first(name: header) == nil {
                problems.append("\(where_): documented header \(header) missing")
            }
            let content = response["content"] as? [String: Any] ?? [:]
            if content.isEmpty {
                if !x.text.isEmpty { problems.append("\(where_): documented without a body, got '\(x.text.prefix(200))'") }
                return
            }
            let mediaType = (x.headers.first(name: .contentType) ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
            guard let media = content[mediaType] as? [String: Any] else {
                problems.append("\(where_): content type '\(mediaType)' not documented (\(content.keys.sorted()))")
                return
            }
            guard mediaType == "application/json" else { return }
            guard let json = x.json, let schema = media["schema"] as? [String: Any] else {
                problems.append("\(where_): no JSON body or no schema")
                return
            }
            problems += Contract.validate(json, against: schema, doc: doc).map { "\(where_): \($0)" }
        }
    }

    static func validate(_ value: String, against schema: [String: Any], doc: [String: Any]) -> [String] {
        validate(JSON.string(value), against: schema, doc: doc)
    }

    /// A small JSON Schema check: `$ref`, `type`, `enum`, `const`, `required`, `properties`,
    /// `additionalProperties`, `items`, `pattern`, `format` (strict date-time, date, uuid), `minimum`, `maximum`.
    static func validate(_ value: JSON, against schema: [String: Any], doc: [String: Any], at path: String = "$") -> [String] {
        var errors: [String] = []
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(pointer: ref, in: doc) as? [String: Any] else { return ["\(path): unresolved \(ref)"] }
            errors += validate(value, against: target, doc: doc, at: path)
        }
        if let type = schema["type"] as? String, !matches(value, type: type) {
            return errors + ["\(path): expected \(type), got \(value)"]
        }
        if let allowed = schema["enum"] as? [Any] {
            let names = allowed.map { "\($0)" }
            if let s = value.string, !names.contains(s) { errors.append("\(path): '\(s)' not in \(names)") }
        }
        if let c = schema["const"] as? String, value.string != c { errors.append("\(path): expected '\(c)'") }
        if let s = value.string {
            if let pattern = schema["pattern"] as? String, s.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): '\(s)' does not match \(pattern)")
            }
            switch schema["format"] as? String {
            case "date-time"?:
                if s.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression) == nil {
                    errors.append("\(path): '\(s)' is not an ISO 8601 UTC instant without fractions")
                }
            case "date"?:
                if CivilDate(s) == nil { errors.append("\(path): '\(s)' is not a date") }
            case "uuid"?:
                if UUID(uuidString: s) == nil { errors.append("\(path): '\(s)' is not a UUID") }
            default: break
            }
        }
        let number: Double? = {
            switch value {
            case let .int(i): return Double(i)
            case let .double(d): return d
            default: return nil
            }
        }()
        func bound(_ key: String) -> Double? {
            if let i = schema[key] as? Int { return Double(i) }
            return schema[key] as? Double
        }
        if let n = number {
            if let min = bound("minimum"), n < min { errors.append("\(path): \(n) < \(min)") }
            if let max = bound("maximum"), n > max { errors.append("\(path): \(n) > \(max)") }
        }
        if case let .array(items) = value, let itemSchema = schema["items"] as? [String: Any] {
            for (i, item) in items.enumerated() { errors += validate(item, against: itemSchema, doc: doc, at: "\(path)[\(i)]") }
        }
        if case let .object(object) = value {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                errors.append("\(path): required '\(key)' missing")
            }
            for (key, child) in object {
                if let p = properties[key] as? [String: Any] {
                    errors += validate(child, against: p, doc: doc, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    errors += validate(child, against: extra, doc: doc, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    errors.append("\(path): undocumented property '\(key)'")
                }
            }
        }
        return errors
    }

    static func matches(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("array", .array), ("object", .object), ("null", .null):
            return true
        default:
            return false
        }
    }
}

/// A documented-response check for one family of routes, run by that family's own test: every call
/// is validated against the OpenAPI document, and `finish()` records every problem and every
/// operation under the family's prefix that the flow did not exercise.
final class ContractFlow {
    /// Path prefixes whose operations are exercised by their own flows, not by the full loop.
    static let ownSuites = ["/api/v1/mediation", "/api/v1/petitions", "/api/v1/reception", "/api/v1/hall", "/api/v1/risk", "/api/v1/orders/suggestions", "/api/v1/dispatch", "/api/v1/analytics"]

    let t: TestApp
    let prefix: String
    private let doc: [String: Any]
    private var checker: Contract.Checker

    init(_ t: TestApp, prefix: String) async throws {
        self.t = t
        self.prefix = prefix
        (doc, _) = try await Contract.fetch(t)
        checker = Contract.Checker(doc: doc)
    }

    /// One call; the status must be `expect` and the response must match the document.
    @discardableResult
    func run(_ method: HTTPMethod, _ path: String, _ auth: HTTPHeaders = [:], body: String? = nil,
             headers extra: [(String, String)] = [], expect status: HTTPResponseStatus,
             sourceLocation: SourceLocation = #_sourceLocation) async throws -> Contract.Exchange {
        let x = try await Contract.call(t, method, path, auth: auth, body: body, headers: extra)
        #expect(x.status == status, "\(method) \(path): \(x.status.code) \(x.text)", sourceLocation: sourceLocation)
        checker.check(method, path, x)
        return x
    }

    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        for problem in checker.problems { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
        let untested = Contract.operations(doc).filter { $0.path.hasPrefix(prefix) }.map { "\($0.method) \($0.path)" }
            .filter { !checker.exercised.contains($0) }
        #expect(untested.isEmpty, "documented operations not exercised: \(untested)", sourceLocation: sourceLocation)
    }
}
