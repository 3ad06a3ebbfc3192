import Foundation

extension GeoJSON {
    /// A FeatureCollection with one feature per line, in the cells' order.
    ///
    /// Properties are exactly `code`, `name`, `level`, `parent_code` (null for cells without a
    /// parent) and `dedicated` (only when true). Geometry is a Polygon for one-part shapes and a
    /// MultiPolygon otherwise; rings are closed, outer rings counter-clockwise and holes clockwise
    /// (RFC 7946 right-hand rule). Numbers are written with the shortest digits that read back to
    /// the same doubles, so encode → decode → encode is byte-identical and shapes compare equal.
    public static func encode(_ cells: [GridCell]) -> Data {
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        for (i, cell) in cells.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            feature(cell, into: &out)
        }
        out += "\n]}\n"
        return Data(out.utf8)
    }

    /// The shape with outer rings counter-clockwise and holes clockwise, each ring keeping its
    /// first point. This is what a shape looks like after `encode` and `decode`.
    public static func oriented(_ shape: Shape) -> Shape {
        Shape(shape.polygons.map { polygon in
            Polygon(outer: orient(polygon.outer, counterClockwise: true),
                    holes: polygon.holes.map { orient($0, counterClockwise: false) })
        })
    }

    static func orient(_ ring: Ring, counterClockwise: Bool) -> Ring {
        let area = ring.signedArea
        guard area != 0, (area > 0) != counterClockwise else { return ring }
        return Ring(Array(ring.points.prefix(1) + ring.points.dropFirst().reversed()))
    }

    private static func feature(_ cell: GridCell, into out: inout String) {
        out += "{\"type\":\"Feature\",\"properties\":{\"code\":"
        out += quoted(cell.code)
        out += ",\"name\":" + quoted(cell.name)
        out += ",\"level\":" + quoted(cell.level.rawValue)
        out += ",\"parent_code\":" + (cell.parentCode.map(quoted) ?? "null")
        if cell.dedicated { out += ",\"dedicated\":true" }
        let shape = oriented(cell.shape)
        let single = shape.polygons.count == 1
        out += "},\"geometry\":{\"type\":\"" + (single ? "Polygon" : "MultiPolygon") + "\",\"coordinates\":"
        if single {
            polygon(shape.polygons[0], into: &out)
        } else {
            out += "["
            for (i, p) in shape.polygons.enumerated() {
                if i > 0 { out += "," }
                polygon(p, into: &out)
            }
            out += "]"
        }
        out += "}}"
    }

    private static func polygon(_ polygon: Polygon, into out: inout String) {
        out += "["
        for (i, ring) in ([polygon.outer] + polygon.holes).enumerated() {
            if i > 0 { out += "," }
            out += "["
            for (k, p) in (ring.points + ring.points.prefix(1)).enumerated() {
                if k > 0 { out += "," }
                out += "[" + number(p.lon) + "," + number(p.lat) + "]"
            }
            out += "]"
        }
        out += "]"
    }

    /// Shortest round-trip decimal text (`116.8`, `35.000000000000014`, `1e-07`); negative zero is
    /// written as 0 and non-finite values as null (which `decode` reports as a bad coordinate).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        return x == 0 ? "0.0" : x.description
    }

    /// A JSON string literal; non-ASCII text is kept as UTF-8.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
