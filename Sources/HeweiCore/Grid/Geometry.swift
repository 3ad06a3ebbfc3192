/// A WGS 84 point: longitude and latitude in degrees.
public struct GeoPoint: Hashable, Sendable, Codable {
    public var lon: Double
    public var lat: Double
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    public var isValid: Bool { lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat) }
}

/// An axis-aligned box in degrees.
public struct BoundingBox: Hashable, Sendable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    public static let empty = BoundingBox(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)

    public func contains(_ p: GeoPoint) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }

    public func intersects(_ b: BoundingBox) -> Bool {
        minLon <= b.maxLon && b.minLon <= maxLon && minLat <= b.maxLat && b.minLat <= maxLat
    }

    public func union(_ b: BoundingBox) -> BoundingBox {
        BoundingBox(minLon: min(minLon, b.minLon), minLat: min(minLat, b.minLat),
                    maxLon: max(maxLon, b.maxLon), maxLat: max(maxLat, b.maxLat))
    }

    /// Distance in degrees from a point to the box (0 inside).
    public func distance(to p: GeoPoint) -> Double {
        let dx = max(minLon - p.lon, 0, p.lon - maxLon)
        let dy = max(minLat - p.lat, 0, p.lat - maxLat)
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// A closed ring of points (first point not repeated at the end).
public struct Ring: Hashable, Sendable {
    public var points: [GeoPoint]
    public init(_ points: [GeoPoint]) {
        var pts = points
        if pts.count > 1, pts.first == pts.last { pts.removeLast() }
        self.points = pts
    }

    public var bbox: BoundingBox {
        points.reduce(.empty) { $0.union(BoundingBox(minLon: $1.lon, minLat: $1.lat, maxLon: $1.lon, maxLat: $1.lat)) }
    }

    /// Signed area in square degrees (positive counter-clockwise).
    public var signedArea: Double {
        var sum = 0.0
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            sum += a.lon * b.lat - b.lon * a.lat
        }
        return sum / 2
    }

    /// Crossing-number test with half-open edges: of two cells sharing an edge, a point on that edge
    /// is inside exactly one of them (the one to its right or above), never both and never neither.
    public func contains(_ p: GeoPoint) -> Bool {
        var inside = false
        var j = points.count - 1
        for i in points.indices {
            let a = points[i], b = points[j]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
                if p.lon < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}

/// A polygon with holes; a cell's shape is one or more of them (a multipolygon).
public struct Polygon: Hashable, Sendable {
    public var outer: Ring
    public var holes: [Ring]
    public init(outer: Ring, holes: [Ring] = []) {
        self.outer = outer
        self.holes = holes
    }

    public func contains(_ p: GeoPoint) -> Bool {
        guard outer.contains(p) else { return false }
        return !holes.contains { $0.contains(p) }
    }

    public var area: Double { abs(outer.signedArea) - holes.reduce(0) { $0 + abs($1.signedArea) } }
}

public struct Shape: Hashable, Sendable {
    public var polygons: [Polygon]
    public let bbox: BoundingBox

    public init(_ polygons: [Polygon]) {
        self.polygons = polygons
        self.bbox = polygons.reduce(.empty) { $0.union($1.outer.bbox) }
    }

    public func contains(_ p: GeoPoint) -> Bool {
        bbox.contains(p) && polygons.contains { $0.contains(p) }
    }

    /// Area in square degrees.
    public var area: Double { polygons.reduce(0) { $0 + $1.area } }

    /// Area-weighted centroid of the outer rings (good enough for labels and suggestions).
    public var centroid: GeoPoint {
        var cx = 0.0, cy = 0.0, total = 0.0
        for poly in polygons {
            let pts = poly.outer.points
            var a = 0.0, x = 0.0, y = 0.0
            for i in pts.indices {
                let p = pts[i], q = pts[(i + 1) % pts.count]
                let cross = p.lon * q.lat - q.lon * p.lat
                a += cross
                x += (p.lon + q.lon) * cross
                y += (p.lat + q.lat) * cross
            }
            guard a != 0 else { continue }
            cx += x / 3
            cy += y / 3
            total += a
        }
        guard total != 0 else { return GeoPoint(lon: (bbox.minLon + bbox.maxLon) / 2, lat: (bbox.minLat + bbox.maxLat) / 2) }
        return GeoPoint(lon: cx / total, lat: cy / total)
    }
}
