import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Steps for the grid-work scenarios (base data, assignments, patrols), all through HTTP.
extension TestApp {
    struct Reply {
        let status: HTTPResponseStatus
        let text: String
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(text.utf8))
        }
    }

    /// Sends a request with a raw body (JSON unless `contentType` says otherwise).
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, as headers: HTTPHeaders, body: String? = nil,
              contentType: HTTPMediaType = .json, expect status: HTTPResponseStatus? = nil) async throws -> Reply {
        var reply: Reply?
        try await app.testing().test(method, path, beforeRequest: { req in
            req.headers = headers
            if let body {
                req.headers.contentType = contentType
                req.body = ByteBuffer(string: body)
            }
        }, afterResponse: { res in
            reply = Reply(status: res.status, text: res.body.string)
            if let status { #expect(res.status == status, "\(method) \(path): \(res.body.string)") }
        })
        return try #require(reply)
    }

    /// The demo grid, and the cells (micro → large) around the Confucius Temple and far from it.
    func gridWithTwoPlaces() async throws -> (here: [String], there: [String]) {
        try await DemoSeeder(app: app).seedGrid()
        let here = try #require(context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58))).cells
        let there = try #require(context.grid.current.locate(GeoPoint(lon: 116.85, lat: 35.70))).cells
        return (here, there)
    }

    func assign(_ username: String, to cell: String, by headers: HTTPHeaders) async throws {
        try await send(.POST, "/api/v1/grid/assignments", as: headers,
                       body: #"{"username":"\#(username)","cellCode":"\#(cell)","kind":"worker"}"#, expect: .created)
    }

    /// Another grid-worker account of the city centre, with the demo password.
    func addGridWorker(_ username: String) async throws {
        let hash = try await app.password.async.hash(DemoAccounts.password)
        let demo = try await UserModel.query(on: app.db).filter(\.$username == "gridworker").first()
        let unit = try #require(demo?.unitID)
        let user = UserModel(username: username, displayName: "网格员 \(username)", role: Role.gridWorker.rawValue, unitID: unit,
                             passwordHash: hash, createdAt: context.clock.now())
        try await app.db.write(gate: context.gate) { db in try await user.create(on: db) }
    }

    static func residentJSON(cell: String, id: String = "370881199001011234", phone: String = "13812341234") -> String {
        #"{"cellCode":"\#(cell)","name":"孔繁森","attributes":{"idNumber":"\#(id)","phone":"\#(phone)","gender":"male","birthYear":"1990","address":"五马祠街12号","tags":"独居老人;低保"}}"#
    }
}

extension HTTPMediaType {
    static let csv = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
}
