import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// Anonymous requests are taken only where the category permits (categories.yaml `anonymous: false`).
@Suite struct AnonymityTests {
    @Test func aCategoryThatNeedsTheRequesterRefusesAnonymousRequests() async throws {
        try await withApp { t in
            let clerk = try await t.login("clerk")
            let categories = try await t.get("/api/v1/categories", as: clerk, [ReferenceController.CategoryDTO].self)
            #expect(categories.first { $0.code == "0401" }?.allowsAnonymous == false)
            #expect(categories.first { $0.code == "0106" }?.allowsAnonymous == true)
            var wages = TestApp.hotlineRequest(category: "0401", dispatchTo: nil)
            wages.anonymous = true
            wages.requesterName = nil
            wages.requesterPhone = nil
            let refused = try await t.send(.POST, "/api/v1/orders", as: clerk, body: String(decoding: try JSONEncoder().encode(wages), as: UTF8.self),
                                           expect: .badRequest)
            #expect(refused.text.contains("anonymous") && refused.text.contains("0401"))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            var lamp = TestApp.hotlineRequest(dispatchTo: nil)
            lamp.anonymous = true
            lamp.requesterName = nil
            lamp.requesterPhone = nil
            #expect(try await t.intake(lamp, as: clerk)?.anonymous == true)
        }
    }
}
