/// A deterministic demonstration grid over Qufu's extent with exactly Qufu's counts
/// (12 / 94 / 962 / 4,399), properly nested and gap-free: every cell is split into rectangles
/// that share exact edges, so each point of the county lies in exactly one cell per level.
///
/// Codes extend the 12-digit statistical division code: large = county + town (9 digits),
/// medium = + community (12), small = + 3-digit sequence (15), micro = + 3-digit sequence (18).
public enum DemoGrid {
    public struct Town: Sendable {
        public var code: String
        public var name: String
        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// Qufu's 4 streets and 8 towns, laid out west→east in three bands north→south.
    public static let qufuTowns: [Town] = [
        .init(code: "370881101", name: "吴村镇"), .init(code: "370881102", name: "姚村镇"),
        .init(code: "370881103", name: "陵城镇"), .init(code: "370881106", name: "防山镇"),
        .init(code: "370881003", name: "时庄街道"), .init(code: "370881001", name: "鲁城街道"),
        .init(code: "370881002", name: "书院街道"), .init(code: "370881004", name: "小雪街道"),
        .init(code: "370881108", name: "王庄镇"), .init(code: "370881104", name: "息陬镇"),
        .init(code: "370881105", name: "石门山镇"), .init(code: "370881107", name: "尼山镇"),
    ]

    public static let extent = BoundingBox(minLon: 116.80, minLat: 35.45, maxLon: 117.20, maxLat: 35.75)

    public static func generate(towns: [Town] = qufuTowns, seed: UInt64 = 370881,
                                counts: (medium: Int, small: Int, micro: Int) = (94, 962, 4399)) -> [GridCell] {
        var rng = SplitMix(seed: seed)
        let bands = 3, perBand = (towns.count + bands - 1) / bands
        let rows = split(extent.minLat, extent.maxLat, into: bands, jitter: 0.12, rng: &rng)
        var large: [(Town, Rect)] = []
        for b in 0..<bands {
            let band = Array(towns.dropFirst(b * perBand).prefix(perBand))
            let cols = split(extent.minLon, extent.maxLon, into: band.count, jitter: 0.2, rng: &rng)
            // Bands are listed north to south.
            let lat = (rows[bands - 1 - b], rows[bands - b])
            for (i, town) in band.enumerated() { large.append((town, Rect(x0: cols[i], y0: lat.0, x1: cols[i + 1], y1: lat.1))) }
        }
        var cells: [GridCell] = []
        let mediumCounts = distribute(counts.medium, over: large.count)
        var mediums: [(String, Rect)] = []
        for (i, (town, rect)) in large.enumerated() {
            cells.append(GridCell(code: town.code, name: town.name, level: .large, parentCode: nil, shape: rect.shape))
            for (j, r) in subdivide(rect, into: mediumCounts[i], rng: &rng).enumerated() {
                let code = town.code + pad(j + 1, 3)
                let name = town.name + communityNames[(i * 7 + j) % communityNames.count] + (j < 4 ? "社区" : "管区")
                cells.append(GridCell(code: code, name: name, level: .medium, parentCode: town.code, shape: r.shape))
                mediums.append((code, r))
            }
        }
        let smallCounts = distribute(counts.small, over: mediums.count)
        var smalls: [(String, Rect)] = []
        for (i, (parent, rect)) in mediums.enumerated() {
            for (j, r) in subdivide(rect, into: smallCounts[i], rng: &rng).enumerated() {
                let code = parent + pad(j + 1, 3)
                let name = villageNames[(i * 11 + j) % villageNames.count] + (j % 3 == 0 ? "小区" : "村")
                cells.append(GridCell(code: code, name: name, level: .small, parentCode: parent, shape: r.shape,
                                      dedicated: (i + j) % 97 == 0))
                smalls.append((code, r))
            }
        }
        let microCounts = distribute(counts.micro, over: smalls.count)
        for (i, (parent, rect)) in smalls.enumerated() {
            for (j, r) in subdivide(rect, into: microCounts[i], rng: &rng).enumerated() {
                cells.append(GridCell(code: parent + pad(j + 1, 3), name: "第\(j + 1)微网格", level: .micro,
                                      parentCode: parent, shape: r.shape))
            }
        }
        return cells
    }

    struct Rect {
        var x0, y0, x1, y1: Double
        var shape: Shape {
            Shape([Polygon(outer: Ring([GeoPoint(lon: x0, lat: y0), GeoPoint(lon: x1, lat: y0),
                                        GeoPoint(lon: x1, lat: y1), GeoPoint(lon: x0, lat: y1)]))])
        }
    }

    /// `n` counts that sum to `total`, the larger ones first.
    static func distribute(_ total: Int, over n: Int) -> [Int] {
        (0..<n).map { total / n + ($0 < total % n ? 1 : 0) }
    }

    /// Splits a rectangle into `n` rectangles: columns of stacked rows, boundaries jittered.
    static func subdivide(_ r: Rect, into n: Int, rng: inout SplitMix) -> [Rect] {
        guard n > 1 else { return [r] }
        let aspect = (r.x1 - r.x0) / max(r.y1 - r.y0, 1e-12)
        let cols = max(1, min(n, Int((Double(n) * aspect).squareRoot().rounded())))
        let perColumn = distribute(n, over: cols)
        let xs = split(r.x0, r.x1, into: cols, jitter: 0.25, rng: &rng)
        var out: [Rect] = []
        for c in 0..<cols {
            let ys = split(r.y0, r.y1, into: perColumn[c], jitter: 0.25, rng: &rng)
            for k in 0..<perColumn[c] { out.append(Rect(x0: xs[c], y0: ys[k], x1: xs[c + 1], y1: ys[k + 1])) }
        }
        return out
    }

    /// `n + 1` boundaries from `a` to `b` (exactly `a` and `b` at the ends), inner ones jittered.
    static func split(_ a: Double, _ b: Double, into n: Int, jitter: Double, rng: inout SplitMix) -> [Double] {
        let step = (b - a) / Double(n)
        var xs = [a]
        for i in 1..<max(n, 1) { xs.append(a + step * (Double(i) + (rng.unit() - 0.5) * jitter)) }
        xs.append(b)
        return xs
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static let communityNames = ["五马祠", "鼓楼", "颜庙", "周公", "杏坛", "春秋", "洙泗", "大成", "阙里", "仓庄", "崇圣", "孔林",
                                 "舞雩", "昌平", "泗河", "九仙", "尼山", "石门", "息陬", "防山", "陵城", "姚村", "吴村", "王庄"]
    static let villageNames = ["东关", "西关", "南关", "北关", "前进", "胜利", "孔家", "颜家", "曾家", "孟家", "林前", "姜村",
                               "马庄", "韩家铺", "董庄", "大庄", "小雪", "武家", "南泉", "北泉", "鲁源", "书院", "时庄", "王林",
                               "周庄", "张阳", "红庙", "果庄", "西终吉", "东终吉", "夏家村", "高庙", "程庄", "宋家"]
}

/// A small, fast, deterministic PRNG (SplitMix64), so the demo is the same on every machine.
public struct SplitMix: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
