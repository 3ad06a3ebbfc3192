import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

/// The grid worker's console pages: patrolling from the phone, and a cell's workers and base data.
@Suite struct GridWorkerPagesTests {
    @Test func aWorkerPatrolsRecordsAFindingAndReportsItOnce() async throws {
        try await withApp { t in
            // given a grid worker assigned to the small cell around the temple, signed in to the console
            let (here, _) = try await t.gridWithTwoPlaces()
            try await t.assign("gridworker", to: here[1], by: try await t.login("dispatcher"))
            let worker = try await signIn(t, "gridworker")
            let empty = try await get(t, "/console/patrols", worker)
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("<a href=\"/console/patrols\" aria-current=\"page\">巡查</a>"))
            #expect(empty.body.string.contains("<option value=\"\(here[1])\""))
            #expect(empty.body.string.contains("还没有巡查记录"))

            // when they start a patrol
            let started = try await post(t, "/console/patrols", ["cellCode": here[1], "note": "例行巡查"], worker)
            #expect(started.status == .seeOther)
            #expect(started.headers.first(name: .location) == "/console/patrols?done=start")
            let patrol = try #require(try await PatrolModel.query(on: t.app.db).first())
            #expect(patrol.cellCode == here[1] && patrol.endedAt == nil)
            let open = try await get(t, "/console/patrols?done=start", worker).body.string
            #expect(open.contains("巡查已开始"))
            #expect(open.contains("进行中的巡查"))
            #expect(open.contains("action=\"/console/patrols/\(patrol.id!.uuidString)/findings\""))
            #expect(open.contains("data-geolocate"))

            // a finding with a bad coordinate is refused, its text kept
            let bad = try await post(t, "/console/patrols/\(patrol.id!.uuidString)/findings",
                                     ["text": "路灯不亮", "categoryCode": "0106", "lon": "东经", "lat": "35.58"], worker)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("「经度」填写有误"))
            #expect(bad.body.string.contains(">路灯不亮</textarea>"))
            #expect(try await PatrolFindingModel.query(on: t.app.db).count() == 0)

            // and adds a finding
            let added = try await post(t, "/console/patrols/\(patrol.id!.uuidString)/findings",
                                       ["text": "五马祠街路灯连续三晚不亮。", "categoryCode": "0106", "lon": "116.99", "lat": "35.58"], worker)
            #expect(added.status == .seeOther)
            let finding = try #require(try await PatrolFindingModel.query(on: t.app.db).first())
            #expect(finding.longitude == 116.99 && finding.categoryCode == "0106")
            let withFinding = try await get(t, "/console/patrols", worker).body.string
            #expect(withFinding.contains("五马祠街路灯连续三晚不亮。"))
            #expect(withFinding.contains("action=\"/console/findings/\(finding.id!.uuidString)/report\""))

            // and reports it
            let reported = try await post(t, "/console/findings/\(finding.id!.uuidString)/report", [:], worker)
            #expect(reported.status == .seeOther)
            let order = try #require(try await WorkOrderModel.query(on: t.app.db).first())
            #expect(order.channel == "gridPatrol")
            #expect(order.content == "五马祠街路灯连续三晚不亮。")
            let location = try #require(reported.headers.first(name: .location))
            #expect(location == "/console/patrols?done=report&order=\(order.code)")
            // then the page links to the order, in the flash and on the finding
            let page = try await get(t, location, worker).body.string
            #expect(page.components(separatedBy: "<a href=\"/console/orders/\(order.code)\">\(order.code)</a>").count == 3)
            #expect(page.contains("已上报为工单"))
            #expect(!page.contains("action=\"/console/findings/\(finding.id!.uuidString)/report\""))

            // reporting it again shows the 409 and creates nothing more
            let again = try await post(t, "/console/findings/\(finding.id!.uuidString)/report", [:], worker)
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("class=\"flash error\""))
            #expect(again.body.string.contains("already reported as order \(order.code)"))
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)

            // ending the patrol brings back the start form and lists it among the latest patrols
            let ended = try await post(t, "/console/patrols/\(patrol.id!.uuidString)/end", [:], worker)
            #expect(ended.status == .seeOther)
            let after = try await get(t, "/console/patrols?done=end", worker).body.string
            #expect(after.contains("巡查已结束"))
            #expect(after.contains("action=\"/console/patrols\""))
            #expect(after.contains("<td class=\"num\" data-label=\"发现\">1</td>"))
            #expect(try await PatrolModel.query(on: t.app.db).first()?.endedAt != nil)
            let endedAgain = try await post(t, "/console/patrols/\(patrol.id!.uuidString)/end", [:], worker)
            #expect(endedAgain.status == .conflict)
        }
    }

    @Test func onlyGridWorkersHaveThePatrolPage() async throws {
        try await withApp { t in
            let (here, _) = try await t.gridWithTwoPlaces()
            let dispatcher = try await signIn(t, "dispatcher")
            let page = try await get(t, "/console/patrols", dispatcher)
            #expect(page.status == .forbidden)
            #expect(page.body.string.contains("<html"))
            #expect(try await post(t, "/console/patrols", ["cellCode": here[1]], dispatcher).status == .forbidden)
            #expect(try await PatrolModel.query(on: t.app.db).count() == 0)
            let orders = try await get(t, "/console/orders", dispatcher).body.string
            #expect(!orders.contains("/console/patrols"))
            // a worker with no cell sees the page but cannot start a patrol anywhere
            let worker = try await signIn(t, "gridworker")
            #expect(try await get(t, "/console/patrols", worker).body.string.contains("您尚未分配网格"))
            let refused = try await post(t, "/console/patrols", ["cellCode": here[1]], worker)
            #expect(refused.status == .forbidden)
            #expect(try await PatrolModel.query(on: t.app.db).count() == 0)
        }
    }

    @Test func theCellPageListsWorkersAndMaskedBaseData() async throws {
        try await withApp { t in
            // given a worker of the small cell who recorded a resident in one of its micro cells
            let (here, _) = try await t.gridWithTwoPlaces()
            try await t.assign("gridworker", to: here[1], by: try await t.login("dispatcher"))
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: try await t.login("gridworker"),
                             body: TestApp.residentJSON(cell: here[0]), expect: .created)
            // then the dispatcher sees the worker and the resident, masked
            let html = try await get(t, "/console/grid/cells/\(here[1])", try await signIn(t, "dispatcher")).body.string
            #expect(html.contains("<strong>网格员 孟强</strong> <span class=\"tag\">网格员</span>"))
            #expect(html.contains("孔繁森"))
            #expect(html.contains(Masking.idNumber("370881199001011234")))
            #expect(html.contains(Masking.phone("13812341234")))
            #expect(!html.contains("370881199001011234") && !html.contains("13812341234"))
            #expect(html.contains("<dt>人（居民）</dt><dd>1</dd>"))
            // the worker sees their own records masked too (in full only by an audited reveal)
            let own = try await get(t, "/console/grid/cells/\(here[1])", try await signIn(t, "gridworker")).body.string
            #expect(own.contains("孔繁森") && own.contains(Masking.idNumber("370881199001011234")) && !own.contains("370881199001011234"))
            // a clerk, who may not read base data, sees only the counts
            let clerk = try await get(t, "/console/grid/cells/\(here[1])", try await signIn(t, "clerk")).body.string
            #expect(clerk.contains("<dt>人（居民）</dt><dd>1</dd>"))
            #expect(!clerk.contains("孔繁森") && !clerk.contains("孟强") && !clerk.contains("370881*"))
            #expect(clerk.contains("只能查看数量"))
        }
    }

    @Test func workerPagesHaveNoInlineScriptsOrStyles() async throws {
        try await withApp { t in
            let (here, _) = try await t.gridWithTwoPlaces()
            try await t.assign("gridworker", to: here[1], by: try await t.login("dispatcher"))
            let worker = try await signIn(t, "gridworker")
            _ = try await post(t, "/console/patrols", ["cellCode": here[1]], worker)
            let patrol = try #require(try await PatrolModel.query(on: t.app.db).first())
            _ = try await post(t, "/console/patrols/\(patrol.id!.uuidString)/findings", ["text": "井盖缺失"], worker)
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: try await t.login("gridworker"),
                             body: TestApp.residentJSON(cell: here[0]), expect: .created)
            let pages = [
                try await get(t, "/console/patrols", worker).body.string,
                try await get(t, "/console/patrols?lang=en", worker).body.string,
                try await post(t, "/console/patrols/\(patrol.id!.uuidString)/findings", ["text": ""], worker).body.string,
                try await post(t, "/console/patrols", ["cellCode": here[1]], worker).body.string,
                try await get(t, "/console/grid/cells/\(here[1])", worker).body.string,
                try await get(t, "/console/grid/cells/\(here[1])", try await signIn(t, "dispatcher")).body.string,
                try await get(t, "/console/patrols", try await signIn(t, "dispatcher")).body.string,
            ]
            for html in pages {
                #expect(!html.contains("style="))
                #expect(!html.contains("<style"))
                #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, "no inline event handlers")
                #expect(html.components(separatedBy: "<script").count == 2)
                #expect(html.contains("<script src=\"/assets/app.js\"></script>"))
            }
            // a finding without a category asks for one when it is reported
            #expect(pages[0].contains("<select id=\"r-"))
            let js = try await get(t, "/assets/app.js", [:]).body.string
            #expect(js.contains("navigator.geolocation"))
        }
    }

    // MARK: - Helpers

}
