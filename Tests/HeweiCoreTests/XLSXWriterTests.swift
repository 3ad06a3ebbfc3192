import Foundation
import Testing
@testable import HeweiCore

/// The XLSX export: the ZIP container (CRC-32, headers, central directory), the workbook parts,
/// XML escaping, and a round trip through LibreOffice (`soffice --convert-to csv`) when it is
/// installed. With `CI=true` a missing LibreOffice is a failure (CI installs it); elsewhere the
/// round trip is skipped.
@Suite struct XLSXWriterTests {
    @Test func columnLetters() {
        #expect(XLSX.columnName(0) == "A")
        #expect(XLSX.columnName(25) == "Z")
        #expect(XLSX.columnName(26) == "AA")
        #expect(XLSX.columnName(51) == "AZ")
        #expect(XLSX.columnName(52) == "BA")
        #expect(XLSX.columnName(701) == "ZZ")
        #expect(XLSX.columnName(702) == "AAA")
        #expect(XLSX.columnName(16_383) == "XFD")  // Excel's last column
        #expect(XLSX.cellReference(row: 0, column: 0) == "A1")
        #expect(XLSX.cellReference(row: 9, column: 27) == "AB10")
    }

    @Test func crc32OfTheCheckString() {
        #expect(ZipArchiveWriter.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchiveWriter.crc32([UInt8]()) == 0)
        #expect(ZipArchiveWriter.crc32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test func theArchiveHoldsEveryPartStoredWithTheRightCRC() throws {
        let data = XLSX.workbook(sheetName: "考核", rows: [[.text("a"), .number(1)]])
        let entries = try ZipReader.entries([UInt8](data))
        #expect(entries.map(\.name) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                          "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        for e in entries {
            #expect(e.method == 0 && e.crc == ZipArchiveWriter.crc32(e.contents), "\(e.name)")
            #expect(String(decoding: e.contents, as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\""))
        }
        let sheet = try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" })
        #expect(String(decoding: sheet.contents, as: UTF8.self).contains(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">a</t></is></c><c r=\"B1\"><v>1</v></c></row>"))
        let workbook = try #require(entries.first { $0.name == "xl/workbook.xml" })
        #expect(String(decoding: workbook.contents, as: UTF8.self).contains("<sheet name=\"考核\" sheetId=\"1\" r:id=\"rId1\"/>"))
        // the same input gives the same bytes (fixed timestamps)
        #expect(XLSX.workbook(sheetName: "考核", rows: [[.text("a"), .number(1)]]) == data)
    }

    @Test func anEmptyArchiveIsJustTheEndRecord() {
        let bytes = ZipArchiveWriter().finish()
        #expect(bytes == [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
    }

    @Test func xmlEscaping() {
        #expect(XLSX.escape("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'")
        // characters XML 1.0 does not allow are dropped; tab and LF stay; CR is kept as a reference
        #expect(XLSX.escape("x\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}y") == "xy")
        #expect(XLSX.escape("a\tb\nc\rd") == "a\tb\nc&#13;d")
        #expect(XLSX.escape("曲阜市鼓楼北街12号 😀") == "曲阜市鼓楼北街12号 😀")
        // a literal _xHHHH_ must not be read back as an escaped character
        #expect(XLSX.escape("_x0041_ and _x12_ and _xZZZZ_") == "_x005F_x0041_ and _x12_ and _xZZZZ_")
        // formulas are never written: text starting with = is an inline string
        let sheet = XLSX.sheetXML([[.text("=1+1"), .empty, .number(.nan), .number(-2.5), .text("")]])
        #expect(sheet.contains("<c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=1+1</t></is></c><c r=\"D1\"><v>-2.5</v></c></row>"))
        #expect(!sheet.contains("<f>"))
    }

    @Test func numbersAndSheetNames() {
        #expect(XLSX.numberText(3) == "3")
        #expect(XLSX.numberText(-0.0) == "0")
        #expect(XLSX.numberText(83.3) == "83.3")
        #expect(XLSX.numberText(0.00001) == "1e-05")
        #expect(XLSX.numberText(.infinity) == nil)
        #expect(XLSX.sheetName("a[b]c:d*e?f/g\\h") == "a_b_c_d_e_f_g_h")
        #expect(XLSX.sheetName("'quoted'") == "quoted")
        #expect(XLSX.sheetName("") == "Sheet1")
        #expect(XLSX.sheetName(String(repeating: "考", count: 40)) == String(repeating: "考", count: 31))
    }

    @Test func theEvaluationWorkbookHasTheCSVTable() throws {
        let entries = try ZipReader.entries([UInt8](Evaluation.xlsx([], header: .chinese)))
        let sheet = String(decoding: try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" }).contents, as: UTF8.self)
        #expect(sheet.contains("<c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">单位</t></is></c>"))
        #expect(sheet.contains("<c r=\"S1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">未排名原因</t></is></c>"))
        #expect(Evaluation.table([], header: .chinese) == [Evaluation.csv([], header: .chinese).replacingOccurrences(of: "\r\n", with: "").components(separatedBy: ",")])
    }

    @Test(.enabled(if: LibreOffice.path != nil || LibreOffice.requiredByCI,
                   "LibreOffice (soffice) is not installed: round trip skipped (CI=true makes this a failure)"))
    func libreOfficeOpensTheWorkbook() throws {
        let soffice = try #require(LibreOffice.path, "CI=true but neither soffice nor libreoffice is on PATH")
        let rows: [[XLSX.Cell]] = [
            [.text("单位"), .text("名称"), .text("得分"), .text("备注")],
            [.text("ZJJ"), .text("曲阜市住房和城乡建设局"), .number(83.3), .text("=1+1")],
            [.text("0501"), .empty, .number(12), .text("a, \"quoted\" & <tag>")],
            [.text("-3"), .text("+86 @x"), .number(-0.5), .text("_x0041_")],
        ]
        let csv = try LibreOffice.convertToCSV(XLSX.workbook(sheetName: "考核评价", rows: rows), soffice: soffice)
        // Text cells come back quoted, numbers bare: "0501" and "-3" stayed text, "=1+1" was not
        // computed, the _x0041_ escape held, the empty cell is empty.
        #expect(csv == """
            "单位","名称","得分","备注"
            "ZJJ","曲阜市住房和城乡建设局",83.3,"=1+1"
            "0501",,12,"a, ""quoted"" & <tag>"
            "-3","+86 @x",-0.5,"_x0041_"

            """)
    }
}

// MARK: - Helpers

/// Reads the entries of a stored-only ZIP through its central directory (independently of the writer).
enum ZipReader {
    struct Entry {
        var name: String
        var method: UInt16
        var crc: UInt32
        var contents: [UInt8]
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func entries(_ b: [UInt8]) throws -> [Entry] {
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard b.count >= 22 else { throw Malformed(description: "too short") }
        let end = b.count - 22  // no archive comment
        guard u32(end) == 0x0605_4b50 else { throw Malformed(description: "no end record") }
        let count = u16(end + 10), size = u32(end + 12), offset = u32(end + 16)
        guard offset + size == end, u16(end + 8) == count else { throw Malformed(description: "bad central directory bounds") }
        var out: [Entry] = []
        var p = offset
        for _ in 0..<count {
            guard u32(p) == 0x0201_4b50 else { throw Malformed(description: "bad central header at \(p)") }
            let method = UInt16(u16(p + 10)), crc = UInt32(u32(p + 16)), csize = u32(p + 20), usize = u32(p + 24)
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32), local = u32(p + 42)
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard u32(local) == 0x0403_4b50, u16(local + 8) == Int(method), u32(local + 14) == Int(crc),
                  u32(local + 18) == csize, u32(local + 22) == usize, csize == usize,
                  String(decoding: b[(local + 30)..<(local + 30 + u16(local + 26))], as: UTF8.self) == name
            else { throw Malformed(description: "local header of \(name) does not match") }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            out.append(Entry(name: name, method: method, crc: crc, contents: Array(b[start..<(start + usize)])))
            p += 46 + nameLength + extra + comment
        }
        return out
    }
}

/// LibreOffice on this machine, for round trips.
enum LibreOffice {
    static let requiredByCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let path: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":")
        for name in ["soffice", "libreoffice"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Converts an .xlsx to CSV (comma, double quotes, UTF-8) with a private profile directory,
    /// so that it runs as root and in parallel with other conversions; returns the CSV text.
    static func convertToCSV(_ xlsx: Data, soffice: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hewei-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("book.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--norestore",
                             // 44 = comma, 34 = double quote, 76 = UTF-8, 1 = from line 1, (format codes),
                             // 0 = default language, true = quote all text cells (tells text from numbers)
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true",
                             "--outdir", dir.path, input.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let csv = dir.appendingPathComponent("book.csv")
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: csv.path) else {
            throw Failed(description: "soffice exited \(process.terminationStatus) without a CSV: \(log)")
        }
        // LibreOffice ends lines with LF
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
