/// The human-readable order code: `<county code>-<local date>-<daily sequence>`,
/// e.g. `370881-20261126-000123`.
public struct OrderCode: Hashable, Sendable, CustomStringConvertible {
    public let county: String
    public let date: CivilDate
    public let sequence: Int

    public init(county: String, date: CivilDate, sequence: Int) {
        self.county = county
        self.date = date
        self.sequence = sequence
    }

    public var dayKey: String {
        let d = date
        return String(format4: d.year) + String(pad2: d.month) + String(pad2: d.day)
    }

    public var description: String {
        var seq = String(sequence)
        if seq.count < 6 { seq = String(repeating: "0", count: 6 - seq.count) + seq }
        return "\(county)-\(dayKey)-\(seq)"
    }
}

extension String {
    init(pad2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
    init(format4 n: Int) {
        let s = String(n)
        self = s.count < 4 ? String(repeating: "0", count: 4 - s.count) + s : s
    }
}

/// Masks personal data for roles that may not see it in full: `13812341234` → `138****1234`.
public enum Masking {
    public static func phone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + "****" + String(chars.suffix(4))
    }

    /// Keeps the region (first 6) and the last 4 characters: `370881********1234`.
    public static func idNumber(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 10) + String(chars.suffix(4))
    }

    /// Keeps the family name: `张三丰` → `张**`.
    public static func name(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
