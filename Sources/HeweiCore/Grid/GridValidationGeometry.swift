extension GridValidation {
    /// Planar predicates in degrees with a tolerance `eps`: points within `eps` of a boundary count
    /// as on it, and crossings or overlaps thinner than `eps` are ignored.
    struct Planar {
        let eps: Double

        struct Edge {
            let a: GeoPoint, b: GeoPoint, box: BoundingBox
            init(_ a: GeoPoint, _ b: GeoPoint) {
                self.a = a
                self.b = b
                box = BoundingBox(minLon: min(a.lon, b.lon), minLat: min(a.lat, b.lat),
                                  maxLon: max(a.lon, b.lon), maxLat: max(a.lat, b.lat))
            }
            func at(_ t: Double) -> GeoPoint { GeoPoint(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t) }
            var length: Double { ((b.lon - a.lon) * (b.lon - a.lon) + (b.lat - a.lat) * (b.lat - a.lat)).squareRoot() }
            /// Position of the projection of `p` along the edge (0 at `a`, 1 at `b`).
            func parameter(_ p: GeoPoint) -> Double {
                let dx = b.lon - a.lon, dy = b.lat - a.lat, l2 = dx * dx + dy * dy
                return l2 == 0 ? 0 : ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / l2
            }
            func distance(to p: GeoPoint) -> Double {
                let q = at(min(1, max(0, parameter(p))))
                return ((p.lon - q.lon) * (p.lon - q.lon) + (p.lat - q.lat) * (p.lat - q.lat)).squareRoot()
            }
            /// Signed distance of `p` from the edge's line (positive to the left); 0 for a point edge.
            func offset(_ p: GeoPoint) -> Double {
                let l = length
                return l == 0 ? 0 : ((b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon)) / l
            }
        }

        /// A shape with what the predicates need, computed once per cell.
        struct Prepared {
            let shape: Shape
            let edges: [Edge]
            let vertices: [GeoPoint]
            let interiorPoints: [GeoPoint]
        }

        enum Side { case inside, boundary, outside }

        func prepare(_ shape: Shape) -> Prepared {
            let rings = shape.polygons.flatMap { [$0.outer] + $0.holes }
            let edges = rings.flatMap { Self.edges($0) }
            return Prepared(shape: shape, edges: edges, vertices: rings.flatMap(\.points),
                            interiorPoints: shape.polygons.compactMap(Self.interiorPoint))
        }

        static func edges(_ ring: Ring) -> [Edge] {
            let pts = ring.points
            return pts.indices.map { Edge(pts[$0], pts[($0 + 1) % pts.count]) }
        }

        func side(of p: GeoPoint, in s: Prepared) -> Side {
            if s.shape.bbox.distance(to: p) > eps { return .outside }
            if s.edges.contains(where: { $0.box.distance(to: p) <= eps && $0.distance(to: p) <= eps }) { return .boundary }
            return s.shape.contains(p) ? .inside : .outside
        }

        /// The segments cross at one point inside both, each beyond `eps` from the other's line.
        func crossing(_ e: Edge, _ f: Edge) -> GeoPoint? {
            let d1 = e.offset(f.a), d2 = e.offset(f.b), d3 = f.offset(e.a), d4 = f.offset(e.b)
            guard (d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps),
                  (d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps) else { return nil }
            return e.at(d3 / (d3 - d4))
        }

        /// A point where an edge of `a` crosses an edge of `b`.
        func crossing(_ a: Prepared, _ b: Prepared) -> GeoPoint? {
            var found: GeoPoint?
            let n = a.edges.count
            GridValidation.sweep(a.edges.map(\.box) + b.edges.map(\.box), margin: -eps) { i, j in
                guard found == nil, i < n, j >= n else { return }
                found = crossing(a.edges[i], b.edges[j - n])
            }
            return found
        }

        /// Points of `a`'s boundary that tell on which side of `b` it runs: `a`'s vertices and the
        /// midpoints of `a`'s edges cut at `b`'s vertices lying on them. Without proper crossings,
        /// each such piece lies wholly inside, on or outside `b`. With `near`, only edges near `b`.
        func boundarySamples(of a: Prepared, cutBy b: Prepared, near: Bool) -> [GeoPoint] {
            var edges = a.edges
            if near { edges = edges.filter { $0.box.gap(to: b.shape.bbox) <= eps } }
            let n = edges.count
            var cuts = [[Double]](repeating: [], count: n)
            let points = b.vertices.map { BoundingBox(minLon: $0.lon, minLat: $0.lat, maxLon: $0.lon, maxLat: $0.lat) }
            GridValidation.sweep(edges.map(\.box) + points, margin: -eps) { i, j in
                guard i < n, j >= n else { return }
                let v = b.vertices[j - n], t = edges[i].parameter(v)
                if t > 0, t < 1, edges[i].distance(to: v) <= eps { cuts[i].append(t) }
            }
            var samples = near ? edges.map(\.a) : a.vertices
            for (k, e) in edges.enumerated() {
                let ts = [0] + cuts[k].sorted() + [1]
                for (t0, t1) in zip(ts, ts.dropFirst()) where t1 > t0 { samples.append(e.at((t0 + t1) / 2)) }
            }
            return samples
        }

        /// A point where `a` and `b` share interior (beyond `eps`), if any: a piece of one boundary
        /// inside the other, an interior point of one inside the other, or crossing edges.
        func overlap(_ a: Prepared, _ b: Prepared) -> GeoPoint? {
            if let p = boundarySamples(of: a, cutBy: b, near: true).first(where: { side(of: $0, in: b) == .inside }) { return p }
            if let p = boundarySamples(of: b, cutBy: a, near: true).first(where: { side(of: $0, in: a) == .inside }) { return p }
            if let p = a.interiorPoints.first(where: { side(of: $0, in: b) == .inside }) { return p }
            if let p = b.interiorPoints.first(where: { side(of: $0, in: a) == .inside }) { return p }
            return crossing(a, b)
        }

        /// A point where `child` reaches outside `parent` (beyond `eps`), if any.
        func outside(_ child: Prepared, _ parent: Prepared) -> GeoPoint? {
            let own = boundarySamples(of: child, cutBy: parent, near: false)
            if let p = own.first(where: { side(of: $0, in: parent) == .outside }) { return p }
            // The parent's boundary (a hole, a notch) running through the child's interior.
            let parents = boundarySamples(of: parent, cutBy: child, near: true)
            if let p = parents.first(where: { side(of: $0, in: child) == .inside }) { return p }
            if let p = child.interiorPoints.first(where: { side(of: $0, in: parent) == .outside }) { return p }
            return crossing(child, parent)
        }

        /// A point inside the polygon: on the horizontal line through the middle of the widest gap
        /// between vertex latitudes, the middle of the widest inside stretch (works for any shape).
        static func interiorPoint(_ polygon: Polygon) -> GeoPoint? {
            let rings = [polygon.outer] + polygon.holes
            let lats = Set(rings.flatMap { $0.points.map(\.lat) }).sorted()
            guard lats.count > 1 else { return nil }
            var y = lats[0], gap = -1.0
            for (lo, hi) in zip(lats, lats.dropFirst()) where hi - lo > gap { (gap, y) = (hi - lo, lo + (hi - lo) / 2) }
            var xs: [Double] = []
            for e in rings.flatMap(edges) where (e.a.lat > y) != (e.b.lat > y) {
                xs.append(e.a.lon + (y - e.a.lat) * (e.b.lon - e.a.lon) / (e.b.lat - e.a.lat))
            }
            xs.sort()
            var best: (width: Double, x: Double)?
            for k in stride(from: 0, to: xs.count - 1, by: 2) where xs[k + 1] - xs[k] > (best?.width ?? 0) {
                best = (xs[k + 1] - xs[k], xs[k] + (xs[k + 1] - xs[k]) / 2)
            }
            return best.map { GeoPoint(lon: $0.x, lat: y) }
        }
    }

    /// Calls `body(i, j)`, `i < j`, for every pair of boxes overlapping by more than `margin` on both
    /// axes (a negative margin also pairs boxes up to `-margin` apart): sort and sweep along longitude.
    static func sweep(_ boxes: [BoundingBox], margin: Double, _ body: (Int, Int) -> Void) {
        let order = boxes.indices.sorted { boxes[$0].minLon < boxes[$1].minLon }
        var active: [Int] = []
        for i in order {
            let b = boxes[i]
            active.removeAll { boxes[$0].maxLon - b.minLon <= margin }
            for j in active {
                let a = boxes[j]
                if min(a.maxLon, b.maxLon) - b.minLon > margin,
                   min(a.maxLat, b.maxLat) - max(a.minLat, b.minLat) > margin { body(min(i, j), max(i, j)) }
            }
            active.append(i)
        }
    }
}

extension BoundingBox {
    /// Gap in degrees between two boxes (0 when they touch or overlap).
    func gap(to b: BoundingBox) -> Double {
        let dx = max(minLon - b.maxLon, 0, b.minLon - maxLon), dy = max(minLat - b.maxLat, 0, b.minLat - maxLat)
        return (dx * dx + dy * dy).squareRoot()
    }
}
