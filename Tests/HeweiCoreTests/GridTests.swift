import Testing
@testable import HeweiCore

@Suite struct GeometryTests {
    let square = Ring([GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 2, lat: 2), GeoPoint(lon: 0, lat: 2)])

    @Test func pointsOnSharedEdgesBelongToExactlyOneCell() {
        let left = Ring([GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 1, lat: 1), GeoPoint(lon: 0, lat: 1)])
        let right = Ring([GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 2, lat: 1), GeoPoint(lon: 1, lat: 1)])
        let above = Ring([GeoPoint(lon: 0, lat: 1), GeoPoint(lon: 1, lat: 1), GeoPoint(lon: 1, lat: 2), GeoPoint(lon: 0, lat: 2)])
        // on the vertical edge between left and right
        let onEdge = GeoPoint(lon: 1, lat: 0.5)
        #expect([left, right].filter { $0.contains(onEdge) }.count == 1)
        // on the horizontal edge between left and above
        let onTop = GeoPoint(lon: 0.5, lat: 1)
        #expect([left, above].filter { $0.contains(onTop) }.count == 1)
        // the shared corner of three cells
        #expect([left, right, above].filter { $0.contains(GeoPoint(lon: 1, lat: 1)) }.count <= 1)
    }

    @Test func holesAreOutside() {
        let hole = Ring([GeoPoint(lon: 0.5, lat: 0.5), GeoPoint(lon: 1.5, lat: 0.5), GeoPoint(lon: 1.5, lat: 1.5), GeoPoint(lon: 0.5, lat: 1.5)])
        let donut = Polygon(outer: square, holes: [hole])
        #expect(donut.contains(GeoPoint(lon: 0.25, lat: 0.25)))
        #expect(!donut.contains(GeoPoint(lon: 1, lat: 1)))
        #expect(donut.area == 3)
    }

    @Test func multipolygonsContainPointsInAnyPart() {
        let far = Ring([GeoPoint(lon: 10, lat: 10), GeoPoint(lon: 11, lat: 10), GeoPoint(lon: 11, lat: 11), GeoPoint(lon: 10, lat: 11)])
        let shape = Shape([Polygon(outer: square), Polygon(outer: far)])
        #expect(shape.contains(GeoPoint(lon: 1, lat: 1)))
        #expect(shape.contains(GeoPoint(lon: 10.5, lat: 10.5)))
        #expect(!shape.contains(GeoPoint(lon: 5, lat: 5)))
        #expect(shape.area == 5)
    }

    @Test func closingPointIsDropped() {
        let closed = Ring([GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0), GeoPoint(lon: 1, lat: 1), GeoPoint(lon: 0, lat: 0)])
        #expect(closed.points.count == 3)
    }
}

@Suite struct DemoGridTests {
    let cells = DemoGrid.generate()

    @Test func hasExactlyQufusCounts() {
        let counts = Dictionary(grouping: cells, by: \.level).mapValues(\.count)
        #expect(counts[.large] == 12)
        #expect(counts[.medium] == 94)
        #expect(counts[.small] == 962)
        #expect(counts[.micro] == 4399)
        #expect(Set(cells.map(\.code)).count == cells.count)
        #expect(cells.filter { $0.level == .large }.map(\.name).contains("尼山镇"))
    }

    @Test func everyCellHasAParentOfTheLevelAbove() {
        let byCode = Dictionary(uniqueKeysWithValues: cells.map { ($0.code, $0) })
        for cell in cells {
            guard let parentLevel = cell.level.parent else {
                #expect(cell.parentCode == nil)
                continue
            }
            let parent = byCode[cell.parentCode ?? ""]
            #expect(parent?.level == parentLevel, "\(cell.code)")
            #expect(cell.code.hasPrefix(cell.parentCode ?? "?"))
        }
    }

    @Test func isGapFreeAndNested() {
        // Every random point in the county is in exactly one cell of each level, and those cells nest.
        let index = GridIndex(cells: cells)
        let byLevel = Dictionary(grouping: cells, by: \.level)
        var rng = SplitMix(seed: 7)
        for _ in 0..<2000 {
            let p = GeoPoint(lon: 116.80 + rng.unit() * 0.4, lat: 35.45 + rng.unit() * 0.3)
            let match = index.locate(p)
            #expect(match?.cells.count == 4)
            for level in GridLevel.allCases {
                let containing = byLevel[level]!.filter { $0.shape.contains(p) }
                #expect(containing.count == 1, "\(p) in \(containing.count) \(level) cells")
                #expect(match?.cells[3 - level.depth] == containing.first?.code)
            }
        }
    }

    @Test func lineageRunsFromTheCellToTheTop() {
        let index = GridIndex(cells: cells)
        let micro = cells.first { $0.level == .micro }!
        let chain = index.lineage(of: micro.code)
        #expect(chain.count == 4)
        #expect(chain.first == micro.code)
        #expect(chain[1] == micro.parentCode)
        #expect(index.cell(chain[3])?.level == .large)
        #expect(index.cell(chain[3])?.parentCode == nil)
        let town = cells.first { $0.level == .large }!
        #expect(index.lineage(of: town.code) == [town.code])
        #expect(index.lineage(of: "no-such-cell").isEmpty)
    }

    @Test func isDeterministic() {
        #expect(DemoGrid.generate().map(\.code) == cells.map(\.code))
        #expect(DemoGrid.generate()[500].shape == cells[500].shape)
    }

    @Test func pointsOutsideGetNoCellButANearbySuggestion() {
        let index = GridIndex(cells: cells)
        let outside = GeoPoint(lon: 117.2005, lat: 35.60)
        #expect(index.locate(outside) == nil)
        let suggestion = index.nearest(to: outside, maxMetres: 500)
        #expect(suggestion != nil)
        #expect(suggestion.map { $0.metres < 100 } == true)
        #expect(index.nearest(to: GeoPoint(lon: 118, lat: 35.6), maxMetres: 500) == nil)
    }
}
