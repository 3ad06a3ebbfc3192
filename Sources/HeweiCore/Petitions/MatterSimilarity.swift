/// "The same facts and reasons" (同一事实和理由): a normalised wording comparison of two petitions'
/// matters. Text is normalised (width folded, case folded, punctuation, whitespace and digits kept
/// only as letters and numbers), then compared by character bigrams (Dice coefficient).
public enum MatterSimilarity {
    /// At or above this, two matters count as the same.
    public static let sameMatterThreshold = 0.6

    /// Letters and numbers only, lower-cased, full-width ASCII folded to half-width.
    public static func normalise(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            var s = scalar
            if (0xFF01...0xFF5E).contains(s.value), let folded = Unicode.Scalar(s.value - 0xFEE0) { s = folded }
            guard s.properties.isAlphabetic || s.properties.numericType != nil else { continue }
            out.unicodeScalars.append(contentsOf: String(s).lowercased().unicodeScalars)
        }
        return out
    }

    static func bigrams(_ s: String) -> [String: Int] {
        let chars = Array(s)
        guard chars.count > 1 else { return chars.isEmpty ? [:] : [String(chars): 1] }
        var grams: [String: Int] = [:]
        for i in 0..<(chars.count - 1) { grams[String(chars[i...i + 1]), default: 0] += 1 }
        return grams
    }

    /// 0…1: 1 for the same normalised text.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let na = normalise(a), nb = normalise(b)
        if na.isEmpty || nb.isEmpty { return 0 }
        if na == nb { return 1 }
        let ga = bigrams(na), gb = bigrams(nb)
        let common = ga.reduce(0) { $0 + min($1.value, gb[$1.key] ?? 0) }
        let total = ga.values.reduce(0, +) + gb.values.reduce(0, +)
        return total == 0 ? 0 : 2 * Double(common) / Double(total)
    }

    public static func isSameMatter(_ a: String, _ b: String) -> Bool {
        similarity(a, b) >= sameMatterThreshold
    }
}
