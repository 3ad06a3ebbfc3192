import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct IntakeTests {
    @Test func theSameIdempotencyKeyTwiceCreatesOneOrder() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let first = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk, key: "hotline-call-778899"))
            let again = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk, key: "hotline-call-778899", expect: .ok))
            #expect(first.code == again.code)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)
            let other = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk, key: "hotline-call-778900"))
            #expect(other.code.hasSuffix("000002"))
        }
    }

    @Test func badInputIsA400NamingTheFieldAndStoresNothing() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            var cases: [(String, IntakeInput)] = []
            var r = TestApp.hotlineRequest(); r.channel = "pigeon"; cases.append(("channel", r))
            r = TestApp.hotlineRequest(); r.categoryCode = "01"; cases.append(("categoryCode", r))
            r = TestApp.hotlineRequest(); r.categoryCode = "9999"; cases.append(("categoryCode", r))
            r = TestApp.hotlineRequest(); r.requesterPhone = "call me"; cases.append(("requesterPhone", r))
            r = TestApp.hotlineRequest(); r.content = "   "; cases.append(("content", r))
            r = TestApp.hotlineRequest(); r.latitude = 95; cases.append(("latitude", r))
            r = TestApp.hotlineRequest(); r.latitude = nil; cases.append(("latitude", r))
            r = TestApp.hotlineRequest(); r.dispatchTo = "NOPE"; cases.append(("dispatchTo", r))
            r = TestApp.hotlineRequest(); r.urgency = "yesterday"; cases.append(("urgency", r))
            for (field, input) in cases {
                try await t.app.testing().test(.POST, "/api/v1/orders", beforeRequest: { req in
                    req.headers = clerk
                    try req.content.encode(input)
                }, afterResponse: { res in
                    #expect(res.status == .badRequest)
                    let error = try res.content.decode(ErrorBody.self).error
                    #expect(error.code == "invalid_field")
                    #expect(error.field == field, "\(error.reason)")
                })
            }
            var json = clerk
            json.contentType = .json
            try await t.app.testing().test(.POST, "/api/v1/orders", headers: json, body: ByteBuffer(string: "{\"channel\": 5}")) { res in
                #expect(res.status == .badRequest)
            }
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            #expect(try await OrderEventModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func anonymousRequestsNeedNoNameOrPhone() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            var r = TestApp.hotlineRequest()
            r.anonymous = true; r.requesterName = nil; r.requesterPhone = nil
            let order = try #require(try await t.intake(r, as: clerk))
            #expect(order.anonymous)
            #expect(order.requesterPhone == "")
        }
    }

    @Test func everyWriteEndpointRefusesAnonymousCallers() async throws {
        try await withApp { t in
            try await t.app.testing().test(.POST, "/api/v1/orders", beforeRequest: { req in
                try req.content.encode(TestApp.hotlineRequest())
            }, afterResponse: { res in #expect(res.status == .unauthorized) })
            try await t.app.testing().test(.GET, "/api/v1/orders") { res in #expect(res.status == .unauthorized) }
            try await t.app.testing().test(.PUT, "/api/v1/policy") { res in #expect(res.status == .unauthorized) }
            try await t.app.testing().test(.POST, "/api/v1/calendar/days") { res in #expect(res.status == .unauthorized) }
            try await t.app.testing().test(.POST, "/api/v1/orders/x/actions/close") { res in #expect(res.status == .unauthorized) }
        }
    }
}

@Suite(.serialized) struct ScopeTests {
    @Test func unitsSeeOnlyTheirOrdersAndPhonesAreMaskedForThem() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk"), zjj = try await t.login("h-zjj"), rsj = try await t.login("h-rsj")
            let lamp = try #require(try await t.intake(TestApp.hotlineRequest(category: "0106"), as: clerk))
            let wages = try #require(try await t.intake(TestApp.hotlineRequest(category: "0401"), as: clerk))
            let mine = try await t.get("/api/v1/orders", as: zjj, Page<OrderDTO>.self)
            #expect(mine.items.map(\.code) == [lamp.code])
            #expect(mine.items.first?.requesterPhone == "138****1234")
            // a handler must call the requester back, so sees the name; the phone only by an audited reveal
            #expect(mine.items.first?.requesterName == "张三")
            try await t.app.testing().test(.GET, "/api/v1/orders/\(lamp.code)", headers: rsj) { res in #expect(res.status == .notFound) }
            #expect(try await t.get("/api/v1/orders", as: rsj, Page<OrderDTO>.self).items.map(\.code) == [wages.code])
            // the intake clerk sees both, masked too
            let all = try await t.get("/api/v1/orders", as: clerk, Page<OrderDTO>.self)
            #expect(all.total == 2)
            #expect(all.items.allSatisfy { $0.requesterPhone == "138****1234" })
            // a supervisor, who never calls requesters, sees the name masked as well
            let watched = try await t.get("/api/v1/orders", as: try await t.login("supervisor"), Page<OrderDTO>.self)
            #expect(watched.items.allSatisfy { $0.requesterName == "张*" && $0.requesterPhone == "138****1234" })
            // roles outside the order loop cannot list orders at all
            let auditor = try await t.login("auditor")
            try await t.app.testing().test(.GET, "/api/v1/orders", headers: auditor) { res in #expect(res.status == .forbidden) }
        }
    }

    @Test func listsFilterSortAndPaginate() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            for i in 0..<5 {
                try await t.intake(TestApp.hotlineRequest(category: i % 2 == 0 ? "0106" : "0401", dispatchTo: i == 4 ? nil : "auto"), as: clerk)
                t.clock.advance(by: 60)
            }
            let page1 = try await t.get("/api/v1/orders?per=2&page=1", as: clerk, Page<OrderDTO>.self)
            #expect(page1.total == 5)
            #expect(page1.items.map(\.code).map { $0.suffix(1) } == ["5", "4"])
            let page3 = try await t.get("/api/v1/orders?per=2&page=3", as: clerk, Page<OrderDTO>.self)
            #expect(page3.items.count == 1)
            #expect(try await t.get("/api/v1/orders?state=accepted", as: clerk, Page<OrderDTO>.self).total == 1)
            #expect(try await t.get("/api/v1/orders?unit=RSJ", as: clerk, Page<OrderDTO>.self).total == 2)
            #expect(try await t.get("/api/v1/orders?sort=created_at&per=1", as: clerk, Page<OrderDTO>.self).items.first?.code.hasSuffix("000001") == true)
            #expect(try await t.get("/api/v1/orders?from=2026-11-27", as: clerk, Page<OrderDTO>.self).total == 0)
            for bad in ["state=nope", "per=0", "per=1000", "sort=sideways", "from=yesterday", "unit=XYZ", "light=blue"] {
                try await t.app.testing().test(.GET, "/api/v1/orders?\(bad)", headers: clerk) { res in
                    #expect(res.status == .badRequest, "\(bad)")
                }
            }
        }
    }
}
