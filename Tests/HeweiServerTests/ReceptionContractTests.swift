import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Every documented operation under /api/v1/reception, each response checked against openapi.yaml.
@Suite(.serialized) struct ReceptionContractTests {
    @Test func everyReceptionOperationAnswersAsDocumented() async throws {
        try await withApp { t in
            let flow = try await ContractFlow(t, prefix: "/api/v1/reception")
            let staff = try await t.login("petition")
            let created = try await flow.run(.POST, "/api/v1/reception/days", staff, body: TestApp.receptionDayJSON(date: "2026-11-26", capacity: 3),
                                             expect: .created)
            let day = try JSONDecoder().decode(ReceptionDayDTO.self, from: Data(created.text.utf8)).id
            try await flow.run(.POST, "/api/v1/reception/days", staff, body: #"{"leaderTitle":"x"}"#, expect: .badRequest)
            try await flow.run(.GET, "/api/v1/reception/days", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/reception/days?month=2026-11&page=1&per=5", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/reception/days?month=11", staff, expect: .badRequest)
            let ids = try await bookThree(flow, day: day, staff: staff)
            try await flow.run(.POST, "/api/v1/reception/days/\(day)/bookings", staff, body: TestApp.bookingJSON("孟子"), expect: .conflict)
            try await flow.run(.GET, "/api/v1/reception/days/\(day)", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/reception/days/\(UUID())", staff, expect: .notFound)
            try await flow.run(.GET, "/api/v1/reception/bookings?day=\(day)&state=booked", staff, expect: .ok)
            try await flow.run(.POST, "/api/v1/reception/bookings/\(ids[0])/actions/cancel", staff, body: #"{"note":"改期"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/reception/bookings/\(ids[0])/actions/noShow", staff, expect: .conflict)
            try await flow.run(.POST, "/api/v1/reception/bookings/\(ids[1])/outcome", staff,
                               body: #"{"outcome":"order","referral":{"categoryCode":"0106","address":"鲁城街道五马祠街12号"}}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/reception/bookings/\(ids[2])/outcome", staff, body: #"{"outcome":"answered"}"#, expect: .badRequest)
            try await flow.run(.POST, "/api/v1/reception/bookings/\(ids[2])/outcome", staff,
                               body: #"{"outcome":"answered","note":"当场答复：按政策可申请补助。"}"#, expect: .ok)
            let change = TestApp.receptionDayJSON(date: "2026-11-26", capacity: 6).replacingOccurrences(of: "}", with: #","note":"扩容"}"#)
            try await flow.run(.PUT, "/api/v1/reception/days/\(day)", staff, body: change, expect: .ok)
            try await flow.run(.PUT, "/api/v1/reception/days/\(day)", staff, body: TestApp.receptionDayJSON(date: "2026-11-26", capacity: 1),
                               expect: .badRequest)
            let other = try await flow.run(.POST, "/api/v1/reception/days", staff, body: TestApp.receptionDayJSON(date: "2026-11-30"), expect: .created)
            let otherDay = try JSONDecoder().decode(ReceptionDayDTO.self, from: Data(other.text.utf8)).id
            try await flow.run(.POST, "/api/v1/reception/days/\(otherDay)/cancel", staff, body: #"{"reason":""}"#, expect: .badRequest)
            try await flow.run(.POST, "/api/v1/reception/days/\(otherDay)/cancel", staff, body: #"{"reason":"领导临时出差"}"#, expect: .ok)
            try await flow.run(.POST, "/api/v1/reception/days/\(otherDay)/cancel", staff, body: #"{"reason":"再次取消"}"#, expect: .conflict)
            try await flow.run(.PUT, "/api/v1/reception/days/\(otherDay)", staff, body: change, expect: .conflict)
            try await flow.run(.GET, "/api/v1/reception/days/\(otherDay)", staff, expect: .ok)
            try await flow.run(.GET, "/api/v1/reception/days", expect: .unauthorized)
            try await flow.run(.GET, "/api/v1/reception/days", try await t.login("mediator"), expect: .forbidden)
            flow.finish()
        }
    }

    func bookThree(_ flow: ContractFlow, day: UUID, staff: HTTPHeaders) async throws -> [UUID] {
        var ids: [UUID] = []
        for name in ["孔繁华", "颜丽", "曾强"] {
            let x = try await flow.run(.POST, "/api/v1/reception/days/\(day)/bookings", staff, body: TestApp.bookingJSON(name), expect: .created)
            let object = try JSONSerialization.jsonObject(with: Data(x.text.utf8)) as? [String: Any]
            ids.append(try #require(UUID(uuidString: object?["id"] as? String ?? "")))
        }
        return ids
    }
}
