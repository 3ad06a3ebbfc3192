import Foundation
import Testing
@testable import HeweiCore

private func shape(_ rings: [[(Double, Double)]]...) -> Shape {
    Shape(rings.map { rs in
        let parsed = rs.map { Ring($0.map { GeoPoint(lon: $0.0, lat: $0.1) }) }
        return Polygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
    })
}

private func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [(Double, Double)] {
    [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

private func cell(_ code: String, _ level: GridLevel, _ parent: String?, _ s: Shape) -> GridCell {
    GridCell(code: code, name: code, level: level, parentCode: parent, shape: s)
}

private func rect(_ code: String, _ level: GridLevel, _ parent: String?, _ x0: Double, _ y0: Double,
                  _ x1: Double, _ y1: Double) -> GridCell {
    cell(code, level, parent, shape([box(x0, y0, x1, y1)]))
}

/// A town 0…10 × 0…10 with one community covering it; tests add cells below.
private let base = [rect("370881001", .large, nil, 0, 0, 10, 10), rect("370881001001", .medium, "370881001", 0, 0, 10, 10)]
private let community = "370881001001"

private func problems(_ extra: [GridCell]) -> [String] {
    GridValidation.validate(base + extra).map(\.description)
}

@Suite struct GridValidationTests {
    @Test func demoGridHasNoProblemsAndValidatesQuickly() {
        let cells = DemoGrid.generate()
        let clock = ContinuousClock()
        var found: [GridProblem] = []
        let elapsed = clock.measure { found = GridValidation.validate(cells) }
        print("validated \(cells.count) demo cells in \(elapsed)")
        #expect(found.isEmpty, "\(found.prefix(5))")
        #expect(elapsed < .seconds(10))
    }

    @Test func duplicateCode() {
        #expect(problems([rect("370881001001001", .small, community, 0, 0, 5, 10),
                          rect("370881001001001", .small, community, 5, 0, 10, 10)])
            == ["feature 3 (370881001001001): duplicate code (also used by feature 2)"])
    }

    @Test func orphanMissingParentAndLargeWithParent() {
        #expect(problems([rect("370881001002001", .small, "370881001002", 0, 0, 5, 10),
                          rect("370881001001002", .small, nil, 5, 0, 10, 10),
                          rect("370881002", .large, "370881", 20, 0, 30, 10)]) == [
            "feature 2 (370881001002001): parent 370881001002 not found",
            "feature 3 (370881001001002): a small cell needs a medium parent, but has no parent_code",
            "feature 4 (370881002): a large cell has no parent, but parent_code is 370881",
        ])
    }

    @Test func smallCellDirectlyUnderALargeCell() {
        #expect(problems([rect("370881001002", .small, "370881001", 0, 0, 5, 10)])
            == ["feature 2 (370881001002): parent 370881001 is a large cell; a small cell belongs to a medium cell"])
    }

    @Test func codeNotExtendingParent() {
        #expect(problems([rect("370881002001001", .small, community, 0, 0, 10, 10)])
            == ["feature 2 (370881002001001): code does not extend parent code 370881001001"])
        #expect(problems([rect("370881001001", .small, community, 0, 0, 10, 10)]).contains(
            "feature 2 (370881001001): code does not extend parent code 370881001001"))
    }

    @Test func childOutsideParent() {
        let found = GridValidation.validate(base + [rect("370881001001001", .small, community, 8, 8, 12, 9)])
        #expect(found.map(\.description) == ["feature 2 (370881001001001): not inside parent 370881001001"])
        #expect(found.first?.kind == .notInsideParent)
        #expect(found.first?.location.map { $0.lon > 10 || $0.lat > 10 } == true)
    }

    @Test func childOnTheBoundaryWithinToleranceIsInside() {
        #expect(problems([rect("370881001001001", .small, community, 0, 0, 10 + 5e-8, 5)]).isEmpty)
        #expect(problems([rect("370881001001001", .small, community, 0, 0, 10 + 5e-6, 5)]).count == 1)
    }

    @Test func childAcrossTheNotchOfANonConvexParent() {
        // A U-shaped parent: a child spanning the notch has every vertex inside, but not its top edge.
        let u = shape([[(0, 0), (10, 0), (10, 10), (7, 10), (7, 3), (3, 3), (3, 10), (0, 10)]])
        let cells = [cell("370881001", .large, nil, u), rect("370881001001", .medium, "370881001", 1, 1, 9, 8)]
        #expect(GridValidation.validate(cells).map(\.description) == ["feature 1 (370881001001): not inside parent 370881001"])
        let inArm = [cells[0], rect("370881001001", .medium, "370881001", 0, 0, 3, 10)]
        #expect(GridValidation.validate(inArm).isEmpty)
        // A thin notch cut right through the child: no vertex or edge midpoint of either is off side.
        let slit = shape([[(0, 0), (10, 0), (10, 7), (0.5, 7), (0.5, 8), (10, 8), (10, 10), (0, 10)]])
        let cut = [cell("370881001", .large, nil, slit), rect("370881001001", .medium, "370881001", 1, 0, 2, 10)]
        #expect(GridValidation.validate(cut).map(\.description) == ["feature 1 (370881001001): not inside parent 370881001"])
    }

    @Test func childCoveringTheParentsHoleIsNotInside() {
        let donut = shape([box(0, 0, 10, 10), box(4, 4, 6, 6)])
        let cells = [cell("370881001", .large, nil, donut), rect("370881001001", .medium, "370881001", 2, 2, 8, 8)]
        #expect(GridValidation.validate(cells).map(\.kind) == [.notInsideParent])
        let filling = [cell("370881001", .large, nil, donut), rect("370881001001", .medium, "370881001", 4, 4, 6, 6)]
        #expect(GridValidation.validate(filling).map(\.kind) == [.notInsideParent])
    }

    @Test func overlappingSiblings() {
        #expect(problems([rect("370881001001001", .small, community, 0, 0, 6, 10),
                          rect("370881001001002", .small, community, 4, 0, 10, 10)])
            == ["feature 3 (370881001001002): overlaps 370881001001001 (feature 2)"])
    }

    @Test func overlapsWithoutAnyVertexStrictlyInside() {
        func overlap(_ a: Shape, _ b: Shape) -> [GridProblem.Kind] {
            GridValidation.validate(base + [cell("370881001001001", .small, community, a),
                                            cell("370881001001002", .small, community, b)]).map(\.kind)
        }
        // Identical shapes, one inside the other, and two strips sharing top and bottom lines.
        #expect(overlap(shape([box(1, 1, 5, 5)]), shape([box(1, 1, 5, 5)])) == [.overlap])
        #expect(overlap(shape([box(0, 0, 9, 9)]), shape([box(2, 2, 3, 3)])) == [.overlap])
        #expect(overlap(shape([box(0, 0, 2, 1)]), shape([box(1, 0, 3, 1)])) == [.overlap])
        // A cross: edges cross, no vertex of either inside the other.
        #expect(overlap(shape([box(4, 0, 6, 10)]), shape([box(0, 4, 10, 6)])) == [.overlap])
        // An off-centre cross: only the edge crossings show it.
        #expect(overlap(shape([box(1, 0, 2, 10)]), shape([box(0, 7, 10, 8)])) == [.overlap])
        // The second part of a multipolygon overlaps.
        #expect(overlap(shape([box(0, 0, 1, 1)], [box(5, 5, 7, 7)]), shape([box(6, 6, 8, 8)])) == [.overlap])
    }

    @Test func siblingsThatOnlyTouchDoNotOverlap() {
        func kinds(_ a: Shape, _ b: Shape) -> [GridProblem.Kind] {
            GridValidation.validate(base + [cell("370881001001001", .small, community, a),
                                            cell("370881001001002", .small, community, b)]).map(\.kind)
        }
        #expect(kinds(shape([box(0, 0, 5, 10)]), shape([box(5, 0, 10, 10)])) == [])          // shared edge
        #expect(kinds(shape([box(0, 0, 5, 10)]), shape([box(5, 2, 10, 4)])) == [])           // T-junction
        #expect(kinds(shape([box(0, 0, 5, 5)]), shape([box(5, 5, 10, 10)])) == [])           // corner
        #expect(kinds(shape([box(0, 0, 5, 10)]), shape([box(5 - 5e-8, 0, 10, 10)])) == [])  // within tolerance
        // Interlocking L shapes whose boxes overlap, and a cell sitting in another's hole.
        let l1 = shape([[(0, 0), (10, 0), (10, 2), (2, 2), (2, 10), (0, 10)]])
        let l2 = shape([[(2, 2), (10, 2), (10, 10), (2, 10)]])
        #expect(kinds(l1, l2) == [])
        #expect(kinds(shape([box(0, 0, 10, 10), box(3, 3, 6, 6)]), shape([box(3, 3, 6, 6)])) == [])
    }

    @Test func selfIntersectingBowTieRing() {
        let bowTie = shape([[(0, 0), (10, 10), (10, 0), (0, 10)]])
        let found = GridValidation.validate(base + [cell("370881001001001", .small, community, bowTie)])
        #expect(found.map(\.description) == ["feature 2 (370881001001001): ring 0 of polygon 0 crosses itself (edges 0 and 2)"])
        #expect(found.first?.location == GeoPoint(lon: 5, lat: 5))
        let holeAcrossOuter = shape([box(0, 0, 10, 10), box(8, 4, 12, 6)])
        #expect(problems([cell("370881001001001", .small, community, holeAcrossOuter)])
            == ["feature 2 (370881001001001): rings 0 and 1 of polygon 0 cross"])
    }

    @Test func brokenShapes() {
        #expect(problems([rect("370881001001001", .small, community, 0, 0, 0, 10),
                          rect("370881001001002", .small, community, 0, 0, 200, 10)]) == [
            "feature 2 (370881001001001): ring 0 of polygon 0 has no area",
            "feature 3 (370881001001002): ring 0 of polygon 0: [200.0, 0.0] is not a longitude −180…180 and latitude −90…90",
        ])
    }

    @Test func everyProblemIsReportedSortedByFeature() {
        let found = GridValidation.validate([
            rect("370881001001001", .small, "370881001001", 0, 0, 1, 1),
            rect("370881001", .large, nil, 0, 0, 10, 10), rect("370881001", .large, nil, 20, 0, 30, 10),
            rect("370881001001", .medium, "370881001", 0, 0, 10, 10),
            rect("370881001001002", .small, "370881001001", 0.5, 0.5, 11, 1),
        ], featureIndices: [3, 5, 8, 9, 17])
        #expect(found.map(\.description) == [
            "feature 8 (370881001): duplicate code (also used by feature 5)",
            "feature 17 (370881001001002): not inside parent 370881001001",
            "feature 17 (370881001001002): overlaps 370881001001001 (feature 3)",
        ])
    }

    @Test func validatingGeoJSONKeepsFeatureIndicesAndSkipsChildrenOfRejectedFeatures() {
        let json = GeoJSONText.self
        let data = json.collection([
            json.feature("370881001", geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10]]]}"),
            json.feature("370881001001", level: "medium", parent: "370881001", geometry: json.square(0, 0, 10, 10)),
            json.feature("370881002", geometry: json.square(10, 0, 20, 10)),
            json.feature("370881002001", level: "medium", parent: "370881002", geometry: json.square(15, 0, 25, 10)),
        ])
        let (cells, found) = GridValidation.validate(geoJSON: data)
        #expect(cells.count == 3)
        #expect(found.map(\.description) == [
            "feature 0 (370881001): ring 0 of polygon 0 has 3 positions; a closed ring needs at least 4",
            "feature 3 (370881002001): not inside parent 370881002",
        ])
    }
}
