import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct GridImportTests {
    func post(_ t: TestApp, _ data: Data, as headers: HTTPHeaders, note: String = "导入测试",
              _ check: (TestingHTTPResponse) throws -> Void) async throws {
        try await t.app.testing().test(.POST, "/api/v1/grid/import?note=\(note.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)",
                                       headers: headers, body: ByteBuffer(data: data)) { res in try check(res) }
    }

    @Test func importExportRoundTripIsLossless() async throws {
        try await withApp { t in
            let admin = try await t.login("sysadmin")
            let file = GeoJSON.encode(DemoGrid.generate())
            try await post(t, file, as: admin) { res in
                #expect(res.status == .created, "\(res.body.string.prefix(300))")
                let result = try res.content.decode(GridAdminController.ImportResult.self)
                #expect(result.counts == ["large": 12, "medium": 94, "small": 962, "micro": 4399])
            }
            var exported = Data()
            try await t.app.testing().test(.GET, "/api/v1/grid/export", headers: admin) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.contains("geo+json") == true)
                exported = Data(buffer: res.body)
            }
            #expect(exported == file)
            try await t.app.testing().test(.GET, "/api/v1/grid/export?level=large", headers: admin) { res in
                let decoded = GeoJSON.decodeCells(Data(buffer: res.body))
                #expect(decoded.cells.count == 12)
                #expect(decoded.problems.isEmpty)
            }
            // the index was rebuilt: intake now finds cells
            #expect(t.context.grid.current.locate(GeoPoint(lon: 116.99, lat: 35.58)) != nil)
        }
    }

    @Test func anInvalidGridIsRefusedWithEveryProblemAndChangesNothing() async throws {
        try await withApp { t in
            try await DemoSeeder(app: t.app).seedGrid()
            let admin = try await t.login("sysadmin")
            let before = try await GridVersionModel.query(on: t.app.db).count()
            var cells = DemoGrid.generate().filter { $0.level == .large }
            cells.append(cells[0])                      // duplicate code
            cells[1].shape = cells[2].shape             // overlapping siblings
            cells.append(GridCell(code: "370881999001", name: "孤儿", level: .medium, parentCode: "370881999",
                                  shape: cells[3].shape)) // missing parent
            try await post(t, GeoJSON.encode(cells), as: admin) { res in
                #expect(res.status == .badRequest)
                let body = res.body.string
                #expect(body.contains("invalid_grid"))
                #expect(body.contains("duplicate"))
                #expect(body.contains("overlaps"))
                #expect(body.contains("370881999001"))
            }
            try await post(t, Data("{\"type\":\"Point\"}".utf8), as: admin) { res in #expect(res.status == .badRequest) }
            #expect(try await GridVersionModel.query(on: t.app.db).count() == before)
            #expect(t.context.grid.current.count == 5467)
            // only the system administrator imports
            let clerk = try await t.login("clerk")
            try await post(t, GeoJSON.encode(DemoGrid.generate()), as: clerk) { res in #expect(res.status == .forbidden) }
        }
    }
}
