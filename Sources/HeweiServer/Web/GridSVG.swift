import Foundation
import HeweiCore

/// Draws grid cells as inline SVG from their stored polygons: no tiles, no network.
///
/// Equirectangular projection around the shown cells' middle latitude (x = lon·cos(lat0), y = −lat),
/// fitted to a viewBox `width` units wide; the SVG itself is 100% wide, so it scales with the screen.
struct GridSVG {
    struct Item {
        var cell: GridCell
        /// Where the cell links to (nil: not a link).
        var href: String?
        /// Extra CSS classes of the path (fill scale, emphasis).
        var classes: String
        /// The text drawn at the cell's centroid (empty: none).
        var label: String
        /// The tooltip (`<title>`).
        var title: String
        /// A smaller second line under the label (the open-order count).
        var sublabel = ""
    }

    var items: [Item]
    /// Drawn first, unfilled, under the items (the parent cell's outline); not counted as a cell.
    var outline: GridCell?
    var width = 1000.0
    var padding = 12.0
    var ariaLabel: String

    func render() -> String {
        let cells = items.map(\.cell) + (outline.map { [$0] } ?? [])
        guard !cells.isEmpty else { return "" }
        let box = cells.reduce(BoundingBox.empty) { $0.union($1.shape.bbox) }
        let projection = MapProjection(box: box, width: width, padding: padding)
        let height = projection.height
        let project = projection.project
        let fontSize = max(11, min(22, width / 45))
        var out = "<svg class=\"grid-map w\(Int(width))\" viewBox=\"0 0 \(Self.num(width)) \(Self.num(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTML.esc(ariaLabel))\" xmlns=\"http://www.w3.org/2000/svg\">"
        if let outline {
            for polygon in outline.shape.polygons {
                out += "<polygon class=\"outline\" points=\"\(Self.points(polygon.outer, project))\"></polygon>"
            }
        }
        var labels = ""
        for item in items {
            let path = "<path class=\"cell \(HTML.esc(item.classes))\" d=\"\(Self.pathData(item.cell.shape, project))\"><title>\(HTML.esc(item.title))</title></path>"
            out += item.href.map { "<a href=\"\(HTML.esc($0))\">\(path)</a>" } ?? path
            if !item.label.isEmpty {
                let (x, y) = project(item.cell.shape.centroid)
                let at = "x=\"\(Self.num(x))\" y=\"\(Self.num(y))\""
                // Offsets in em, so that the lines keep apart when CSS enlarges the text on phones.
                labels += "<text class=\"\(HTML.esc(item.classes))\" \(at)\(item.sublabel.isEmpty ? "" : " dy=\"-0.45em\"") font-size=\"\(Self.num(fontSize))\">\(HTML.esc(item.label))</text>"
                if !item.sublabel.isEmpty {
                    labels += "<text class=\"sub \(HTML.esc(item.classes))\" \(at) dy=\"0.95em\" font-size=\"\(Self.num(fontSize * 0.7))\">\(HTML.esc(item.sublabel))</text>"
                }
            }
        }
        // Labels last, so that no neighbouring cell paints over them; they let clicks through (CSS).
        return out + "<g class=\"labels\">\(labels)</g></svg>"
    }

    /// `M x y L … Z` for every ring; holes are cut out by `fill-rule: evenodd` (CSS).
    static func pathData(_ shape: Shape, _ project: (GeoPoint) -> (Double, Double)) -> String {
        var d = ""
        for polygon in shape.polygons {
            for ring in [polygon.outer] + polygon.holes where !ring.points.isEmpty {
                for (i, p) in ring.points.enumerated() {
                    let (x, y) = project(p)
                    d += (i == 0 ? "M" : "L") + num(x) + " " + num(y)
                }
                d += "Z"
            }
        }
        return d
    }

    /// A ring as a `points` list (an outline; holes do not matter there).
    private static func points(_ ring: Ring, _ project: (GeoPoint) -> (Double, Double)) -> String {
        ring.points.map { p in
            let (x, y) = project(p)
            return num(x) + "," + num(y)
        }.joined(separator: " ")
    }

    /// One decimal is well below a screen pixel at this size.
    static func num(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}

/// The fill scale of the map: class `q0` for no open orders, then five equal steps up to the maximum.
struct GridFillScale {
    let step: Int

    init(maximum: Int) {
        step = max(1, Int((Double(maximum) / 5).rounded(.up)))
    }

    func bucket(_ open: Int) -> Int {
        open <= 0 ? 0 : min(5, (open + step - 1) / step)
    }

    /// The key under a map: one swatch per range.
    func legend(lang: Lang) -> String {
        let keys = ranges.map { "<li><span class=\"swatch q\($0.bucket)\"></span>\($0.label)</li>" }.joined()
        return "<div class=\"legend\"><span>\(lang.t("未办结工单", "Open orders"))</span><ul>\(keys)</ul></div>"
    }

    /// The legend's ranges: `0`, `1–2`, `3–4`, …
    var ranges: [(bucket: Int, label: String)] {
        [(0, "0")] + (1...5).map { i in
            let lo = (i - 1) * step + 1, hi = i * step
            return (i, lo == hi ? "\(lo)" : "\(lo)–\(hi)")
        }
    }
}

/// The maps' projection: equirectangular around the box's middle latitude (x = lon·cos(lat0),
/// y = −lat), fitted to `width` units with `padding` on every side.
struct MapProjection {
    let box: BoundingBox
    let padding: Double
    /// cos of the middle latitude: how much a degree of longitude is shortened.
    let k: Double
    /// SVG units per degree of latitude.
    let scale: Double
    let height: Double

    init(box: BoundingBox, width: Double, padding: Double) {
        self.box = box
        self.padding = padding
        k = cos((box.minLat + box.maxLat) / 2 * .pi / 180)
        let spanX = max((box.maxLon - box.minLon) * k, 1e-9), spanY = max(box.maxLat - box.minLat, 1e-9)
        scale = (width - 2 * padding) / spanX
        height = (spanY * scale + 2 * padding).rounded(.up)
    }

    func project(_ p: GeoPoint) -> (Double, Double) {
        (padding + (p.lon - box.minLon) * k * scale, padding + (box.maxLat - p.lat) * scale)
    }
}
