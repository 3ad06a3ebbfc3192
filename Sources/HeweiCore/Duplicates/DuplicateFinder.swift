import Foundation

/// Likely duplicates of a request (并单候选): same category, near in place, near in time, and
/// similar in wording. Chinese has no spaces between words, so wording is compared as sets of
/// character bigrams (two-character shingles) after dropping punctuation, spaces and digits'
/// formatting — "小区门口路灯不亮" and "门口的路灯一直不亮" share 门口, 路灯, 不亮.
public enum DuplicateFinder {
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var categoryCode: String
        public var createdAt: Date
        public var longitude: Double?
        public var latitude: Double?
        /// The smallest grid cell, when known (a fallback for orders without coordinates).
        public var cell: String?
        public var content: String

        public init(id: String, categoryCode: String, createdAt: Date, longitude: Double?, latitude: Double?, cell: String?, content: String) {
            self.id = id
            self.categoryCode = categoryCode
            self.createdAt = createdAt
            self.longitude = longitude
            self.latitude = latitude
            self.cell = cell
            self.content = content
        }
    }

    public struct Rules: Sendable, Hashable {
        /// How far apart in time (either way).
        public var window: TimeInterval
        /// How far apart in metres, when both have coordinates.
        public var radius: Double
        /// The least bigram similarity (Dice coefficient, 0–1).
        public var minimumSimilarity: Double

        public init(window: TimeInterval = 72 * 3600, radius: Double = 500, minimumSimilarity: Double = 0.3) {
            self.window = window
            self.radius = radius
            self.minimumSimilarity = minimumSimilarity
        }
    }

    public struct Match: Sendable, Hashable {
        public var id: String
        public var similarity: Double
        /// Nil when either has no coordinates (matched by the same cell instead).
        public var distance: Double?
    }

    /// The matches of `target` among `others`, most similar first.
    public static func matches(for target: Candidate, among others: [Candidate], rules: Rules = Rules()) -> [Match] {
        let mine = bigrams(target.content)
        return others.compactMap { o -> Match? in
            guard o.id != target.id, o.categoryCode == target.categoryCode,
                  abs(o.createdAt.timeIntervalSince(target.createdAt)) <= rules.window else { return nil }
            var distance: Double?
            if let a = target.longitude, let b = target.latitude, let c = o.longitude, let d = o.latitude {
                let m = metres(lon1: a, lat1: b, lon2: c, lat2: d)
                guard m <= rules.radius else { return nil }
                distance = m
            } else {
                guard let cell = target.cell, cell == o.cell else { return nil }
            }
            let similarity = dice(mine, bigrams(o.content))
            guard similarity >= rules.minimumSimilarity else { return nil }
            return Match(id: o.id, similarity: similarity, distance: distance)
        }
        .sorted { ($0.similarity, $1.id) > ($1.similarity, $0.id) }
    }

    /// The set of two-character shingles of the text's letters and digits (a one-character text is
    /// its own shingle).
    public static func bigrams(_ text: String) -> Set<String> {
        let chars = text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map { String(Character($0)).lowercased() }
        guard chars.count > 1 else { return Set(chars) }
        return Set((0..<(chars.count - 1)).map { chars[$0] + chars[$0 + 1] })
    }

    /// 2|A∩B| / (|A|+|B|); 0 for two empty sets.
    public static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    public static func metres(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        let r = 6_371_008.8, rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
