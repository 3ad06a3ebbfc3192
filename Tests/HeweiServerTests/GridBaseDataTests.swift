import Fluent
import Foundation
import HeweiCore
@testable import HeweiServer
import Testing
import Vapor
import VaporTesting

@Suite(.serialized) struct GridBaseDataTests {
    @Test func aGridWorkerSeesAndEditsOnlyTheirCellsAndTheCentreSeesMaskedData() async throws {
        try await withApp { t in
            // given a grid worker assigned to the small cell around the temple
            let (here, there) = try await t.gridWithTwoPlaces()
            let dispatcher = try await t.login("dispatcher"), worker = try await t.login("gridworker")
            let admin = try await t.login("sysadmin")
            try await t.assign("gridworker", to: here[1], by: dispatcher)
            // when the worker records a resident in a micro cell of theirs, and the admin loads one elsewhere
            let mine = try await t.send(.POST, "/api/v1/grid/base-data/residents", as: worker,
                                        body: TestApp.residentJSON(cell: here[0]), expect: .created).decode(BaseRecordDTO.self)
            let csv = "cellCode,name,idNumber,address\n\(there[0]),颜回,37088119900101123X,陋巷1号\n"
            try await t.send(.POST, "/api/v1/grid/base-data/residents/import", as: admin, body: csv, contentType: .csv, expect: .ok)
            let theirs = try #require(try await BaseRecordModel.query(on: t.app.db).filter(\.$cellCode == there[0]).first())
            // then the worker sees their own, masked, in full only by an audited reveal, and nothing of the other cell
            #expect(mine.attributes["idNumber"] == Masking.idNumber("370881199001011234"))
            try await t.send(.POST, "/api/v1/grid/base-data/residents/\(mine.id)/reveal", as: worker, body: #"{"reason":""}"#, expect: .badRequest)
            let full = try await t.send(.POST, "/api/v1/grid/base-data/residents/\(mine.id)/reveal", as: worker,
                                        body: #"{"reason":"入户核对身份信息"}"#, expect: .ok).decode(BaseRecordDTO.self)
            #expect(full.attributes["idNumber"] == "370881199001011234")
            try await t.send(.POST, "/api/v1/grid/base-data/residents/\(theirs.id!)/reveal", as: worker,
                             body: #"{"reason":"入户核对身份信息"}"#, expect: .notFound)
            try await t.send(.POST, "/api/v1/grid/base-data/residents/\(mine.id)/reveal", as: dispatcher,
                             body: #"{"reason":"入户核对身份信息"}"#, expect: .forbidden)
            // and the ID number is stored sealed, in the record and in its history
            let stored = try #require(try await BaseRecordModel.find(mine.id, on: t.app.db))
            #expect(!stored.attributes.contains("370881199001011234") && stored.attributes.contains("enc:v1:test1:"))
            for change in try await BaseDataChangeModel.query(on: t.app.db).all() {
                #expect(!change.after.contains("370881199001011234") && !change.after.contains("37088119900101123X"))
            }
            #expect(mine.attributes["tags"] == "独居老人;低保")
            let listed = try await t.send(.GET, "/api/v1/grid/base-data/residents", as: worker, expect: .ok).decode([BaseRecordDTO].self)
            #expect(listed.map(\.id) == [mine.id])
            try await t.send(.GET, "/api/v1/grid/base-data/residents/\(theirs.id!)", as: worker, expect: .notFound)
            try await t.send(.PUT, "/api/v1/grid/base-data/residents/\(theirs.id!)", as: worker,
                             body: TestApp.residentJSON(cell: there[0]), expect: .notFound)
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: worker, body: TestApp.residentJSON(cell: there[0]), expect: .forbidden)
            try await t.send(.PUT, "/api/v1/grid/base-data/residents/\(mine.id)", as: worker,
                             body: TestApp.residentJSON(cell: there[0]), expect: .forbidden)
            // the dispatcher sees everything, masked; other roles see nothing
            let all = try await t.send(.GET, "/api/v1/grid/base-data/residents", as: dispatcher, expect: .ok).decode([BaseRecordDTO].self)
            #expect(all.count == 2)
            let seen = try await t.send(.GET, "/api/v1/grid/base-data/residents/\(mine.id)", as: dispatcher, expect: .ok).decode(BaseRecordDTO.self)
            #expect(seen.attributes["idNumber"] == "370881********1234")
            #expect(seen.attributes["phone"] == "138****1234")
            try await t.send(.POST, "/api/v1/grid/base-data/residents", as: dispatcher, body: TestApp.residentJSON(cell: here[0]), expect: .forbidden)
            try await t.send(.GET, "/api/v1/grid/base-data/residents", as: try await t.login("clerk"), expect: .forbidden)
            try await t.send(.GET, "/api/v1/grid/base-data/residents", as: admin, expect: .forbidden)
        }
    }

    @Test func importRejectsBadRowsWithLineNumbersAndStoresNothing() async throws {
        try await withApp { t in
            let (here, there) = try await t.gridWithTwoPlaces()
            let worker = try await t.login("gridworker")
            try await t.assign("gridworker", to: here[1], by: try await t.login("sysadmin"))
            let csv = """
            cellCode,name,idNumber,phone,address,tags
            \(here[0]),孔繁森,370881199001011234,13812341234,"五马祠街12号,2单元",独居老人
            \(here[0]),颜回,37088119900101123,13812341234,陋巷1号,
            999999,曾参,370881199001011235,,南门外,
            \(there[0]),孟轲,370881199001011236,12,亚圣府,
            \(here[0]),,370881199001011237,,,

            """
            // when the file has bad rows, then every one is reported by line and nothing is stored
            let refused = try await t.send(.POST, "/api/v1/grid/base-data/residents/import", as: worker, body: csv, contentType: .csv,
                                           expect: .badRequest).decode(ErrorBody.self)
            #expect(refused.error.code == "invalid_rows")
            let problems = try #require(try JSONDecoder().decode(Problems.self, from: Data(
                try await t.send(.POST, "/api/v1/grid/base-data/residents/import", as: worker, body: csv, contentType: .csv).text.utf8)).error.problems)
            #expect(problems.contains("line 3: idNumber: must be 18 characters: 17 digits and a final digit or X"))
            #expect(problems.contains("line 4: cellCode: no grid cell '999999' in the active grid"))
            #expect(problems.contains("line 5: cellCode: grid cell '\(there[0])' is not assigned to you"))
            #expect(problems.contains("line 5: phone: must be a phone number of 5 to 20 digits"))
            #expect(problems.contains("line 6: name: is required"))
            #expect(problems.contains("line 6: address: is required"))
            #expect(!problems.contains { $0.hasPrefix("line 2") })
            #expect(try await BaseRecordModel.query(on: t.app.db).count() == 0)
            #expect(try await BaseDataChangeModel.query(on: t.app.db).count() == 0)
            // when bad rows are skipped, then only the good row is stored, with its audit row
            let report = try await t.send(.POST, "/api/v1/grid/base-data/residents/import?skipBad=true", as: worker, body: csv,
                                          contentType: .csv, expect: .ok).decode(BaseDataImport.Report.self)
            #expect(report.imported == 1 && report.skipped == 4)
            let stored = try await BaseRecordModel.query(on: t.app.db).all()
            #expect(stored.map(\.name) == ["孔繁森"])
            #expect(try BaseDataRecords.values(of: stored[0], cipher: t.context.cipher)["address"] == "五马祠街12号,2单元")
            #expect(try await BaseDataChangeModel.query(on: t.app.db).filter(\.$action == "import").count() == 1)
            // a header with an unknown column is refused whatever skipBad says
            try await t.send(.POST, "/api/v1/grid/base-data/residents/import?skipBad=true", as: worker,
                             body: "cellCode,name,salary\n\(here[0]),x,1\n", contentType: .csv, expect: .badRequest)
        }
    }

    @Test func anEditAppendsAnAuditRowAndNothingIsDeleted() async throws {
        try await withApp { t in
            let (here, _) = try await t.gridWithTwoPlaces()
            let worker = try await t.login("gridworker")
            try await t.assign("gridworker", to: here[2], by: try await t.login("dispatcher"))
            let created = try await t.send(.POST, "/api/v1/grid/base-data/facilities", as: worker,
                                           body: #"{"cellCode":"\#(here[0])","name":"路灯","attributes":{"code":"LD-0001","classCode":"0104","status":"normal","lon":"116.99","lat":"35.58"}}"#,
                                           expect: .created).decode(BaseRecordDTO.self)
            try await t.send(.POST, "/api/v1/grid/base-data/facilities", as: worker,
                             body: #"{"cellCode":"\#(here[0])","name":"井盖","attributes":{"code":"JG-1","classCode":"0701","status":"normal"}}"#,
                             expect: .badRequest)
            // when the worker marks it damaged and then retires it
            let damaged = #"{"cellCode":"\#(here[0])","name":"路灯","attributes":{"code":"LD-0001","classCode":"0104","status":"damaged","lon":"116.99","lat":"35.58"}}"#
            try await t.send(.PUT, "/api/v1/grid/base-data/facilities/\(created.id)", as: worker, body: damaged, expect: .ok)
            try await t.send(.PUT, "/api/v1/grid/base-data/facilities/\(created.id)", as: worker, body: damaged, expect: .ok)
            let retired = String(damaged.dropLast()) + #","active":false}"#
            try await t.send(.PUT, "/api/v1/grid/base-data/facilities/\(created.id)", as: worker, body: retired, expect: .ok)
            // then every real change has its row, with the values before and after
            let changes = try await BaseDataChangeModel.query(on: t.app.db).filter(\.$recordID == created.id).sort(\.$at).all()
            #expect(changes.map(\.action) == ["create", "update", "update"])
            #expect(changes[1].before.contains(#""status":"normal""#) && changes[1].after.contains(#""status":"damaged""#))
            #expect(changes[2].after.contains(#""active":"false""#))
            #expect(changes.allSatisfy { $0.actorName == "网格员 孟强" })
            let history = try await t.send(.GET, "/api/v1/grid/base-data/facilities/\(created.id)/changes", as: worker, expect: .ok)
                .decode([BaseDataChangeDTO].self)
            #expect(history.map(\.action) == ["create", "update", "update"])
            #expect(history[0].before == nil && history[1].before?["status"] == "normal" && history[1].after["status"] == "damaged")
            // the record is kept, listed only with active=false
            let active = try await t.send(.GET, "/api/v1/grid/base-data/facilities?cell=\(here[1])", as: worker, expect: .ok).decode([BaseRecordDTO].self)
            #expect(active.isEmpty)
            let inactive = try await t.send(.GET, "/api/v1/grid/base-data/facilities?active=false", as: worker, expect: .ok).decode([BaseRecordDTO].self)
            #expect(inactive.map(\.id) == [created.id])
        }
    }

    private struct Problems: Decodable {
        struct Detail: Decodable { var problems: [String]? }
        var error: Detail
    }
}
