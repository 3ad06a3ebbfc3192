import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// A few readable steps for scenario tests, all through the HTTP API.
extension TestApp {
    static func hotlineRequest(category: String = "0106", dispatchTo: String? = "auto", kind: String = "complaint",
                               answer: String? = nil) -> IntakeInput {
        IntakeInput(channel: "hotline12345", channelRef: nil, requestKind: kind, categoryCode: category, urgency: nil,
                    longitude: 116.99, latitude: 35.58, address: "鲁城街道五马祠街12号", requesterName: "张三",
                    requesterPhone: "13812341234", anonymous: false, content: "小区门口路灯连续三晚不亮，夜间出行不便。",
                    dispatchTo: dispatchTo, answerAtOnce: answer)
    }

    @discardableResult
    func intake(_ input: IntakeInput, as headers: HTTPHeaders, key: String? = nil,
                expect status: HTTPResponseStatus = .created) async throws -> OrderDTO? {
        var result: OrderDTO?
        try await app.testing().test(.POST, "/api/v1/orders", beforeRequest: { req in
            req.headers = headers
            if let key { req.headers.replaceOrAdd(name: "Idempotency-Key", value: key) }
            try req.content.encode(input)
        }, afterResponse: { res in
            #expect(res.status == status, "intake: \(res.body.string)")
            if res.status == .created || res.status == .ok { result = try res.content.decode(OrderDTO.self) }
        })
        return result
    }

    /// Performs an action and returns the response status and body.
    @discardableResult
    func act(_ code: String, _ action: String, _ input: ActionInput = ActionInput(), as headers: HTTPHeaders,
             expect status: HTTPResponseStatus = .ok) async throws -> String {
        var body = ""
        try await app.testing().test(.POST, "/api/v1/orders/\(code)/actions/\(action)", beforeRequest: { req in
            req.headers = headers
            try req.content.encode(input)
        }, afterResponse: { res in
            body = res.body.string
            #expect(res.status == status, "\(action) on \(code): \(res.body.string)")
        })
        return body
    }

    func get<T: Decodable>(_ path: String, as headers: HTTPHeaders, _ type: T.Type) async throws -> T {
        var value: T?
        try await app.testing().test(.GET, path, headers: headers, afterResponse: { res in
            #expect(res.status == .ok, "GET \(path): \(res.body.string)")
            value = try res.content.decode(T.self)
        })
        return try #require(value)
    }

    func order(_ code: String, as headers: HTTPHeaders) async throws -> OrderDTO {
        try await get("/api/v1/orders/\(code)", as: headers, OrderDTO.self)
    }

    func timeline(_ code: String, as headers: HTTPHeaders) async throws -> [EventDTO] {
        try await get("/api/v1/orders/\(code)/timeline", as: headers, [EventDTO].self)
    }

    func deadlines(_ code: String, as headers: HTTPHeaders) async throws -> [DeadlineDTO] {
        try await get("/api/v1/orders/\(code)/deadlines", as: headers, [DeadlineDTO].self)
    }
}
