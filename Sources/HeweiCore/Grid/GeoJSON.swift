import Foundation

/// Reads and writes grid cells as a GeoJSON FeatureCollection (RFC 7946, WGS 84 lon/lat).
///
/// Each feature has a Polygon or MultiPolygon geometry and the properties `code`, `name`,
/// `level` (large|medium|small|micro), `parent_code` (string, or null/absent for large cells) and
/// optionally `dedicated` (bool). Reading never stops at the first problem: every problem of every
/// feature is collected, and the features without problems are returned as cells.
public enum GeoJSON {
    public struct Decoded: Sendable {
        /// The features that could be read, in document order.
        public var cells: [GridCell]
        /// `featureIndices[i]` is the position in `features` of `cells[i]`.
        public var featureIndices: [Int]
        /// Every problem found, sorted by feature index.
        public var problems: [GridProblem]
    }

    /// The cells that could be read and every problem found.
    public static func decodeCells(_ data: Data) -> (cells: [GridCell], problems: [GridProblem]) {
        let decoded = decode(data)
        return (decoded.cells, decoded.problems)
    }

    public static func decode(_ data: Data) -> Decoded {
        var out = Decoded(cells: [], featureIndices: [], problems: [])
        func fail(_ kind: GridProblem.Kind, _ message: String) {
            out.problems.append(GridProblem(featureIndex: nil, code: nil, kind: kind, message: message))
        }
        guard let root = Parser.parse([UInt8](data)) else {
            fail(.invalidJSON, "not valid JSON")
            return out
        }
        guard case .object(let top) = root, top["type"] == .string("FeatureCollection") else {
            fail(.notFeatureCollection, "not a FeatureCollection")
            return out
        }
        guard case .array(let features)? = top["features"] else {
            fail(.notFeatureCollection, "the FeatureCollection has no \"features\" array")
            return out
        }
        for (i, feature) in features.enumerated() {
            var reader = FeatureReader(index: i)
            if let cell = reader.read(feature) {
                out.cells.append(cell)
                out.featureIndices.append(i)
            }
            out.problems += reader.problems
        }
        return out
    }

    /// A parsed JSON value (see `Parser`).
    enum Value: Equatable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        /// Short JSON-like text for messages.
        var text: String {
            switch self {
            case .null: return "null"
            case .bool(let b): return String(b)
            case .number(let n): return GeoJSON.number(n)
            case .string(let s): return GeoJSON.quoted(s)
            case .array(let a): return "[" + a.prefix(4).map(\.text).joined(separator: ", ") + (a.count > 4 ? ", …]" : "]")
            case .object: return "{…}"
            }
        }
    }
}
