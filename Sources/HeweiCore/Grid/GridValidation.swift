import Foundation

/// Checks a whole grid before anything is stored and reports every problem, not only the first.
///
/// - shapes: coordinates in range, rings with area, rings that do not cross themselves or each other;
/// - codes: unique, and each code extends its parent's code;
/// - hierarchy: large cells have no parent; every other cell's parent exists and is of the level
///   directly above (a small cell belongs to a medium cell, never directly to a large one);
/// - nesting: each cell lies inside its parent (on the boundary within the tolerance counts);
/// - overlap: cells of one level do not share interior beyond the tolerance.
///
/// Cells with broken shapes are left out of the nesting and overlap checks. Overlap candidates come
/// from a sort-and-sweep over bounding boxes, so the demo grid's 4,399 micro cells take no
/// all-pairs work; the exact tests handle non-convex shapes, holes and multipolygons.
public enum GridValidation {
    /// 1e-7 degrees: about 1 cm.
    public static let defaultTolerance = 1e-7

    /// Problems sorted by feature index. `featureIndices[i]` is the position of `cells[i]` in the
    /// source collection (default: the position in `cells`).
    public static func validate(_ cells: [GridCell], featureIndices: [Int]? = nil,
                                tolerance: Double = defaultTolerance) -> [GridProblem] {
        validate(cells, featureIndices: featureIndices, tolerance: tolerance, rejectedCodes: [])
    }

    /// Reads a FeatureCollection and validates what could be read: the cells that can be stored
    /// only if `problems` is empty. A child of a feature that could not be read is not reported
    /// again as an orphan.
    public static func validate(geoJSON data: Data, tolerance: Double = defaultTolerance)
        -> (cells: [GridCell], problems: [GridProblem]) {
        let decoded = GeoJSON.decode(data)
        let read = Set(decoded.cells.map(\.code))
        let rejected = Set(decoded.problems.compactMap(\.code)).subtracting(read)
        let problems = validate(decoded.cells, featureIndices: decoded.featureIndices, tolerance: tolerance,
                                rejectedCodes: rejected)
        return (decoded.cells, GridProblem.sorted(decoded.problems + problems))
    }

    static func validate(_ cells: [GridCell], featureIndices: [Int]?, tolerance: Double,
                         rejectedCodes: Set<String>) -> [GridProblem] {
        let index = featureIndices ?? Array(cells.indices)
        precondition(index.count == cells.count, "one feature index per cell")
        var problems: [GridProblem] = []
        func report(_ i: Int, _ kind: GridProblem.Kind, _ message: String, at location: GeoPoint? = nil) {
            problems.append(GridProblem(featureIndex: index[i], code: cells[i].code, kind: kind, message: message,
                                        location: location))
        }
        let planar = Planar(eps: tolerance)

        // Shapes.
        var broken = Set<Int>()
        for (i, cell) in cells.enumerated() {
            let found = shapeProblems(cell.shape, planar)
            for (kind, message, location) in found { report(i, kind, message, at: location) }
            if !found.isEmpty { broken.insert(i) }
        }
        let prepared = cells.map { planar.prepare($0.shape) }

        // Codes and hierarchy.
        var first: [String: Int] = [:]
        for (i, cell) in cells.enumerated() {
            if let f = first[cell.code] {
                report(i, .duplicateCode, "duplicate code (also used by feature \(index[f]))")
            } else {
                first[cell.code] = i
            }
        }
        for (i, cell) in cells.enumerated() {
            switch (cell.level.parent, cell.parentCode) {
            case (nil, nil):
                continue
            case (nil, let p?):
                report(i, .unexpectedParent, "a large cell has no parent, but parent_code is \(p)")
            case (let above?, nil):
                report(i, .missingParent, "a \(cell.level) cell needs a \(above) parent, but has no parent_code")
            case (let above?, let p?):
                if !(cell.code.hasPrefix(p) && cell.code.count > p.count) {
                    report(i, .codeNotExtendingParent, "code does not extend parent code \(p)")
                }
                if rejectedCodes.contains(p) { continue }
                guard let j = first[p] else {
                    report(i, .parentNotFound, "parent \(p) not found")
                    continue
                }
                if cells[j].level != above {
                    report(i, .wrongParentLevel,
                           "parent \(p) is a \(cells[j].level) cell; a \(cell.level) cell belongs to a \(above) cell")
                }
                if !broken.contains(i), !broken.contains(j), let at = planar.outside(prepared[i], prepared[j]) {
                    report(i, .notInsideParent, "not inside parent \(p)", at: at)
                }
            }
        }

        // Overlaps within each level.
        for level in GridLevel.allCases {
            let members = cells.indices.filter { cells[$0].level == level && !broken.contains($0) }
            sweep(members.map { cells[$0].shape.bbox }, margin: tolerance) { a, b in
                let i = members[a], j = members[b]
                guard cells[i].code != cells[j].code, let at = planar.overlap(prepared[i], prepared[j]) else { return }
                report(j, .overlap, "overlaps \(cells[i].code) (feature \(index[i]))", at: at)
            }
        }
        return GridProblem.sorted(problems)
    }

    /// Coordinates out of range, rings crossing themselves or each other, and rings without area.
    static func shapeProblems(_ shape: Shape, _ planar: Planar) -> [(GridProblem.Kind, String, GeoPoint?)] {
        var found: [(GridProblem.Kind, String, GeoPoint?)] = []
        if shape.polygons.isEmpty { found.append((.badGeometry, "shape has no polygons", nil)) }
        for (p, polygon) in shape.polygons.enumerated() {
            let rings = [polygon.outer] + polygon.holes
            let bad = rings.enumerated().compactMap { r, ring in ring.points.first { !$0.isValid }.map { (r, $0) } }
            if let (r, point) = bad.first {
                found.append((.badCoordinate, "ring \(r) of polygon \(p): \(point.geoJSONText) is not a "
                    + "longitude −180…180 and latitude −90…90", nil))
                continue
            }
            if let crossing = self.crossing(rings, planar) {
                let (e, f, x) = crossing
                let message = e.ring == f.ring
                    ? "ring \(e.ring) of polygon \(p) crosses itself (edges \(e.k) and \(f.k))"
                    : "rings \(e.ring) and \(f.ring) of polygon \(p) cross"
                found.append((.selfIntersection, message, x))
                continue
            }
            for (r, ring) in rings.enumerated() where ring.points.count < 3 || ring.signedArea == 0 {
                found.append((.degenerateRing, "ring \(r) of polygon \(p) has no area", ring.points.first))
            }
        }
        return found
    }

    /// The first crossing (in edge order) of non-adjacent edges of a polygon's rings.
    static func crossing(_ rings: [Ring], _ planar: Planar)
        -> ((ring: Int, k: Int), (ring: Int, k: Int), GeoPoint)? {
        let edges = rings.enumerated().flatMap { r, ring in
            Planar.edges(ring).enumerated().map { (ring: r, k: $0, count: ring.points.count, edge: $1) }
        }
        var first: (Int, Int, GeoPoint)?
        sweep(edges.map(\.edge.box), margin: -planar.eps) { i, j in
            let e = edges[i], f = edges[j]
            if e.ring == f.ring, abs(e.k - f.k) == 1 || abs(e.k - f.k) == e.count - 1 { return }
            guard let x = planar.crossing(e.edge, f.edge) else { return }
            if first.map({ (i, j) < ($0.0, $0.1) }) ?? true { first = (i, j, x) }
        }
        return first.map { ((edges[$0.0].ring, edges[$0.0].k), (edges[$0.1].ring, edges[$0.1].k), $0.2) }
    }
}
