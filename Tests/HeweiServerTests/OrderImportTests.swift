import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor

/// `hewei import orders`: rows from an old system become orders at the time they were received,
/// checked exactly as intake checks; all or nothing unless skip-bad; a file can be run again.
@Suite struct OrderImportTests {
    static let header = "channel,channelRef,receivedAt,requestKind,categoryCode,urgency,longitude,latitude,address,requesterName,requesterPhone,anonymous,content,unit"
    static let good1 = "hotline12345,OLD-0001,2026-11-20 09:30,complaint,0106,,116.99,35.58,鲁城街道五马祠街12号,张三,13812341234,false,路灯不亮,auto"
    static let good2 = "app,OLD-0002,2026-11-21T10:00:00+08:00,suggestion,0106,,,,书院街道,,,true,建议增设路灯,"
    static let bad = "hotline12345,OLD-0003,2026-11-22 08:00,complaint,9999,,,,x,,,,分类不存在,"

    func importer(_ t: TestApp) -> OrderImport { OrderImport(context: t.app.hewei, db: t.app.db) }

    @Test func goodRowsBecomeOrdersAtTheirOwnTimeAndARerunSkipsThem() async throws {
        try await withApp { t in
            let csv = [Self.header, Self.good1, Self.good2].joined(separator: "\n")
            let report = try await importer(t).run(csv: csv, skipBad: false)
            #expect(report.imported == 2 && report.alreadyImported == 0 && report.rejected.isEmpty)
            let orders = try await WorkOrderModel.query(on: t.app.db).sort(\.$createdAt).all()
            #expect(orders.map(\.channelRef) == ["OLD-0001", "OLD-0002"])
            #expect(orders[0].createdAt == OrderImport.date("2026-11-20 09:30"))
            #expect(orders[0].state == "dispatched" && orders[1].state == "accepted" && orders[1].anonymous)
            // the clocks run from the time the request was received, not from the import
            let clocks = try await DeadlineModel.query(on: t.app.db).filter(\.$orderID == orders[0].id!).all()
            #expect(clocks.allSatisfy { $0.startedAt == orders[0].createdAt })
            let again = try await importer(t).run(csv: csv, skipBad: false)
            #expect(again.imported == 0 && again.alreadyImported == 2)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 2)
        }
    }

    @Test func aBadRowStopsTheWholeFileUnlessSkipBad() async throws {
        try await withApp { t in
            let csv = [Self.header, Self.good1, Self.bad, "hotline12345,,2026-11-22 08:00,complaint,0106,,,,x,,,,y,",
                       "hotline12345,OLD-0005,2099-01-01 08:00,complaint,0106,,,,x,,,,y,", Self.good1].joined(separator: "\n")
            do {
                _ = try await importer(t).run(csv: csv, skipBad: false)
                Issue.record("a file with bad rows must be refused")
            } catch let HeweiError.invalidRows(problems) {
                #expect(problems.count == 4)
                #expect(problems[0].hasPrefix("line 3: categoryCode"))
                #expect(problems[1].hasPrefix("line 4: channelRef: is required"))
                #expect(problems[2].hasPrefix("line 5: receivedAt: is in the future"))
                #expect(problems[3].hasPrefix("line 6: channelRef: 'OLD-0001' appears twice"))
            }
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 0)
            let report = try await importer(t).run(csv: csv, skipBad: true)
            #expect(report.imported == 1 && report.rejected.count == 4)
            #expect(try await WorkOrderModel.query(on: t.app.db).count() == 1)
        }
    }

    @Test func theHeaderMustNameTheRequiredColumns() async throws {
        try await withApp { t in
            do {
                _ = try await importer(t).run(csv: "channel,content,colour\napp,x,red", skipBad: true)
                Issue.record("a bad header must be refused")
            } catch let HeweiError.invalidRows(problems) {
                #expect(problems.contains { $0.contains("missing column(s)") && $0.contains("channelRef") })
                #expect(problems.contains { $0.contains("unknown column(s) colour") })
            }
        }
    }
}
