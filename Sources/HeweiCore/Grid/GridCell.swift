import Foundation

/// One cell of the grid.
public struct GridCell: Hashable, Sendable {
    public var code: String
    public var name: String
    public var level: GridLevel
    public var parentCode: String?
    public var shape: Shape
    /// A dedicated grid (专属网格: a school, an enterprise, a hospital…).
    public var dedicated: Bool

    public init(code: String, name: String, level: GridLevel, parentCode: String?, shape: Shape, dedicated: Bool = false) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.shape = shape
        self.dedicated = dedicated
    }
}

/// Point → cell look-up over the micro cells, with their ancestors.
///
/// A uniform bucket grid over the cells' extent lists, per bucket, the micro cells whose bounding
/// boxes touch it; a look-up tests only those candidates with the exact polygon test. Built once
/// (at start-up and after an import), then read-only and shared between threads.
public struct GridIndex: Sendable {
    public struct Match: Sendable, Equatable {
        /// Micro → large.
        public var cells: [String]
        public var micro: String { cells[0] }
    }

    public struct Suggestion: Sendable, Equatable, Codable {
        public var code: String
        /// Approximate distance in metres to the cell's boundary box.
        public var metres: Double
    }

    private let cells: [GridCell]
    private let byCode: [String: Int]
    private let leaves: [Int]
    private let bbox: BoundingBox
    private let columns: Int
    private let rows: Int
    private let buckets: [[Int32]]

    public init(cells: [GridCell], resolution: Int = 256) {
        self.cells = cells
        var map: [String: Int] = [:]
        for (i, c) in cells.enumerated() { map[c.code] = i }
        self.byCode = map
        let deepest = cells.map(\.level).max() ?? .micro
        let leaves = cells.indices.filter { cells[$0].level == deepest }
        self.leaves = leaves
        let box = leaves.reduce(BoundingBox.empty) { $0.union(cells[$1].shape.bbox) }
        self.bbox = box
        let cols = leaves.isEmpty ? 1 : resolution, rows = leaves.isEmpty ? 1 : resolution
        self.columns = cols
        self.rows = rows
        var buckets = [[Int32]](repeating: [], count: cols * rows)
        if !leaves.isEmpty {
            for i in leaves {
                let b = cells[i].shape.bbox
                let (c0, r0) = GridIndex.bucket(lon: b.minLon, lat: b.minLat, box: box, cols: cols, rows: rows)
                let (c1, r1) = GridIndex.bucket(lon: b.maxLon, lat: b.maxLat, box: box, cols: cols, rows: rows)
                for r in r0...r1 { for c in c0...c1 { buckets[r * cols + c].append(Int32(i)) } }
            }
        }
        self.buckets = buckets
    }

    public var count: Int { cells.count }

    public func cell(_ code: String) -> GridCell? { byCode[code].map { cells[$0] } }

    public var allCells: [GridCell] { cells }

    /// The leaf cell containing the point, then its ancestors; nil outside every cell.
    public func locate(_ p: GeoPoint) -> Match? {
        guard let leaf = leafIndex(containing: p) else { return nil }
        return Match(cells: lineage(of: cells[leaf].code))
    }

    /// The cell's code, then its parent's, up to the top; empty for an unknown code.
    public func lineage(of code: String) -> [String] {
        guard var i = byCode[code] else { return [] }
        var chain = [code]
        while let parent = cells[i].parentCode, let up = byCode[parent] {
            chain.append(parent)
            i = up
        }
        return chain
    }

    /// Just the leaf cell's position in `allCells` (the hot path of batch look-ups).
    public func leafIndex(containing p: GeoPoint) -> Int? {
        guard bbox.contains(p) else { return nil }
        let (c, r) = GridIndex.bucket(lon: p.lon, lat: p.lat, box: bbox, cols: columns, rows: rows)
        for candidate in buckets[r * columns + c] {
            let i = Int(candidate)
            if cells[i].shape.contains(p) { return i }
        }
        return nil
    }

    /// The nearest leaf cell within `maxMetres`, for points outside every cell.
    public func nearest(to p: GeoPoint, maxMetres: Double) -> Suggestion? {
        var best: (Int, Double)?
        for i in leaves {
            let d = GridIndex.metres(degrees: cells[i].shape.bbox.distance(to: p), atLat: p.lat)
            if d <= maxMetres, d < (best?.1 ?? .infinity) { best = (i, d) }
        }
        return best.map { Suggestion(code: cells[$0.0].code, metres: $0.1) }
    }

    static func metres(degrees: Double, atLat lat: Double) -> Double {
        // Conservative: a degree of longitude is shorter than one of latitude away from the equator.
        degrees * 111_320 * max(0.1, cos(lat * .pi / 180))
    }

    private static func bucket(lon: Double, lat: Double, box: BoundingBox, cols: Int, rows: Int) -> (Int, Int) {
        let w = max(box.maxLon - box.minLon, 1e-12), h = max(box.maxLat - box.minLat, 1e-12)
        let c = min(cols - 1, max(0, Int((lon - box.minLon) / w * Double(cols))))
        let r = min(rows - 1, max(0, Int((lat - box.minLat) / h * Double(rows))))
        return (c, r)
    }
}
