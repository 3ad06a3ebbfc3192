import Foundation
import Testing
@testable import HeweiCore

private func pt(_ lon: Double, _ lat: Double) -> GeoPoint { GeoPoint(lon: lon, lat: lat) }
private func ring(_ xy: [(Double, Double)]) -> Ring { Ring(xy.map { pt($0.0, $0.1) }) }

/// Hand-written GeoJSON text for tests (shared with GridValidationTests).
enum GeoJSONText {
    /// A FeatureCollection around the given feature texts.
    static func collection(_ features: [String]) -> Data {
        Data(("{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}").utf8)
    }

    /// One feature; `geometry` is raw JSON text, `extra` more raw properties.
    static func feature(_ code: String?, level: String = "large", parent: String? = nil, geometry: String,
                 extra: String = "") -> String {
        var props: [String] = []
        if let code { props.append("\"code\":\"\(code)\"") }
        props.append("\"name\":\"n\(code ?? "")\"")
        props.append("\"level\":\"\(level)\"")
        if let parent { props.append("\"parent_code\":\"\(parent)\"") }
        if !extra.isEmpty { props.append(extra) }
        return "{\"type\":\"Feature\",\"properties\":{\(props.joined(separator: ","))},\"geometry\":\(geometry)}"
    }

    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        "{\"type\":\"Polygon\",\"coordinates\":[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}"
    }
}

@Suite struct GeoJSONTests {
    /// Outer counter-clockwise, holes clockwise, awkward numbers and names.
    let handMade: [GridCell] = {
        let donut = Polygon(outer: ring([(116.9, 35.5), (117.0, 35.5), (117.0, 35.6), (116.9, 35.6)]),
                            holes: [ring([(116.93, 35.53), (116.93, 35.57), (116.97, 35.57), (116.97, 35.53)])])
        let island = Polygon(outer: ring([(0.1 + 0.2, -0.0), (1e-7, 3e-9), (-179.99999999999997, 89.9999999999999),
                                          (116.12345678901234, 35.000000000000014)]))
        return [
            GridCell(code: "370881001", name: "鲁城街道 \"old\" \\ city\n", level: .large, parentCode: nil,
                     shape: Shape([donut, island]), dedicated: true),
            GridCell(code: "370881001001", name: "颜庙社区", level: .medium, parentCode: "370881001", shape: Shape([donut])),
        ]
    }()

    @Test func demoGridRoundTripIsLossless() {
        let cells = DemoGrid.generate()
        let clock = ContinuousClock()
        var data = Data(), decoded: (cells: [GridCell], problems: [GridProblem]) = ([], [])
        let encoding = clock.measure { data = GeoJSON.encode(cells) }
        let decoding = clock.measure { decoded = GeoJSON.decodeCells(data) }
        print("demo grid GeoJSON: \(data.count) bytes, encode \(encoding), decode \(decoding)")
        #expect(decoded.problems.isEmpty)
        #expect(decoded.cells == cells)
        #expect(GeoJSON.encode(decoded.cells) == data)
    }

    @Test func handMadeHolesAndMultipolygonsRoundTripLosslessly() throws {
        let cells = handMade.map { var c = $0; c.shape = GeoJSON.oriented(c.shape); return c }
        let data = GeoJSON.encode(cells)
        let decoded = GeoJSON.decodeCells(data)
        #expect(decoded.problems.isEmpty, "\(decoded.problems)")
        #expect(decoded.cells == cells)
        #expect(GeoJSON.encode(decoded.cells) == data)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"type\":\"MultiPolygon\""))
        #expect(text.contains("[0.30000000000000004,0.0]"))
        #expect(text.contains("[1e-07,3e-09]"))
    }

    @Test func encodeClosesRingsAndOrientsThemByTheRightHandRule() throws {
        // Outer clockwise and hole counter-clockwise on input: the output flips both.
        let cw = ring([(0, 0), (0, 2), (2, 2), (2, 0)]), ccwHole = ring([(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)])
        let cell = GridCell(code: "1", name: "x", level: .large, parentCode: nil,
                            shape: Shape([Polygon(outer: cw, holes: [ccwHole])]))
        let data = GeoJSON.encode([cell])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let feature = try #require((json["features"] as? [[String: Any]])?.first)
        let rings = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])
        #expect(rings[0] == [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])
        #expect(rings[1] == [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]])
        let back = try #require(GeoJSON.decodeCells(data).cells.first)
        #expect(back.shape == GeoJSON.oriented(cell.shape))
        #expect(back.shape.polygons[0].outer.signedArea > 0 && back.shape.polygons[0].holes[0].signedArea < 0)
        #expect(back.shape.area == cell.shape.area)
    }

    @Test func encodeWritesExactlyTheDocumentedProperties() throws {
        let data = GeoJSON.encode(handMade)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        let large = try #require(features[0]["properties"] as? [String: Any])
        let medium = try #require(features[1]["properties"] as? [String: Any])
        #expect(Set(large.keys) == ["code", "name", "level", "parent_code", "dedicated"])
        #expect(large["parent_code"] is NSNull)
        #expect(Set(medium.keys) == ["code", "name", "level", "parent_code"])
        #expect(medium["parent_code"] as? String == "370881001")
        #expect(large["name"] as? String == "鲁城街道 \"old\" \\ city\n")
    }

    @Test func parsesHolesAndMultiPolygonsThatContainPointsCorrectly() throws {
        let multi = """
        {"type":"MultiPolygon","coordinates":[
          [[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]],
          [[[10,10,50],[11,10,50],[11,11,50],[10,11,50],[10,10,50]]]]}
        """
        let data = GeoJSONText.collection([GeoJSONText.feature("370881001", geometry: multi, extra: "\"dedicated\":true,\"parent_code\":null")])
        let (cells, problems) = GeoJSON.decodeCells(data)
        #expect(problems.isEmpty, "\(problems)")
        let cell = try #require(cells.first)
        #expect(cell.dedicated && cell.parentCode == nil && cell.level == .large && cell.name == "n370881001")
        #expect(cell.shape.polygons.count == 2 && cell.shape.polygons[0].holes.count == 1)
        #expect(cell.shape.contains(pt(0.5, 0.5)))
        #expect(!cell.shape.contains(pt(2, 2)))   // in the hole
        #expect(cell.shape.contains(pt(10.5, 10.5)))   // second part (altitude ignored)
        #expect(!cell.shape.contains(pt(7, 7)))
        #expect(cell.shape.area == 13)
    }

    @Test func collectsEveryProblemOfEveryFeature() {
        let data = GeoJSONText.collection([
            GeoJSONText.feature("370881001", geometry: GeoJSONText.square(0, 0, 1, 1)),                      // 0: fine
            GeoJSONText.feature("370881002", geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}"),
            GeoJSONText.feature("370881003", geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[200,0],[1,1],[0,\"a\"],[0,0]]]}"),
            GeoJSONText.feature("370881004", geometry: "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}"),
            GeoJSONText.feature(nil, geometry: GeoJSONText.square(0, 0, 1, 1)),                              // 4: no code
            GeoJSONText.feature("370881006", level: "huge", geometry: "{\"type\":\"Point\",\"coordinates\":[0,0]}"),
            GeoJSONText.feature("370881007", geometry: "null", extra: "\"dedicated\":\"yes\""),
            "{\"type\":\"Feature\",\"geometry\":\(GeoJSONText.square(0, 0, 1, 1))}",
            "42",
        ])
        let decoded = GeoJSON.decode(data)
        #expect(decoded.cells.map(\.code) == ["370881001"])
        #expect(decoded.featureIndices == [0])
        #expect(decoded.problems.map(\.description) == [
            "feature 1 (370881002): ring 0 of polygon 0 is not closed: first position [0.0, 0.0] differs from last [0.0, 1.0]",
            "feature 2 (370881003): ring 0 of polygon 0, position 1: [200.0, 0.0] is not a longitude −180…180 and latitude −90…90 (and 1 more)",
            "feature 3 (370881004): ring 0 of polygon 0 has 3 positions; a closed ring needs at least 4",
            "feature 4: missing code",
            "feature 5 (370881006): unknown level \"huge\" (expected large, medium, small or micro)",
            "feature 5 (370881006): unsupported geometry type \"Point\" (expected Polygon or MultiPolygon)",
            "feature 6 (370881007): dedicated must be true or false, not \"yes\"",
            "feature 6 (370881007): missing geometry",
            "feature 7: missing properties",
            "feature 8: not a Feature object",
        ])
        #expect(decoded.problems.map(\.kind) == [.ringNotClosed, .badCoordinate, .ringTooShort, .missingProperty, .badLevel,
                                                 .unsupportedGeometry, .badProperty, .badGeometry, .missingProperty, .notFeature])
    }

    @Test func coordinatesMustBeTwoFiniteNumbersInRange() {
        for bad in ["[116]", "[116,95]", "[-180.5,35]", "[\"116\",35]", "[116,35,1,2]", "[true,35]", "null", "[1e999,35]"] {
            let geometry = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],\(bad),[0,0]]]}"
            let problems = GeoJSON.decodeCells(GeoJSONText.collection([GeoJSONText.feature("1", geometry: geometry)])).problems
            #expect(problems.map(\.kind) == [.badCoordinate], "\(bad): \(problems)")
            #expect(problems.first?.description.hasPrefix("feature 0 (1): ring 0 of polygon 0, position 2: ") == true)
        }
        let edge = "{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[180,-90],[180,90],[-180,-90]]]}"
        #expect(GeoJSON.decodeCells(GeoJSONText.collection([GeoJSONText.feature("1", geometry: edge)])).problems.isEmpty)
    }

    @Test func parserIsStrictAndReadsEscapesAndNumberForms() throws {
        let good = GeoJSONText.collection([GeoJSONText.feature("1", geometry:
            "{\"type\":\"Polygon\",\"coordinates\":[[[-0,0],[1E+0,0.0],[1,1e0],[0,1],[0,0]]]}")])
        let text = try #require(String(data: good, encoding: .utf8))
        let named = text.replacingOccurrences(of: "\"n1\"", with: #" "\u00e9\ud83d\ude00\n\"\\\/\t" "#)
        let (cells, problems) = GeoJSON.decodeCells(Data(named.utf8))
        #expect(problems.isEmpty, "\(problems)")
        #expect(cells.first?.name == "é😀\n\"\\/\t")
        #expect(cells.first?.shape == Shape([Polygon(outer: ring([(0, 0), (1, 0), (1, 1), (0, 1)]))]))
        for broken in [text + "x", "[01]", "[1.]", "[.5]", "[\"a\u{01}\"]", "[tru]", "{\"a\" 1}", "[1,]", "[\"\\x\"]",
                       String(repeating: "[", count: 300) + String(repeating: "]", count: 300)] {
            #expect(GeoJSON.decodeCells(Data(broken.utf8)).problems.map(\.kind) == [.invalidJSON], "\(broken)")
        }
    }

    @Test func rejectsDocumentsThatAreNotFeatureCollections() {
        func described(_ text: String) -> [String] { GeoJSON.decodeCells(Data(text.utf8)).problems.map(\.description) }
        #expect(described("{\"type\":") == ["collection: not valid JSON"])
        #expect(described(GeoJSONText.feature("1", geometry: GeoJSONText.square(0, 0, 1, 1))) == ["collection: not a FeatureCollection"])
        #expect(described("[]") == ["collection: not a FeatureCollection"])
        #expect(described("{\"type\":\"FeatureCollection\"}") == ["collection: the FeatureCollection has no \"features\" array"])
        #expect(described("{\"type\":\"FeatureCollection\",\"features\":[]}") == [])
    }
}
