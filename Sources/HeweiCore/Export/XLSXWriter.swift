import Foundation

/// A minimal Office Open XML workbook (`.xlsx`, ECMA-376) with one worksheet: enough for an export
/// table that Excel, WPS and LibreOffice open. Parts: `[Content_Types].xml`, `_rels/.rels`,
/// `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`, `xl/worksheets/sheet1.xml` and a minimal
/// `xl/styles.xml`, packed by `ZipArchiveWriter` (stored, no compression).
///
/// Text goes into the cells as inline strings (`t="inlineStr"`), never as formulas: a cell only
/// holds a formula when it has an `<f>` element, which this writer never writes. So a text that
/// starts with `=`, `+`, `-` or `@` stays that text in the spreadsheet, with no apostrophe needed
/// (unlike CSV, where the spreadsheet guesses).
public enum XLSX {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// A finite number; NaN and ±infinity are written as empty cells (a spreadsheet has no such value).
        case number(Double)
        case empty
    }

    /// The media type of an `.xlsx` file.
    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The most characters (UTF-16 code units) a cell may hold in Excel; longer text is cut.
    public static let maxCellLength = 32_767

    /// A workbook with one sheet holding `rows` from A1, row by row. `sheetName` is made valid
    /// (see `sheetName(_:)`).
    public static func workbook(sheetName: String, rows: [[Cell]]) -> Data {
        Data(workbookBytes(sheetName: sheetName, rows: rows))
    }

    public static func workbookBytes(sheetName: String, rows: [[Cell]]) -> [UInt8] {
        var zip = ZipArchiveWriter()
        for (path, text) in parts(sheetName: sheetName, rows: rows) {
            zip.add(path: path, text: text)
        }
        return zip.finish()
    }

    /// The package parts, in the order they are stored (content types first, as is customary).
    public static func parts(sheetName: String, rows: [[Cell]]) -> [(path: String, xml: String)] {
        [
            ("[Content_Types].xml", contentTypesXML),
            ("_rels/.rels", rootRelsXML),
            ("xl/workbook.xml", workbookXML(sheetName: Self.sheetName(sheetName))),
            ("xl/_rels/workbook.xml.rels", workbookRelsXML),
            ("xl/styles.xml", stylesXML),
            ("xl/worksheets/sheet1.xml", sheetXML(rows)),
        ]
    }

    // MARK: - Names and references

    /// The column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA, 51 → AZ, 52 → BA.
    public static func columnName(_ index: Int) -> String {
        precondition(index >= 0, "column index must not be negative")
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The A1-style reference of a 0-based row and column: (0, 0) → A1, (9, 27) → AB10.
    public static func cellReference(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// A valid sheet name: the characters `[ ] : * ? / \` and control characters become `_`,
    /// leading and trailing apostrophes are dropped, at most 31 characters (UTF-16 code units, as
    /// Excel counts); empty becomes `Sheet1`.
    public static func sheetName(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in raw.unicodeScalars {
            if "[]:*?/\\".unicodeScalars.contains(s) || s.value < 0x20 || !isXMLChar(s) {
                scalars.append("_")
            } else {
                scalars.append(s)
            }
        }
        var name = String(scalars)
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        name = prefix(name, utf16Count: 31)
        return name.isEmpty ? "Sheet1" : name
    }

    // MARK: - XML

    /// Escapes text for XML element content and attribute values: `& < > "` as entities, CR as
    /// `&#13;` (a parser would turn a raw CR into LF), characters XML 1.0 does not allow (most
    /// control characters, U+FFFE, U+FFFF) removed. A literal `_xHHHH_` gets its underscore
    /// escaped as `_x005F_`, because spreadsheet applications read `_xHHHH_` in cell text as the
    /// character U+HHHH (ECMA-376 ST_Xstring).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            case "_" where isXEscape(scalars, at: i): out += "_x005F_"
            default:
                if isXMLChar(s) { out.unicodeScalars.append(s) }
            }
        }
        return out
    }

    /// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    /// (Swift scalars are never surrogates.)
    static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xFFFD: return s.value != 0xFFFE
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Whether `_xHHHH_` (four hex digits) starts at `i`.
    private static func isXEscape(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// The number as an `xsd:double` lexical value: integers without a fraction, others in Swift's
    /// shortest round-trip form (`0.1`, `1e-05`); nil when not finite.
    static func numberText(_ d: Double) -> String? {
        guard d.isFinite else { return nil }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    private static func prefix(_ text: String, utf16Count limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var out = ""
        var count = 0
        for ch in text {
            let n = ch.utf16.count
            if count + n > limit { break }
            out.append(ch)
            count += n
        }
        return out
    }

    static func sheetXML(_ rows: [[Cell]]) -> String {
        var xml = header + "<worksheet xmlns=\"\(mainNS)\"><sheetData>"
        for (r, row) in rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = cellReference(row: r, column: c)
                switch cell {
                case .empty:
                    continue
                case .number(let d):
                    guard let v = numberText(d) else { continue }
                    xml += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                case .text(let s):
                    if s.isEmpty { continue }
                    // An inline string: never evaluated as a formula, whatever it starts with.
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(prefix(s, utf16Count: maxCellLength)))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    private static let contentTypesXML = header + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    private static let rootRelsXML = header + """
        <Relationships xmlns="\(packageRelNS)">\
        <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private static func workbookXML(sheetName: String) -> String {
        header + """
            <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)">\
            <sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets>\
            </workbook>
            """
    }

    private static let workbookRelsXML = header + """
        <Relationships xmlns="\(packageRelNS)">\
        <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relNS)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// One font, the two fills every workbook has, one border, one cell format ("General").
    private static let stylesXML = header + """
        <styleSheet xmlns="\(mainNS)">\
        <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
