extension GeoJSON {
    /// Reads one feature into a cell, collecting every problem it has (not only the first).
    struct FeatureReader {
        let index: Int
        private(set) var code: String?
        private(set) var problems: [GridProblem] = []

        init(index: Int) { self.index = index }

        private mutating func fail(_ kind: GridProblem.Kind, _ message: String) {
            problems.append(GridProblem(featureIndex: index, code: code, kind: kind, message: message))
        }

        mutating func read(_ value: Value) -> GridCell? {
            guard case .object(let feature) = value else {
                fail(.notFeature, "not a Feature object")
                return nil
            }
            var props: [String: Value]?
            if case .object(let p)? = feature["properties"] { props = p }
            // Take the code first so that every problem of this feature names it.
            if case .string(let c)? = props?["code"], !c.isEmpty { code = c }
            if feature["type"] != .string("Feature") { fail(.notFeature, "type is not \"Feature\"") }
            var name: String?, level: GridLevel?, parent: String?? = nil, dedicated = false
            if let props {
                _ = text(props, "code")
                name = text(props, "name")
                level = self.level(props["level"])
                parent = optionalText(props, "parent_code")
                dedicated = flag(props["dedicated"])
            } else {
                fail(.missingProperty, "missing properties")
            }
            let shape = self.shape(feature["geometry"])
            guard problems.isEmpty, let code, let name, let level, let shape else { return nil }
            return GridCell(code: code, name: name, level: level, parentCode: parent ?? nil, shape: shape,
                            dedicated: dedicated)
        }

        // MARK: properties

        private mutating func text(_ props: [String: Value], _ key: String) -> String? {
            switch props[key] {
            case .string(let s)? where !s.isEmpty: return s
            case nil, .null?, .string?: fail(.missingProperty, "missing \(key)")
            case let other?: fail(.badProperty, "\(key) must be a string, not \(other.text)")
            }
            return nil
        }

        /// Outer nil: a problem; inner nil: absent, null or empty.
        private mutating func optionalText(_ props: [String: Value], _ key: String) -> String?? {
            switch props[key] {
            case nil, .null?: return .some(nil)
            case .string(let s)?: return .some(s.isEmpty ? nil : s)
            case let other?:
                fail(.badProperty, "\(key) must be a string or null, not \(other.text)")
                return nil
            }
        }

        private mutating func level(_ value: Value?) -> GridLevel? {
            switch value {
            case nil, .null?: fail(.missingProperty, "missing level")
            case .string(let s)?:
                if let level = GridLevel(rawValue: s) { return level }
                fail(.badLevel, "unknown level \(GeoJSON.quoted(s)) (expected large, medium, small or micro)")
            case let other?: fail(.badLevel, "level must be a string, not \(other.text)")
            }
            return nil
        }

        private mutating func flag(_ value: Value?) -> Bool {
            switch value {
            case nil, .null?: return false
            case .bool(let b)?: return b
            case let other?:
                fail(.badProperty, "dedicated must be true or false, not \(other.text)")
                return false
            }
        }

        // MARK: geometry

        private mutating func shape(_ value: Value?) -> Shape? {
            guard case .object(let geometry)? = value else {
                fail(.badGeometry, "missing geometry")
                return nil
            }
            guard case .string(let type)? = geometry["type"] else {
                fail(.badGeometry, "geometry has no type")
                return nil
            }
            guard type == "Polygon" || type == "MultiPolygon" else {
                fail(.unsupportedGeometry, "unsupported geometry type \(GeoJSON.quoted(type)) (expected Polygon or MultiPolygon)")
                return nil
            }
            guard case .array(let coordinates)? = geometry["coordinates"], !coordinates.isEmpty else {
                fail(.badGeometry, "\(type) has no coordinates")
                return nil
            }
            let parts = type == "Polygon" ? [Value.array(coordinates)] : coordinates
            var polygons: [Polygon] = []
            for (p, part) in parts.enumerated() {
                if let polygon = polygon(part, p) { polygons.append(polygon) }
            }
            return polygons.count == parts.count ? Shape(polygons) : nil
        }

        private mutating func polygon(_ value: Value, _ p: Int) -> Polygon? {
            guard case .array(let rings) = value, !rings.isEmpty else {
                fail(.badGeometry, "polygon \(p) is not a non-empty array of rings")
                return nil
            }
            var parsed: [Ring] = []
            for (r, ring) in rings.enumerated() {
                if let ring = self.ring(ring, "ring \(r) of polygon \(p)") { parsed.append(ring) }
            }
            guard parsed.count == rings.count else { return nil }
            return Polygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
        }

        private mutating func ring(_ value: Value, _ place: String) -> Ring? {
            guard case .array(let positions) = value else {
                fail(.badGeometry, "\(place) is not an array of positions")
                return nil
            }
            var points: [GeoPoint] = []
            var bad: [Int] = []
            for (k, position) in positions.enumerated() {
                if let point = Self.point(position) { points.append(point) } else { bad.append(k) }
            }
            if let first = bad.first {
                let more = bad.count > 1 ? " (and \(bad.count - 1) more)" : ""
                fail(.badCoordinate, "\(place), position \(first): \(positions[first].text) is not a longitude −180…180 "
                    + "and latitude −90…90\(more)")
            }
            if positions.count < 4 {
                fail(.ringTooShort, "\(place) has \(positions.count) positions; a closed ring needs at least 4")
                return nil
            }
            guard bad.isEmpty else { return nil }
            guard points.first == points.last else {
                fail(.ringNotClosed, "\(place) is not closed: first position \(points[0].geoJSONText) "
                    + "differs from last \(points[points.count - 1].geoJSONText)")
                return nil
            }
            return Ring(points)
        }

        /// Two finite numbers within range; a third (altitude, allowed by RFC 7946) is ignored.
        static func point(_ value: Value) -> GeoPoint? {
            guard case .array(let xs) = value, xs.count == 2 || xs.count == 3 else { return nil }
            var numbers: [Double] = []
            for x in xs {
                guard case .number(let n) = x, n.isFinite else { return nil }
                numbers.append(n)
            }
            let point = GeoPoint(lon: numbers[0], lat: numbers[1])
            return point.isValid ? point : nil
        }
    }
}
