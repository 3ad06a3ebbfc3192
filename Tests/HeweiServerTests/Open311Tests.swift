import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Open311 GeoReport v2 at /open311/v2 (docs/OPEN311.md).
@Suite(.serialized) struct Open311Tests {
    static let key = "test-open311-key"

    /// A client "city-app" with a known key.
    func addClient(_ t: TestApp) async throws {
        try await Open311Clients.insert(t.app, name: "city-app", key: Self.key)
    }

    struct Reply {
        var status: HTTPResponseStatus
        var contentType: String
        var body: String
        var headers: HTTPHeaders

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }
        func list() throws -> [[String: Any]] { try #require(try json() as? [[String: Any]], "not a JSON list: \(body)") }
    }

    func get(_ t: TestApp, _ path: String) async throws -> Reply {
        var reply: Reply?
        try await t.app.testing().test(.GET, path, afterResponse: { res in
            reply = Reply(status: res.status, contentType: res.headers.first(name: .contentType) ?? "", body: res.body.string, headers: res.headers)
        })
        return try #require(reply)
    }

    func post(_ t: TestApp, _ path: String, _ form: [(String, String)], headers: HTTPHeaders = [:]) async throws -> Reply {
        var reply: Reply?
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        var h = headers
        h.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        try await t.app.testing().test(.POST, path, headers: h, body: ByteBuffer(string: body), afterResponse: { res in
            reply = Reply(status: res.status, contentType: res.headers.first(name: .contentType) ?? "", body: res.body.string, headers: res.headers)
        })
        return try #require(reply)
    }

    static func form(key: String? = Open311Tests.key, service: String? = "0106", extra: [(String, String)] = []) -> [(String, String)] {
        var f: [(String, String)] = []
        if let key { f.append(("api_key", key)) }
        if let service { f.append(("service_code", service)) }
        f += [("lat", "35.58"), ("long", "116.99"), ("address_string", "鲁城街道五马祠街12号"),
              ("description", "<p>小区门口<b>路灯</b>连续三晚不亮</p>"), ("first_name", "三"), ("last_name", "张"),
              ("phone", "13812341234"), ("email", "zhang@example.com"), ("attribute[request_kind]", "help"),
              ("media_url", "https://example.com/lamp.jpg")]
        return f + extra
    }

    func create(_ t: TestApp, extra: [(String, String)] = [], headers: HTTPHeaders = [:]) async throws -> String {
        let r = try await post(t, "/open311/v2/requests.json", Self.form(extra: extra), headers: headers)
        #expect(r.status == .ok, "\(r.body)")
        let id = try #require(try r.list().first?["service_request_id"] as? String)
        return id
    }

    @Test func discoveryServicesAndDefinitionsInBothFormats() async throws {
        try await withApp { t in
            let dx = try await get(t, "/open311/v2/discovery.xml")
            #expect(dx.status == .ok)
            #expect(dx.contentType == "text/xml; charset=utf-8")
            #expect(dx.body.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
            #expect(dx.body.contains("<discovery><changeset>"))
            #expect(dx.body.contains("<formats><format>text/xml</format><format>application/json</format></formats>"))
            #expect(!dx.body.contains("xmlns"))
            let dj = try await get(t, "/open311/v2/discovery.json")
            #expect(dj.contentType == "application/json; charset=utf-8")
            let discovery = try #require(try dj.json() as? [String: Any])
            let endpoints = try #require(discovery["endpoints"] as? [[String: Any]])
            #expect(endpoints.first?["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
            #expect((endpoints.first?["formats"] as? [String])?.contains("application/json") == true)

            let sj = try await get(t, "/open311/v2/services.json")
            #expect(sj.status == .ok)
            let services = try sj.list()
            let minors = try await CategoryModel.query(on: t.app.db).all().filter(\.isLeaf)
            #expect(services.count == minors.count)
            let lamp = try #require(services.first { $0["service_code"] as? String == "0106" })
            #expect(lamp["service_name"] as? String == "路灯照明")
            #expect(lamp["group"] as? String == "城市管理")
            #expect(lamp["metadata"] as? Bool == true)
            #expect(lamp["type"] as? String == "realtime")
            #expect((lamp["keywords"] as? String)?.contains("lighting") == true)
            #expect((lamp["keywords"] as? String)?.contains("城市管理") == true)
            let sx = try await get(t, "/open311/v2/services.xml")
            #expect(sx.body.contains("<services><service><service_code>"))
            #expect(sx.body.contains("<service_code>0106</service_code><service_name>路灯照明</service_name>"))
            #expect(sx.body.contains("<metadata>true</metadata><type>realtime</type>"))

            let defj = try await get(t, "/open311/v2/services/0106.json")
            #expect(defj.status == .ok)
            let definition = try #require(try defj.json() as? [String: Any])
            #expect(definition["service_code"] as? String == "0106")
            let attributes = try #require(definition["attributes"] as? [[String: Any]])
            let kind = try #require(attributes.first { $0["code"] as? String == "request_kind" })
            #expect(kind["datatype"] as? String == "singlevaluelist")
            #expect(kind["order"] as? Int == 1)
            #expect((kind["values"] as? [[String: Any]])?.map { $0["key"] as? String ?? "" } == RequestKind.allCases.map(\.rawValue))
            #expect(attributes.contains { $0["code"] as? String == "urgency" })
            let defx = try await get(t, "/open311/v2/services/0106.xml")
            #expect(defx.body.contains("<service_definition><service_code>0106</service_code><attributes><attribute><variable>true</variable><code>request_kind</code>"))
            #expect(defx.body.contains("<values><value><key>enquiry</key><name>咨询 enquiry</name></value>"))

            for path in ["/open311/v2/services/9999.json", "/open311/v2/services/01.json"] {
                let r = try await get(t, path)
                #expect(r.status == .notFound)
                #expect((try r.list().first?["code"] as? Int) == 404)
            }
            let bad = try await get(t, "/open311/v2/services.html")
            #expect(bad.status == .notFound)
            #expect(bad.body.contains("<errors><error><code>404</code>"))
            let nowhere = try await get(t, "/open311/v2/nothing/here.json")
            #expect(nowhere.status == .notFound)
            #expect((try nowhere.list().first?["code"] as? Int) == 404)
        }
    }

    @Test func aPostedRequestBecomesAnOrderReadableBack() async throws {
        try await withApp { t in
            try await addClient(t)
            let r = try await post(t, "/open311/v2/requests.xml", Self.form())
            #expect(r.status == .ok, "\(r.body)")
            #expect(r.contentType == "text/xml; charset=utf-8")
            #expect(r.body.contains("<service_requests><request><service_request_id>370881-20261126-000001</service_request_id>"))
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).first())
            #expect(order.channel == "open311")
            #expect(order.requestKind == "help")
            #expect(order.state == "dispatched")
            #expect(order.content == "小区门口路灯连续三晚不亮")
            #expect(order.requesterName == "张三")
            #expect(order.channelRef == nil)  // no Idempotency-Key: the request has no reference of its own

            let one = try await get(t, "/open311/v2/requests/\(order.code).json")
            #expect(one.status == .ok)
            let item = try #require(try one.list().first)
            #expect(try one.list().count == 1)
            #expect(item["service_request_id"] as? String == order.code)
            #expect(item["status"] as? String == "open")
            #expect(item["service_code"] as? String == "0106")
            #expect(item["service_name"] as? String == "路灯照明")
            #expect(item["agency_responsible"] as? String == t.context.org.unit(order.leadUnitID)?.name)
            #expect(item["agency_responsible"] as? String != nil)
            #expect(item["requested_datetime"] as? String == "2026-11-26T09:00:00+08:00")
            let due = try #require(order.dueAt)
            let expected = try #require(item["expected_datetime"] as? String)
            #expect(expected.hasSuffix("+08:00"))
            #expect(Open311Time(utcOffset: 8 * 3600).format(due) == expected)
            #expect(item["media_url"] as? String == "https://example.com/lamp.jpg")
            #expect((item["lat"] as? Double) == 35.58)
            #expect(!one.body.contains("13812341234") && !one.body.contains("张三"))
            let onex = try await get(t, "/open311/v2/requests/\(order.code).xml")
            #expect(onex.body.contains("<service_requests><request><service_request_id>\(order.code)</service_request_id><status>open</status>"))
            #expect(onex.body.contains("<expected_datetime>\(expected)</expected_datetime>"))

            let listed = try await get(t, "/open311/v2/requests.json?service_code=0106&status=open")
            #expect(try listed.list().map { $0["service_request_id"] as? String } == [order.code])
            let closed = try await get(t, "/open311/v2/requests.json?status=closed")
            #expect(try closed.list().isEmpty)

            let missing = try await get(t, "/open311/v2/requests/370881-20261126-999999.xml")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("<errors><error><code>404</code>"))
            let token = try await get(t, "/open311/v2/tokens/abc123.json")
            #expect(token.status == .notFound)
        }
    }

    @Test func aBadKeyIsA403WithTheXMLErrorBodyAndStoresNothing() async throws {
        try await withApp { t in
            try await addClient(t)
            for form in [Self.form(key: nil), Self.form(key: "wrong-key")] {
                let r = try await post(t, "/open311/v2/requests.xml", form)
                #expect(r.status == .forbidden)
                #expect(r.contentType == "text/xml; charset=utf-8")
                #expect(r.body.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>403</code><description>"))
                #expect(!r.body.contains("\"error\""))
            }
            _ = try await Open311Clients.revoke(t.app, name: "city-app")
            let revoked = try await post(t, "/open311/v2/requests.json", Self.form())
            #expect(revoked.status == .forbidden)
            #expect((try revoked.list().first?["code"] as? Int) == 403)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            #expect(try await OrderEventModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func missingOrUnknownFieldsAre400Or404() async throws {
        try await withApp { t in
            try await addClient(t)
            let noCode = try await post(t, "/open311/v2/requests.json", Self.form(service: nil))
            #expect(noCode.status == .badRequest)
            #expect((try noCode.list().first?["code"] as? Int) == 400)
            #expect((try noCode.list().first?["description"] as? String)?.contains("service_code") == true)
            let unknown = try await post(t, "/open311/v2/requests.json", Self.form(service: "9999"))
            #expect(unknown.status == .notFound)
            let noPlace = Self.form().filter { !["lat", "long", "address_string"].contains($0.0) }
            #expect(try await post(t, "/open311/v2/requests.xml", noPlace).status == .badRequest)
            let noText = Self.form().filter { $0.0 != "description" }
            #expect(try await post(t, "/open311/v2/requests.json", noText).status == .badRequest)
            let long = try await post(t, "/open311/v2/requests.json", Self.form(extra: [("description", String(repeating: "灯", count: 4001))]))
            #expect(long.status == .badRequest)
            let badKind = try await post(t, "/open311/v2/requests.json", Self.form(extra: [("attribute[request_kind]", "gossip")]))
            #expect(badKind.status == .badRequest)
            let badPhone = try await post(t, "/open311/v2/requests.json", Self.form(extra: [("phone", "call me")]))
            #expect(badPhone.status == .badRequest)
            #expect((try badPhone.list().first?["description"] as? String)?.hasPrefix("phone") == true)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)

            var json = HTTPHeaders()
            json.contentType = .json
            try await t.app.testing().test(.POST, "/open311/v2/requests.json", headers: json, body: ByteBuffer(string: "{\"api_key\":1}")) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.hasPrefix("[{\"code\":400,"))
            }
            try await t.app.testing().test(.DELETE, "/open311/v2/requests.xml") { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("<errors><error><code>404</code>"))
            }
            let updates = try await post(t, "/open311/v2/servicerequestupdates.json", [("api_key", Self.key), ("service_request_id", "x")])
            #expect(updates.status == .badRequest)
            #expect((try updates.list().first?["description"] as? String)?.contains("update_id") == true)
        }
    }

    @Test func dateSpansOver90DaysAre400AndPagesAreCut() async throws {
        try await withApp { t in
            try await addClient(t)
            var codes: [String] = []
            for _ in 0..<5 {
                codes.append(try await create(t))
                t.clock.advance(by: 60)
            }
            let wide = try await get(t, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-26T00:00:00Z")
            #expect(wide.status == .badRequest)
            #expect((try wide.list().first?["code"] as? Int) == 400)
            let widex = try await get(t, "/open311/v2/requests.xml?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-12-01T00:00:00%2B08:00")
            #expect(widex.status == .badRequest)
            #expect(widex.body.contains("<errors><error><code>400</code>"))
            #expect(try await get(t, "/open311/v2/requests.json?start_date=yesterday").status == .badRequest)

            let first = try await get(t, "/open311/v2/requests.json?page_size=2&page=1")
            let second = try await get(t, "/open311/v2/requests.json?page_size=2&page=2")
            let third = try await get(t, "/open311/v2/requests.json?page_size=2&page=3")
            let pages = try [first, second, third].map { try $0.list().compactMap { $0["service_request_id"] as? String } }
            #expect(pages.map(\.count) == [2, 2, 1])
            #expect(pages.flatMap { $0 } == codes.reversed())
            #expect(try await get(t, "/open311/v2/requests.json?page_size=501").status == .badRequest)
            let window = try await get(t, "/open311/v2/requests.json?start_date=2026-11-26T09:01:00%2B08:00&end_date=2026-11-26T09:03:00%2B08:00")
            #expect(try window.list().compactMap { $0["service_request_id"] as? String } == [codes[3], codes[2], codes[1]])
            let some = try await get(t, "/open311/v2/requests.json?service_request_id=\(codes[0]),\(codes[4])&status=closed")
            #expect(try some.list().count == 2)
        }
    }

    @Test func extensionsShowThePublicHistoryWithoutPersonalData() async throws {
        try await withApp { t in
            try await addClient(t)
            let code = try await create(t, extra: [("phone", "13912345678")])
            let dispatcher = try await t.login("dispatcher"), handler = try await t.login("h-zjj")
            try await t.act(code, "signFor", as: handler)
            try await t.act(code, "report", ActionInput(note: "内部：已联系报告人13912345678，换灯泡"), as: handler)
            try await t.act(code, "reply", ActionInput(reply: "路灯已修复，感谢反映。回访电话 13912345678"), as: dispatcher)

            let r = try await get(t, "/open311/v2/requests/\(code).json?extensions=true")
            #expect(r.status == .ok)
            let item = try #require(try r.list().first)
            let ext = try #require(item["extended_attributes"] as? [String: Any])
            #expect(ext["channel"] as? String == "open311")
            #expect(ext["round"] as? Int == 1)
            let notes = try #require(item["notes"] as? [[String: Any]])
            #expect(notes.map { $0["type"] as? String ?? "" } == ["accept", "dispatch", "signFor", "report", "reply"])
            #expect(notes.allSatisfy { ($0["datetime"] as? String)?.hasSuffix("+08:00") == true })
            #expect((notes.last?["description"] as? String)?.contains("路灯已修复") == true)
            #expect(item["status_notes"] as? String == "路灯已修复，感谢反映。回访电话 139****5678")
            #expect(!r.body.contains("13912345678"))
            #expect(!r.body.contains("张三"))
            #expect(!r.body.contains("内部"))
            let x = try await get(t, "/open311/v2/requests/\(code).xml?extensions=true")
            #expect(x.body.contains("<extended_attributes><channel>open311</channel>"))
            #expect(x.body.contains("<notes><note><datetime>"))
            #expect(!x.body.contains("13912345678"))

            let updates = try await get(t, "/open311/v2/servicerequestupdates.json")
            #expect(updates.status == .ok)
            let items = try updates.list()
            #expect(items.count == 5)
            #expect(items.allSatisfy { $0["service_request_id"] as? String == code })
            #expect(!updates.body.contains("13912345678"))
            let ux = try await get(t, "/open311/v2/servicerequestupdates.xml")
            #expect(ux.body.contains("<service_request_updates><request_update><update_id>"))
        }
    }

    @Test func theSameIdempotencyKeyTwiceCreatesOneOrder() async throws {
        try await withApp { t in
            try await addClient(t)
            let headers: HTTPHeaders = ["Idempotency-Key": "app-submission-42"]
            let first = try await create(t, headers: headers)
            let replay = try await post(t, "/open311/v2/requests.json", Self.form(), headers: headers)
            #expect(replay.status == .ok)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try replay.list().first?["service_request_id"] as? String == first)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)
            #expect(try await Open311RequestModel.query(on: t.app.db).count() == 1)
            let other = try await create(t, headers: ["Idempotency-Key": "app-submission-43"])
            #expect(other != first)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 2)
        }
    }

    @Test func clientsAreManagedAndKeysStoredOnlyAsHashes() async throws {
        try await withApp { t in
            let key = try await Open311Clients.add(t.app, name: "partner")
            #expect(key.count >= 40)
            let row = try #require(try await Open311ClientModel.query(on: t.app.db).first())
            #expect(row.keyHash == Open311Clients.hash(key) && row.keyHash.count == 64 && row.keyHash != key)
            await #expect(throws: HeweiError.self) { _ = try await Open311Clients.add(t.app, name: "partner") }
            #expect(try await Open311Clients.list(t.app).first?.contains("active") == true)
            try await Open311Clients.seedDemoClient(t.app)
            #expect(try await Open311Clients.authenticate(Open311Clients.demoKey, on: t.app.db)?.name == "demo")
            _ = try await Open311Clients.revoke(t.app, name: "partner")
            #expect(try await Open311Clients.authenticate(key, on: t.app.db) == nil)
        }
    }

    @Test func scrubMasksPhonesButKeepsCodesAndDates() {
        #expect(Open311Text.scrub("请拨13812341234") == "请拨138****1234")
        #expect(Open311Text.scrub("电话0537-4412345。") == "电话0537-*****45。")
        #expect(Open311Text.scrub("工单370881-20261126-000001于2026-11-26办结") == "工单370881-20261126-000001于2026-11-26办结")
        #expect(Open311Text.stripHTML("<script>x</script><b>灯</b> &amp; 路") == "x灯 & 路")
    }

    @Test func aResidentsUpdateIsRecordedOnceOnTheOrder() async throws {
        try await withApp { (t: TestApp) in
            try await addClient(t)
            let created = try await post(t, "/open311/v2/requests.json", Self.form())
            let code = try #require(try created.list().first?["service_request_id"] as? String)
            let update: [(String, String)] = [("api_key", Self.key), ("service_request_id", code), ("update_id", "fms-77"), ("status", "open"),
                                              ("updated_datetime", "2026-11-26T10:00:00+08:00"), ("description", "<b>灯又坏了</b>，今晚仍不亮")]
            let first = try await post(t, "/open311/v2/servicerequestupdates.xml", update)
            #expect(first.status == .ok, "\(first.body)")
            #expect(first.body.contains("<service_request_updates><request_update><update_id>fms-77</update_id>"))
            let again = try await post(t, "/open311/v2/servicerequestupdates.json", update)
            #expect(again.status == .ok)
            let events = try await OrderEventModel.query(on: t.app.db).all().filter { $0.action == "residentUpdate" }
            #expect(events.count == 1 && events[0].note == "[OPEN] 灯又坏了，今晚仍不亮")
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).all().first { $0.code == code })
            #expect(order.state == "dispatched")
            var unknown = update
            unknown[1] = ("service_request_id", "370881-20990101-000001")
            #expect(try await post(t, "/open311/v2/servicerequestupdates.json", unknown).status == .notFound)
            var bad = update
            bad[3] = ("status", "sleeping")
            #expect(try await post(t, "/open311/v2/servicerequestupdates.json", bad).status == .badRequest)
            var noKey = update
            noKey[0] = ("api_key", "wrong")
            #expect(try await post(t, "/open311/v2/servicerequestupdates.json", noKey).status == .forbidden)
        }
    }
}

