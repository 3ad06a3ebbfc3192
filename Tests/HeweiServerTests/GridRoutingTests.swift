import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct GridRoutingTests {
    /// A point in the old city near the Confucius Temple.
    static let temple = (lon: 116.99, lat: 35.58)

    @Test func intakeLocatesTheOrderInItsCells() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let clerk = try await t.login("clerk")
            let order = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let stored = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == order.code).first())
            let expected = try #require(t.context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58)))
            #expect(stored.cellMicro == expected.cells[0])
            #expect(stored.cellLarge == expected.cells[3])
            #expect(stored.cellLarge?.count == 9)
            #expect(stored.cellMicro?.hasPrefix(stored.cellSmall ?? "?") == true)
        }
    }

    @Test func locateReturnsCellsUnitAndSuggestions() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let clerk = try await t.login("clerk")
            let found = try await t.get("/api/v1/grid/locate?lon=116.99&lat=35.58&category=0101", as: clerk, GridController.LocateDTO.self)
            #expect(found.cells.count == 4)
            #expect(found.unit == "ZHZF")
            let outside = try await t.get("/api/v1/grid/locate?lon=117.2004&lat=35.6", as: clerk, GridController.LocateDTO.self)
            #expect(outside.cells.isEmpty)
            #expect(outside.suggestion != nil)
            // a smaller radius finds nothing to suggest; a bad radius is refused
            let near = try await t.get("/api/v1/grid/locate?lon=117.2004&lat=35.6&radius=10", as: clerk, GridController.LocateDTO.self)
            #expect(near.suggestion == nil)
            try await t.app.testing().test(.GET, "/api/v1/grid/locate?lon=117.2004&lat=35.6&radius=0", headers: clerk) { res in
                #expect(res.status == .badRequest)
            }
            try await t.app.testing().test(.GET, "/api/v1/grid/locate?lon=200&lat=35", headers: clerk) { res in
                #expect(res.status == .badRequest)
            }
            let large = try await t.get("/api/v1/grid/cells", as: clerk, [GridController.CellDTO].self)
            #expect(large.count == 12)
            #expect(large.map(\.children).reduce(0, +) == 94)
            let micro = try await t.get("/api/v1/grid/cells?level=micro", as: clerk, [GridController.CellDTO].self)
            #expect(micro.count == 4399)
            let detail = try await t.get("/api/v1/grid/cells/\(found.cells[0])", as: clerk, GridController.CellDetailDTO.self)
            #expect(detail.ancestors == Array(found.cells.dropFirst()))
            try await t.app.testing().test(.GET, "/api/v1/grid/cells/nope", headers: clerk) { res in #expect(res.status == .notFound) }
        }
    }

    @Test func routingRulesChooseTheUnitFirstMatchWinsAndAreRecorded() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let admin = try await t.login("sysadmin"), clerk = try await t.login("clerk")
            let cells = try #require(t.context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58))).cells
            let town = cells[3], townCentre = town + "000"
            // street vending in this town goes to the town centre; a later, wider rule does not win
            for (position, area, unit) in [(10, town, townCentre), (20, nil as String?, "GAJ")] {
                try await t.app.testing().test(.POST, "/api/v1/routing-rules", beforeRequest: { req in
                    req.headers = admin
                    try req.content.encode(RoutingRulesController.RuleInput(position: position, categoryCode: "0101", areaCode: area,
                                                                             unit: unit, note: "试点", active: true))
                }, afterResponse: { res in #expect(res.status == .created, "\(res.body.string)") })
            }
            var request = TestApp.hotlineRequest(category: "0101")
            let order = try #require(try await t.intake(request, as: clerk))
            #expect(order.leadUnit == townCentre)
            // elsewhere the wider rule applies
            request.longitude = 116.85; request.latitude = 35.70
            #expect(try await t.intake(request, as: clerk)?.leadUnit == "GAJ")
            // a department's matter cannot be pushed down to a village room
            try await t.app.testing().test(.POST, "/api/v1/routing-rules", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RoutingRulesController.RuleInput(position: 1, categoryCode: "0101", areaCode: nil,
                                                                         unit: "370881001001", note: "x", active: true))
            }, afterResponse: { res in #expect(res.status == .badRequest) })
            // only the system administrator changes rules; every change is recorded
            try await t.app.testing().test(.POST, "/api/v1/routing-rules", beforeRequest: { req in
                req.headers = clerk
                try req.content.encode(RoutingRulesController.RuleInput(position: 1, categoryCode: "0101", areaCode: nil,
                                                                         unit: "GAJ", note: "x", active: true))
            }, afterResponse: { res in #expect(res.status == .forbidden) })
            let changes = try await t.get("/api/v1/config-changes", as: admin, [RulesController.ConfigChangeDTO].self)
            #expect(changes.filter { $0.subject == "routing" }.count == 2)
            // deactivating the town rule sends the next order to the wider rule's unit
            let rules = try await t.get("/api/v1/routing-rules", as: admin, [RoutingRulesController.RuleDTO].self)
            let townRule = try #require(rules.first { $0.areaCode == town })
            try await t.app.testing().test(.PUT, "/api/v1/routing-rules/\(townRule.id)", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RoutingRulesController.RuleInput(position: 10, categoryCode: "0101", areaCode: town,
                                                                         unit: townCentre, note: "试点结束", active: false))
            }, afterResponse: { res in #expect(res.status == .ok) })
            #expect(try await t.intake(TestApp.hotlineRequest(category: "0101"), as: clerk)?.leadUnit == "GAJ")
        }
    }

    @Test func amendingTheLocationRoutesTheOrderAgain() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let admin = try await t.login("sysadmin"), clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let cells = try #require(t.context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58))).cells
            let town = cells[3], townCentre = town + "000"
            try await t.app.testing().test(.POST, "/api/v1/routing-rules", beforeRequest: { req in
                req.headers = admin
                try req.content.encode(RoutingRulesController.RuleInput(position: 1, categoryCode: "0101", areaCode: town,
                                                                         unit: townCentre, note: "街道处置", active: true))
            }, afterResponse: { res in #expect(res.status == .created) })
            // registered with a wrong location far from the town: the category default receives it
            var request = TestApp.hotlineRequest(category: "0101")
            request.longitude = 116.85; request.latitude = 35.70
            let order = try #require(try await t.intake(request, as: clerk))
            #expect(order.leadUnit == "ZHZF")
            // an amend needs a reason and something to change
            try await t.act(order.code, "amend", ActionInput(note: "x"), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "amend", ActionInput(note: "地址登记有误", categoryCode: "01"), as: dispatcher, expect: .badRequest)
            try await t.act(order.code, "amend", ActionInput(note: "地址登记有误", longitude: 116.99, latitude: 35.58,
                                                             address: "鲁城街道五马祠街3号"), as: dispatcher)
            let moved = try await t.order(order.code, as: dispatcher)
            #expect(moved.leadUnit == townCentre)
            #expect(moved.state == "dispatched")
            #expect(moved.address == "鲁城街道五马祠街3号")
            let last = try #require(try await t.timeline(order.code, as: dispatcher).last)
            #expect(last.action == "amend")
            #expect(last.data["unit"] == townCentre)
            #expect(last.data["cell"] == cells[0])
            let handling = try await t.deadlines(order.code, as: dispatcher).filter { $0.kind == "handling" }.map(\.status).sorted()
            #expect(handling == ["cancelled", "open"])
            // a unit handler may not amend
            try await t.act(order.code, "amend", ActionInput(note: "x", address: "y"), as: try await t.login("h-\(townCentre)"), expect: .forbidden)
        }
    }
}
