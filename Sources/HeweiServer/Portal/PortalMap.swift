import Foundation
import HeweiCore

/// The small map of the submit form: the towns' outlines (large grid cells) as inline SVG, drawn
/// with the same projection as the console's `GridSVG` (equirectangular around the middle
/// latitude). The SVG carries its projection in `data-` attributes so that /assets/portal.js can
/// turn a tap into longitude and latitude; without JavaScript the inputs are typed by hand.
struct PortalMap {
    var towns: [GridCell]
    var width = 600.0
    var padding = 8.0

    func render(lang: Lang) -> String {
        guard !towns.isEmpty else { return "" }
        let box = towns.reduce(BoundingBox.empty) { $0.union($1.shape.bbox) }
        let projection = MapProjection(box: box, width: width, padding: padding)
        let (k, scale, height) = (projection.k, projection.scale, projection.height)
        let project = projection.project
        let fontSize = max(11, min(20, width / 32))
        var paths = "", labels = ""
        for town in towns {
            paths += "<path class=\"town\" d=\"\(GridSVG.pathData(town.shape, project))\"><title>\(HTML.esc(town.name))</title></path>"
            let (x, y) = project(town.shape.centroid)
            labels += "<text x=\"\(GridSVG.num(x))\" y=\"\(GridSVG.num(y))\" font-size=\"\(GridSVG.num(fontSize))\">\(HTML.esc(town.name))</text>"
        }
        let data = [("min-lon", box.minLon), ("max-lat", box.maxLat), ("k", k), ("scale", scale), ("pad", padding)]
            .map { "data-\($0.0)=\"\($0.1)\"" }.joined(separator: " ")
        return """
        <svg class="portal-map" id="portal-map" viewBox="0 0 \(GridSVG.num(width)) \(GridSVG.num(height))" width="100%" \
        role="img" aria-label="\(HTML.esc(lang.t("各镇街轮廓：点按地图选取位置", "Town outlines: tap to pick the place")))" \
        \(data) xmlns="http://www.w3.org/2000/svg">\(paths)<g class="labels">\(labels)</g>\
        <circle id="portal-pin" class="pin" r="7" cx="-20" cy="-20"></circle></svg>
        """
    }
}
