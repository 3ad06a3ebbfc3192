/// One problem found while importing or validating a grid, located by the feature's position in
/// the FeatureCollection (or the cell's position in the array) and, when known, its code.
///
/// `description` reads like `feature 17 (370881001002): not inside parent 370881001`; problems with
/// the whole document (no feature) read `collection: not a FeatureCollection`.
public struct GridProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        // Reading GeoJSON
        case invalidJSON, notFeatureCollection, notFeature
        case missingProperty, badProperty, badLevel
        case badGeometry, unsupportedGeometry, ringTooShort, ringNotClosed, badCoordinate
        // Validating the grid
        case degenerateRing, selfIntersection
        case duplicateCode, unexpectedParent, missingParent, parentNotFound, wrongParentLevel
        case codeNotExtendingParent, notInsideParent, overlap
    }

    /// Position in the collection's `features` (nil: the document as a whole).
    public var featureIndex: Int?
    /// The feature's `code` when it has one.
    public var code: String?
    public var kind: Kind
    /// English, for logs and import reports; `kind` is the key for localised text.
    public var message: String
    /// A point where the problem shows (a crossing, a vertex outside the parent…), for maps.
    public var location: GeoPoint?

    public init(featureIndex: Int?, code: String?, kind: Kind, message: String, location: GeoPoint? = nil) {
        self.featureIndex = featureIndex
        self.code = code
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String {
        let place = featureIndex.map { "feature \($0)" } ?? "collection"
        if let code { return "\(place) (\(code)): \(message)" }
        return "\(place): \(message)"
    }

    /// Sorted by feature index (document-level problems first), keeping the order found within a feature.
    public static func sorted(_ problems: [GridProblem]) -> [GridProblem] {
        problems.enumerated().sorted { a, b in
            let x = a.element.featureIndex ?? -1, y = b.element.featureIndex ?? -1
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}

extension GeoPoint {
    /// `[lon, lat]` with the shortest digits that read back to the same doubles.
    var geoJSONText: String { "[\(GeoJSON.number(lon)), \(GeoJSON.number(lat))]" }
}
