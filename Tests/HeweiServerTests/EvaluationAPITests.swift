import Foundation
import HeweiCore
@testable import HeweiServer
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Unit evaluation from stored orders: a small, hand-computed case through the API, the CSV export
/// and the page. (The formulas themselves are tested in HeweiCoreTests/EvaluationTests.)
@Suite(.serialized) struct EvaluationAPITests {
    @Test func aHandComputedDayOfOneUnitMatchesExactly() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            let zjj = try await t.login("h-zjj"), followup = try await t.login("followup")
            // Thursday 26 Nov 2026, 09:00: three street-light complaints, all dispatched to ZJJ (sign-for: 2 working hours).
            let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let b = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let c = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            // a: signed after 1 h (on time), reported the same day (on time), replied, followed up: resolved, satisfied.
            t.clock.advance(by: 3600)
            try await t.act(a.code, "signFor", as: zjj)
            try await t.act(a.code, "report", ActionInput(note: "已修复"), as: zjj)
            try await t.act(a.code, "reply", ActionInput(reply: "已修复，感谢反映"), as: dispatcher)
            try await t.act(a.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "basicallySatisfied"), as: followup)
            // b: signed at 12:00 — 3 working hours after dispatch, late; still being handled (not due yet).
            t.clock.advance(by: 2 * 3600)
            try await t.act(b.code, "signFor", as: zjj)
            // c: never signed; by 14:00 its sign-for limit (11:00) has passed: late.
            t.clock.advance(by: 2 * 3600)
            // By hand, for 26 Nov: sign-for on time 1 of 3 (a on time; b, c late);
            // closure: a closed on time 1 of 1 (b and c are not due yet);
            // resolution 1 of 1; satisfaction 1 of 1 (basically satisfied counts).
            // Score = (1/3 + 1 + 1 + 1) / 4 = 0.8333… → 83.3 points; sample 3 ≥ minimum 3 → rank 1.
            let result = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3", as: dispatcher,
                                         EvaluationController.ResultDTO.self)
            let row = try #require(result.rows.first { $0.code == "ZJJ" })
            #expect(result.rows.count == 1)
            #expect((row.signFor.numerator, row.signFor.denominator) == (1, 3))
            #expect((row.closure.numerator, row.closure.denominator) == (1, 1))
            #expect((row.resolution.numerator, row.resolution.denominator) == (1, 1))
            #expect((row.satisfaction.numerator, row.satisfaction.denominator) == (1, 1))
            #expect(row.score == 83.3 && row.rank == 1 && row.sample == 3)
            // with the default minimum sample (5) the unit is listed but not ranked
            let strict = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27", as: dispatcher, EvaluationController.ResultDTO.self)
            #expect(strict.rows.first?.rank == nil && strict.rows.first?.notRanked != nil)
            // by town: the orders lie in 鲁城街道
            let towns = try await t.get("/api/v1/evaluation?from=2026-11-26&to=2026-11-27&groupBy=town&minimumSample=1", as: dispatcher,
                                        EvaluationController.ResultDTO.self)
            #expect(towns.rows.map(\.sample) == [3])
            // the CSV has the same figures
            let csv = try await t.send(.GET, "/api/v1/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3&format=csv", as: dispatcher, expect: .ok).text
            #expect(csv.hasPrefix("单位,名称"))
            #expect(csv.contains("ZJJ,") && csv.contains(",1,3,33.3,"))
            // refused and bad requests
            try await t.send(.GET, "/api/v1/evaluation", as: zjj, expect: .forbidden)
            try await t.send(.GET, "/api/v1/evaluation?from=2026-11-27&to=2026-11-26", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/evaluation?groupBy=village", as: dispatcher, expect: .badRequest)
            // the page shows the table
            let html = try await get(t, "/console/evaluation?from=2026-11-26&to=2026-11-27&minimumSample=3", try await signIn(t, "supervisor")).body.string
            #expect(html.contains("ZJJ") && html.contains("83.3") && html.contains("33.3%"))
            _ = c
        }
    }

    /// `format=xlsx`: the same table as the CSV export, as a workbook LibreOffice opens (round trip
    /// through `soffice --convert-to csv` when LibreOffice is installed; required when CI=true).
    @Test func theXLSXExportHoldsTheCSVTable() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            t.clock.advance(by: 3600)
            try await t.act(a.code, "signFor", as: zjj)
            t.clock.advance(by: 4 * 3600)
            // by unit with the default minimum sample (listed, not ranked: a Chinese reason), and by town (ranked)
            for query in ["from=2026-11-26&to=2026-11-27", "from=2026-11-26&to=2026-11-27&groupBy=town&minimumSample=1"] {
                let csv = try await t.send(.GET, "/api/v1/evaluation?\(query)&format=csv", as: dispatcher, expect: .ok).text
                let (headers, bytes) = try await Self.download(t, "/api/v1/evaluation?\(query)&format=xlsx", as: dispatcher)
                #expect(headers.first(name: .contentType) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(headers.first(name: .contentDisposition) == "attachment; filename=\"evaluation.xlsx\"")
                #expect(bytes.starts(with: Array("PK".utf8)))
                let expected = SpreadsheetCSV.parse(csv)
                #expect(expected.count == 2 && expected[0].first == (query.contains("town") ? "乡镇" : "单位"))
                guard let soffice = try SpreadsheetCSV.soffice() else { continue }
                let converted = SpreadsheetCSV.parse(try SpreadsheetCSV.convert(Data(bytes), soffice: soffice))
                #expect(converted.count == expected.count)
                #expect(converted.first == expected.first)  // the header row exactly
                for (got, want) in zip(converted.dropFirst(), expected.dropFirst()) {
                    #expect(got.count == want.count, "\(got) vs \(want)")
                    for (column, (g, w)) in zip(got, want).enumerated() {
                        if Evaluation.tableNumericColumns.contains(column), !w.isEmpty {
                            let (gv, wv) = (Double(g), Double(w))
                            #expect(gv != nil && wv != nil && abs(gv! - wv!) < 1e-9, "column \(column): \(g) vs \(w)")
                        } else {
                            #expect(g == w, "column \(column): \(g) vs \(w)")  // code, name, town, reason; empty cells
                        }
                    }
                }
                if query.contains("town") { #expect(converted.last?[17] == "1") } else { #expect(converted.last?[18].isEmpty == false) }
            }
            // both exports are in the audit trail
            let audit = try await t.send(.GET, "/api/v1/audit?kind=export&action=evaluation.export&per=50", as: try await t.login("auditor"),
                                         expect: .ok).text
            #expect(audit.contains("format=xlsx") && audit.contains("format=csv"))
            // an unknown format, and an export without the right
            try await t.send(.GET, "/api/v1/evaluation?format=bogus", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/evaluation?format=xlsx", as: zjj, expect: .forbidden)
        }
    }

    /// The order list export as XLSX: same masked table as the CSV, every field as text.
    @Test func theOrderExportAsXLSXHoldsTheMaskedTable() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), dispatcher = try await t.login("dispatcher")
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            let csv = try await t.send(.GET, "/api/v1/orders/export", as: dispatcher, expect: .ok).text
            let (headers, bytes) = try await Self.download(t, "/api/v1/orders/export?format=xlsx", as: dispatcher)
            #expect(headers.first(name: .contentType) == XLSX.contentType)
            #expect(headers.first(name: .contentDisposition) == "attachment; filename=\"orders.xlsx\"")
            #expect(headers.first(name: "X-Total-Count") == "1")
            #expect(bytes.starts(with: Array("PK".utf8)))
            try await t.send(.GET, "/api/v1/orders/export?format=bogus", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/orders/export?format=xlsx", as: clerk, expect: .forbidden)
            let expected = SpreadsheetCSV.parse(csv)
            #expect(expected.count == 2 && expected[1].contains { $0.contains("****") })  // the phone is masked
            guard let soffice = try SpreadsheetCSV.soffice() else { return }
            // no formula-defusing apostrophes in the CSV of this order, so the tables are equal as text
            #expect(!csv.contains(",'"))
            #expect(SpreadsheetCSV.parse(try SpreadsheetCSV.convert(Data(bytes), soffice: soffice)) == expected)
        }
    }

    private static func download(_ t: TestApp, _ path: String, as auth: HTTPHeaders) async throws -> (HTTPHeaders, [UInt8]) {
        var result: (HTTPHeaders, [UInt8])?
        try await t.app.testing().test(.GET, path, beforeRequest: { req in req.headers = auth }, afterResponse: { res in
            #expect(res.status == .ok, "\(path): \(res.body.string)")
            result = (res.headers, res.body.getBytes(at: res.body.readerIndex, length: res.body.readableBytes) ?? [])
        })
        return try #require(result)
    }
}

/// LibreOffice round trips for the spreadsheet exports, and an RFC 4180 reader to compare them.
enum SpreadsheetCSV {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// `soffice` (or `libreoffice`) on PATH; nil when absent — unless CI=true, where that is an error.
    static func soffice() throws -> String? {
        let env = ProcessInfo.processInfo.environment
        for name in ["soffice", "libreoffice"] {
            for dir in (env["PATH"] ?? "/usr/bin").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        if env["CI"] == "true" { throw Failed(description: "CI=true but neither soffice nor libreoffice is on PATH") }
        print("LibreOffice (soffice) is not installed: XLSX round trip skipped")
        return nil
    }

    /// The workbook converted to CSV (comma, double quotes, UTF-8) with a private profile directory.
    static func convert(_ xlsx: Data, soffice: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hewei-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("export.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--norestore",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true", "--outdir", dir.path, input.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: dir.appendingPathComponent("export.csv").path) else {
            throw Failed(description: "soffice exited \(process.terminationStatus) without a CSV: \(log)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// RFC 4180 records (CRLF or LF line ends, quoted fields with doubled quotes).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        var chars = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else { field.append(ch) }
                continue
            }
            switch ch {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            default: field.append(ch)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

@Suite(.serialized) struct ClearanceAPITests {
    @Test func theBoardShowsEachUnitsBacklogAndItsTrend() async throws {
        try await withApp { (t: TestApp) in
            let clerk = try await t.login("clerk"), early = try await t.login("dispatcher")
            // an empty board is an empty list
            #expect(try await t.get("/api/v1/clearance", as: early, ClearanceController.BoardDTO.self).rows.isEmpty)
            // day 1: two orders for ZJJ; day 3: one of them is closed
            let a = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            _ = try #require(try await t.intake(TestApp.hotlineRequest(), as: clerk))
            t.clock.advance(by: 2 * 86_400)
            // (sign-in tokens last 12 hours: sign in again)
            let dispatcher = try await t.login("dispatcher"), zjj = try await t.login("h-zjj")
            try await t.act(a.code, "signFor", as: zjj)
            try await t.act(a.code, "report", ActionInput(note: "已修复"), as: zjj)
            try await t.act(a.code, "reply", ActionInput(reply: "已修复"), as: dispatcher)
            try await t.act(a.code, "recordFollowUp", ActionInput(resolved: true, satisfaction: "satisfied"), as: dispatcher)
            try await t.act(a.code, "close", as: dispatcher)
            let board = try await t.get("/api/v1/clearance?days=3", as: dispatcher, ClearanceController.BoardDTO.self)
            let zjjRow = try #require(board.rows.first { $0.code == "ZJJ" })
            // by hand: 2 days ago both were open (2), 1 day ago still 2, now 1 → change −1; the open one is 2 days old
            #expect(zjjRow.open == 1 && zjjRow.trend == [2, 2, 1] && zjjRow.change == -1)
            #expect(zjjRow.ageBuckets == [0, 1, 0, 0] && zjjRow.redone == 0)
            // by town, and bad input, and roles
            let towns = try await t.get("/api/v1/clearance?groupBy=town&days=3", as: dispatcher, ClearanceController.BoardDTO.self)
            #expect(towns.rows.map(\.open).reduce(0, +) == 1)
            try await t.send(.GET, "/api/v1/clearance?days=0", as: dispatcher, expect: .badRequest)
            try await t.send(.GET, "/api/v1/clearance", as: zjj, expect: .forbidden)
            let html = try await get(t, "/console/clearance?days=3", try await signIn(t, "leader")).body.string
            #expect(html.contains("ZJJ") && html.contains("▼ 1") && html.contains("<polyline"))
        }
    }
}
