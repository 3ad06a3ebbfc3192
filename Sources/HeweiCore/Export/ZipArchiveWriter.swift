import Foundation

/// A minimal ZIP archive writer (PKWARE APPNOTE 6.3): every entry is *stored* (method 0, no
/// compression), with a local file header, a central directory and an end-of-central-directory
/// record. Enough for an XLSX package; no ZIP64, so the archive and each entry must stay below
/// 4 GiB and 65,535 entries (checked).
///
/// Entry names are written as UTF-8 (general-purpose flag bit 11). Every entry carries the same
/// fixed DOS timestamp (1980-01-01 00:00), so the same input always gives the same bytes.
public struct ZipArchiveWriter: Sendable {
    private struct Entry: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []

    /// DOS time 00:00:00 and DOS date 1980-01-01 (year 0 from 1980, month 1, day 1).
    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    /// Version 2.0: what PKZIP needs for folders; the usual value for stored entries too.
    static let version: UInt16 = 20
    /// General purpose flags: bit 11, the name is UTF-8.
    static let flags: UInt16 = 1 << 11

    public init() {}

    /// Appends one file. `path` uses `/` as separator and no leading `/` (e.g. `xl/workbook.xml`).
    public mutating func add(path: String, contents: [UInt8]) {
        let name = Array(path.utf8)
        precondition(!name.isEmpty && name.count <= Int(UInt16.max), "ZIP entry name must have 1…65535 bytes")
        precondition(entries.count < Int(UInt16.max), "too many ZIP entries (no ZIP64)")
        precondition(contents.count < Int(UInt32.max) && bytes.count + contents.count + name.count + 30 < Int(UInt32.max),
                     "ZIP archive too large (no ZIP64)")
        let entry = Entry(name: name, crc: Self.crc32(contents), size: UInt32(contents.count), offset: UInt32(bytes.count))
        // Local file header.
        Self.put32(&bytes, 0x0403_4b50)
        Self.put16(&bytes, Self.version)
        Self.put16(&bytes, Self.flags)
        Self.put16(&bytes, 0)  // method: stored
        Self.put16(&bytes, Self.dosTime)
        Self.put16(&bytes, Self.dosDate)
        Self.put32(&bytes, entry.crc)
        Self.put32(&bytes, entry.size)  // compressed size = size when stored
        Self.put32(&bytes, entry.size)
        Self.put16(&bytes, UInt16(name.count))
        Self.put16(&bytes, 0)  // extra field length
        bytes += name
        bytes += contents
        entries.append(entry)
    }

    public mutating func add(path: String, contents: Data) {
        add(path: path, contents: [UInt8](contents))
    }

    public mutating func add(path: String, text: String) {
        add(path: path, contents: Array(text.utf8))
    }

    /// The finished archive: the entries, then the central directory and the end record.
    public func finish() -> [UInt8] {
        var out = bytes
        let directoryOffset = out.count
        for e in entries {
            Self.put32(&out, 0x0201_4b50)
            Self.put16(&out, Self.version)  // version made by (MS-DOS, 2.0)
            Self.put16(&out, Self.version)  // version needed to extract
            Self.put16(&out, Self.flags)
            Self.put16(&out, 0)  // method: stored
            Self.put16(&out, Self.dosTime)
            Self.put16(&out, Self.dosDate)
            Self.put32(&out, e.crc)
            Self.put32(&out, e.size)
            Self.put32(&out, e.size)
            Self.put16(&out, UInt16(e.name.count))
            Self.put16(&out, 0)  // extra field length
            Self.put16(&out, 0)  // comment length
            Self.put16(&out, 0)  // disk number start
            Self.put16(&out, 0)  // internal attributes
            Self.put32(&out, 0)  // external attributes
            Self.put32(&out, e.offset)
            out += e.name
        }
        let directorySize = out.count - directoryOffset
        precondition(out.count + 22 < Int(UInt32.max), "ZIP archive too large (no ZIP64)")
        Self.put32(&out, 0x0605_4b50)
        Self.put16(&out, 0)  // number of this disk
        Self.put16(&out, 0)  // disk where the central directory starts
        Self.put16(&out, UInt16(entries.count))  // entries on this disk
        Self.put16(&out, UInt16(entries.count))  // entries in total
        Self.put32(&out, UInt32(directorySize))
        Self.put32(&out, UInt32(directoryOffset))
        Self.put16(&out, 0)  // comment length
        return out
    }

    public func finishData() -> Data { Data(finish()) }

    // MARK: - CRC-32

    /// CRC-32 as used by ZIP (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final
    /// XOR 0xFFFFFFFF). `crc32("123456789") == 0xCBF43926`.
    public static func crc32<S: Sequence>(_ data: S) -> UInt32 where S.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }

    // MARK: - Little-endian output

    private static func put16(_ out: inout [UInt8], _ v: UInt16) {
        out.append(UInt8(v & 0xFF))
        out.append(UInt8(v >> 8))
    }

    private static func put32(_ out: inout [UInt8], _ v: UInt32) {
        out.append(UInt8(v & 0xFF))
        out.append(UInt8((v >> 8) & 0xFF))
        out.append(UInt8((v >> 16) & 0xFF))
        out.append(UInt8(v >> 24))
    }
}
