import Foundation

/// A small RFC 4180 reader: comma-separated, fields optionally in double quotes (`""` is a quote,
/// quoted fields may hold commas and line breaks), CRLF or LF, an optional UTF-8 byte-order mark.
enum CSVReader {
    struct Record: Sendable {
        /// The line on which the record starts (the header is line 1).
        let line: Int
        let fields: [String]
    }

    static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var field = "", fields: [String] = []
        var inQuotes = false, line = 1, start = 1, afterQuote = false
        var chars = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        if chars.last != "\n" { chars.append("\n") }
        for c in chars {
            if inQuotes {
                if c == "\"" { inQuotes = false; afterQuote = true } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field.append("\"") }
                inQuotes = true
                afterQuote = false
            case ",":
                fields.append(field); field = ""; afterQuote = false
            case "\n", "\r\n", "\r":
                fields.append(field); field = ""; afterQuote = false
                if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                    records.append(Record(line: start, fields: fields))
                }
                fields = []
                line += 1
                start = line
            default:
                field.append(c); afterQuote = false
            }
        }
        return records
    }
}
