import Foundation
import HeweiCore

/// Stores a cell's shape as GeoJSON MultiPolygon coordinates (rings closed, as in GeoJSON).
enum ShapeCoding {
    typealias Coordinates = [[[[Double]]]]

    static func encode(_ shape: Shape) throws -> String {
        let coords: Coordinates = shape.polygons.map { poly in
            ([poly.outer] + poly.holes).map { ring in
                (ring.points + ring.points.prefix(1)).map { [$0.lon, $0.lat] }
            }
        }
        return String(decoding: try JSONEncoder().encode(coords), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Shape {
        let coords = try JSONDecoder().decode(Coordinates.self, from: Data(text.utf8))
        return Shape(coords.map { rings in
            let parsed = rings.map { ring in Ring(ring.map { GeoPoint(lon: $0[0], lat: $0[1]) }) }
            return Polygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
        })
    }

    /// Approximate area in square metres (equirectangular at the shape's centroid latitude).
    static func squareMetres(_ shape: Shape) -> Double {
        let lat = shape.centroid.lat * .pi / 180
        return shape.area * 111_320 * cos(lat) * 110_574
    }
}
