extension GeoJSON {
    /// A strict RFC 8259 JSON reader into `Value`. Numbers go through `Double(String)`, which rounds
    /// correctly, so the shortest-digits text of `encode` reads back to identical doubles; numbers
    /// too large for a double become infinite (reported as bad coordinates, not as broken JSON).
    /// Much faster than `JSONDecoder` with a dynamic value type, which throws on every type probe.
    struct Parser {
        struct Failure: Error {}
        private let bytes: UnsafeBufferPointer<UInt8>
        private var i = 0
        private var depth = 0

        static func parse(_ data: [UInt8]) -> Value? {
            data.withUnsafeBufferPointer { buffer in
                var parser = Parser(bytes: buffer)
                guard let value = try? parser.value() else { return nil }
                parser.skipSpace()
                return parser.i == buffer.count ? value : nil
            }
        }

        private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

        private mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
        }

        private mutating func expect(_ c: UInt8) throws {
            guard current == c else { throw Failure() }
            i += 1
        }

        private mutating func literal(_ word: String, _ value: Value) throws -> Value {
            for c in word.utf8 { try expect(c) }
            return value
        }

        private mutating func value() throws -> Value {
            skipSpace()
            switch current {
            case UInt8(ascii: "{")?: return try nested { try $0.object() }
            case UInt8(ascii: "[")?: return try nested { try $0.array() }
            case UInt8(ascii: "\"")?: return .string(try string())
            case UInt8(ascii: "t")?: return try literal("true", .bool(true))
            case UInt8(ascii: "f")?: return try literal("false", .bool(false))
            case UInt8(ascii: "n")?: return try literal("null", .null)
            default: return .number(try number())
            }
        }

        private mutating func nested(_ body: (inout Parser) throws -> Value) throws -> Value {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 256 else { throw Failure() }
            i += 1
            return try body(&self)
        }

        private mutating func array() throws -> Value {
            var items: [Value] = []
            skipSpace()
            if current == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                if current == UInt8(ascii: "]") { i += 1; return .array(items) }
                try expect(UInt8(ascii: ","))
            }
        }

        private mutating func object() throws -> Value {
            var members: [String: Value] = [:]
            skipSpace()
            if current == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw Failure() }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                members[key] = try value()
                skipSpace()
                if current == UInt8(ascii: "}") { i += 1; return .object(members) }
                try expect(UInt8(ascii: ","))
            }
        }

        private mutating func number() throws -> Double {
            let start = i
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while let c = p.current, c >= 0x30, c <= 0x39 { p.i += 1 }
                return p.i - s
            }
            if current == UInt8(ascii: "-") { i += 1 }
            let first = current, whole = digits(&self)
            guard whole > 0, first != 0x30 || whole == 1 else { throw Failure() }
            if current == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw Failure() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                i += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw Failure() }
            }
            guard let x = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            else { throw Failure() }
            return x
        }

        private mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while let c = current {
                i += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"): try escape(into: &out)
                case 0..<0x20: throw Failure()
                default: out.append(c)
                }
            }
            throw Failure()
        }

        private mutating func escape(into out: inout [UInt8]) throws {
            guard let c = current else { throw Failure() }
            i += 1
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), current == UInt8(ascii: "\\"), i + 1 < bytes.count,
                   bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Failure() }
                    code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
                }
                out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
            default: throw Failure()
            }
        }

        private mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw Failure() }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let d = current.flatMap({ Character(Unicode.Scalar($0)).hexDigitValue }) else { throw Failure() }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }
    }
}
