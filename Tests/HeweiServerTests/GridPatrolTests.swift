import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct GridPatrolTests {
    @Test func aReportedFindingBecomesAGridPatrolOrderInTheCellOnce() async throws {
        try await withApp { t in
            // given a grid worker of the small cell around the temple, on patrol there
            let (here, there) = try await t.gridWithTwoPlaces()
            let dispatcher = try await t.login("dispatcher"), worker = try await t.login("gridworker")
            try await t.assign("gridworker", to: here[1], by: dispatcher)
            try await t.send(.POST, "/api/v1/grid/patrols", as: worker, body: #"{"cellCode":"\#(there[1])"}"#, expect: .forbidden)
            let patrol = try await t.send(.POST, "/api/v1/grid/patrols", as: worker, body: #"{"cellCode":"\#(here[1])","note":"例行巡查"}"#,
                                          expect: .created).decode(PatrolDTOs.Patrol.self)
            try await t.send(.POST, "/api/v1/grid/patrols", as: worker, body: #"{"cellCode":"\#(here[1])"}"#, expect: .conflict)
            let base = "/api/v1/grid/patrols/\(patrol.id)"
            let tracked = try await t.send(.POST, base + "/track", as: worker, body: #"{"points":[[116.99,35.58,1795654800],[116.9901,35.5801,1795654860]]}"#,
                                           expect: .ok).decode(PatrolDTOs.Patrol.self)
            #expect(tracked.trackPoints == 2)
            try await t.send(.POST, base + "/track", as: worker, body: #"{"points":[[116.99,95,1]]}"#, expect: .badRequest)
            // when the worker records a finding (one outside the cell is refused) and reports it
            try await t.send(.POST, base + "/findings", as: worker, body: #"{"text":"路灯不亮","lon":116.85,"lat":35.70}"#, expect: .badRequest)
            let finding = try await t.send(.POST, base + "/findings", as: worker,
                                           body: #"{"text":"五马祠街路灯连续三晚不亮。","categoryCode":"0106","lon":116.99,"lat":35.58}"#,
                                           expect: .created).decode(PatrolDTOs.Finding.self)
            let reported = try await t.send(.POST, "/api/v1/grid/findings/\(finding.id)/report", as: worker, expect: .created)
                .decode(PatrolDTOs.Finding.self)
            // then an order of channel gridPatrol exists in the right cells, dispatched by the rules
            let code = try #require(reported.orderCode)
            let order = try await t.order(code, as: dispatcher)
            #expect(order.channel == "gridPatrol")
            #expect(order.content == "五马祠街路灯连续三晚不亮。")
            #expect(order.leadUnit != nil && order.state == "dispatched")
            let stored = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == code).first())
            #expect(stored.cellMicro == here[0] && stored.cellSmall == here[1])
            // and a second report is refused
            let again = try await t.send(.POST, "/api/v1/grid/findings/\(finding.id)/report", as: worker, expect: .conflict)
            #expect(again.text.contains(code))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)
            // a finding without a point is located at the cell's centroid
            let plain = try await t.send(.POST, base + "/findings", as: worker, body: #"{"text":"垃圾堆放","categoryCode":"0106"}"#,
                                         expect: .created).decode(PatrolDTOs.Finding.self)
            let second = try await t.send(.POST, "/api/v1/grid/findings/\(plain.id)/report", as: worker, body: #"{"requestKind":"report"}"#,
                                          expect: .created).decode(PatrolDTOs.Finding.self)
            let centred = try #require(try await WorkOrderModel.query(on: t.app.db).filter(\.$code == second.orderCode ?? "").first())
            #expect(centred.cellSmall == here[1] && centred.requestKind == "report")
            // an ended patrol takes no more findings
            let ended = try await t.send(.POST, base + "/end", as: worker, expect: .ok).decode(PatrolDTOs.Patrol.self)
            #expect(!ended.open && ended.findings == 2)
            try await t.send(.POST, base + "/findings", as: worker, body: #"{"text":"x"}"#, expect: .conflict)
            try await t.send(.POST, base + "/end", as: worker, expect: .conflict)
            // patrols are listed per worker and per cell; the centre reads them, others may not act
            let mine = try await t.send(.GET, "/api/v1/grid/patrols?worker=gridworker&cell=\(here[2])", as: dispatcher, expect: .ok)
                .decode([PatrolDTOs.Patrol].self)
            #expect(mine.map(\.id) == [patrol.id])
            let detail = try await t.send(.GET, base, as: dispatcher, expect: .ok).decode(PatrolDTOs.Detail.self)
            #expect(detail.track.count == 2 && detail.findings.count == 2)
            try await t.send(.GET, "/api/v1/grid/patrols?open=true", as: worker, expect: .ok)
            try await t.send(.POST, "/api/v1/grid/findings/\(plain.id)/report", as: dispatcher, expect: .forbidden)
        }
    }

    @Test func theCellSummaryCountsBaseDataWorkersAndOpenOrders() async throws {
        try await withApp { t in
            let (here, _) = try await t.gridWithTwoPlaces()
            let admin = try await t.login("sysadmin"), worker = try await t.login("gridworker")
            try await t.assign("gridworker", to: here[1], by: admin)
            try await t.send(.POST, "/api/v1/grid/assignments", as: admin, body: #"{"username":"gridworker","cellCode":"\#(here[1])"}"#,
                             expect: .conflict)
            try await t.send(.POST, "/api/v1/grid/assignments", as: admin, body: #"{"username":"clerk","cellCode":"\#(here[1])"}"#,
                             expect: .badRequest)
            try await t.send(.POST, "/api/v1/grid/assignments", as: worker, body: #"{"username":"gridworker","cellCode":"\#(here[0])"}"#,
                             expect: .forbidden)
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: worker, body: TestApp.residentJSON(cell: here[0]), expect: .created)
            try await t.send(.POST, "/api/v1/grid/base-data/organisations", as: worker,
                             body: #"{"cellCode":"\#(here[1])","name":"曲阜三孔旅游服务公司","attributes":{"kind":"enterprise","creditCode":"91370881MA3C4XY01K"}}"#,
                             expect: .created)
            _ = try await t.intake(TestApp.hotlineRequest(), as: try await t.login("clerk"))
            // the shape the map pages read
            let reply = try await t.send(.GET, "/api/v1/grid/cells/\(here[2])/summary", as: worker, expect: .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.text.utf8)) as? [String: Any])
            #expect(Set(json.keys) == ["code", "residents", "buildings", "facilities", "organisations", "workers", "openOrders"])
            let summary = try reply.decode(GridWorkController.CellSummaryDTO.self)
            #expect(summary.code == here[2])
            #expect([summary.residents, summary.buildings, summary.facilities, summary.organisations] == [1, 0, 0, 1] as [Int])
            #expect(summary.workers == 1 && summary.openOrders == 1)
            let micro = try await t.send(.GET, "/api/v1/grid/cells/\(here[0])/summary", as: worker, expect: .ok).decode(GridWorkController.CellSummaryDTO.self)
            #expect(micro.organisations == 0 && micro.residents == 1 && micro.workers == 1)
            try await t.send(.GET, "/api/v1/grid/cells/nope/summary", as: worker, expect: .notFound)
            // assignments are listed per cell and per user, and ended without being deleted
            let listed = try await t.send(.GET, "/api/v1/grid/assignments?cell=\(here[1])", as: admin, expect: .ok)
                .decode([GridWorkController.AssignmentDTO].self)
            #expect(listed.map(\.username) == ["gridworker"])
            try await t.send(.POST, "/api/v1/grid/assignments/\(listed[0].id)/end", as: admin, expect: .ok)
            #expect(try await t.send(.GET, "/api/v1/grid/assignments?user=gridworker", as: worker, expect: .ok).decode([GridWorkController.AssignmentDTO].self).isEmpty)
            try await t.send(.GET, "/api/v1/grid/base-data/residents/\(UUID())", as: worker, expect: .notFound)
            #expect(try await t.send(.GET, "/api/v1/grid/base-data/residents", as: worker, expect: .ok).decode([BaseRecordDTO].self).isEmpty)
        }
    }

    @Test func aChiefReadsThePatrolsInsideTheirCellAndOtherWorkersDoNot() async throws {
        try await withApp { t in
            // given a worker of the temple's small cell, a chief of its medium cell, a worker elsewhere
            let (here, there) = try await t.gridWithTwoPlaces()
            let dispatcher = try await t.login("dispatcher")
            for username in ["gw-chief", "gw-other"] {
                try await t.addGridWorker(username)
            }
            try await t.assign("gridworker", to: here[1], by: dispatcher)
            try await t.send(.POST, "/api/v1/grid/assignments", as: dispatcher,
                             body: #"{"username":"gw-chief","cellCode":"\#(here[2])","kind":"chief"}"#, expect: .created)
            try await t.assign("gw-other", to: there[1], by: dispatcher)
            let worker = try await t.login("gridworker"), chief = try await t.login("gw-chief"), other = try await t.login("gw-other")
            let patrol = try await t.send(.POST, "/api/v1/grid/patrols", as: worker, body: #"{"cellCode":"\#(here[0])"}"#,
                                          expect: .created).decode(PatrolDTOs.Patrol.self)
            // then the chief reads it but may not act on it; the other worker does not see it
            #expect(try await t.send(.GET, "/api/v1/grid/patrols", as: chief, expect: .ok).decode([PatrolDTOs.Patrol].self).map(\.id) == [patrol.id])
            try await t.send(.GET, "/api/v1/grid/patrols/\(patrol.id)", as: chief, expect: .ok)
            try await t.send(.POST, "/api/v1/grid/patrols/\(patrol.id)/end", as: chief, expect: .notFound)
            #expect(try await t.send(.GET, "/api/v1/grid/patrols", as: other, expect: .ok).decode([PatrolDTOs.Patrol].self).isEmpty)
            try await t.send(.GET, "/api/v1/grid/patrols/\(patrol.id)", as: other, expect: .notFound)
            // and the chief edits base data anywhere inside the medium cell, the other worker nowhere there
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: chief, body: TestApp.residentJSON(cell: here[0]), expect: .created)
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: other, body: TestApp.residentJSON(cell: here[0]), expect: .forbidden)
        }
    }
}
