import Foundation

/// Checks one record (from a JSON body or a CSV row) against its kind's fields. Returns the cleaned
/// values, or every problem as `field: reason`.
struct BaseDataValidation {
    let kind: BaseDataKind

    struct Problem: Error, Sendable {
        let field: String
        let reason: String
        var description: String { "\(field): \(reason)" }
    }

    func check(_ values: [String: String]) -> (values: [String: String], problems: [Problem]) {
        var clean: [String: String] = [:]
        var problems: [Problem] = []
        for key in values.keys where !kind.columns.contains(key) {
            problems.append(Problem(field: key, reason: "is not a field of \(kind.rawValue)"))
        }
        for spec in kind.fields {
            let raw = (values[spec.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if raw.isEmpty {
                if spec.required { problems.append(Problem(field: spec.name, reason: "is required")) }
                continue
            }
            do { clean[spec.name] = try Self.check(raw, spec.rule) } catch { problems.append(Problem(field: spec.name, reason: error.reason)) }
        }
        if kind == .facilities, (clean["lon"] == nil) != (clean["lat"] == nil) {
            problems.append(Problem(field: clean["lon"] == nil ? "lon" : "lat", reason: "give both lon and lat, or neither"))
        }
        return (clean, problems)
    }

    struct Reason: Error { let reason: String }

    static func check(_ v: String, _ rule: FieldRule) throws(Reason) -> String {
        switch rule {
        case let .text(max):
            guard v.count <= max else { throw Reason(reason: "must be at most \(max) characters") }
            return v
        case let .choice(allowed):
            guard allowed.contains(v) else { throw Reason(reason: "must be one of: \(allowed.joined(separator: ", "))") }
            return v
        case let .integer(range):
            guard let n = Int(v), range.contains(n) else { throw Reason(reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
            return String(n)
        case .longitude, .latitude:
            let limit = rule.isLongitude ? 180.0 : 90.0
            guard let d = Double(v), abs(d) <= limit else { throw Reason(reason: "must be a number between -\(Int(limit)) and \(Int(limit))") }
            return v
        case .idNumber:
            let chars = Array(v.uppercased())
            guard chars.count == 18, chars.prefix(17).allSatisfy(\.isASCIIDigit), chars[17].isASCIIDigit || chars[17] == "X" else {
                throw Reason(reason: "must be 18 characters: 17 digits and a final digit or X")
            }
            return String(chars)
        case .phone:
            let allowed = CharacterSet(charactersIn: "0123456789-+ ")
            guard (5...20).contains(v.count), v.unicodeScalars.allSatisfy(allowed.contains) else {
                throw Reason(reason: "must be a phone number of 5 to 20 digits")
            }
            return v
        case .creditCode:
            let alphabet = Set("0123456789ABCDEFGHJKLMNPQRTUWXY")
            let code = v.uppercased()
            guard code.count == 18, code.allSatisfy(alphabet.contains) else {
                throw Reason(reason: "must be an 18-character unified social credit code")
            }
            return code
        case .facilityClass:
            let major = String(v.prefix(2)), minor = Int(v.dropFirst(2)) ?? 0
            guard v.count == 4, v.allSatisfy(\.isASCIIDigit), FieldRule.facilityMajors[major] != nil || (80...99).contains(Int(major) ?? 0),
                  minor >= 1 else {
                throw Reason(reason: "must be 4 digits: a major class 01–06 (or 80–99, local) and a minor class 01–99")
            }
            return v
        case .tags:
            let tags = v.split(whereSeparator: { ";；|".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard tags.allSatisfy({ $0.count <= 20 }), tags.count <= 20 else { throw Reason(reason: "at most 20 tags of at most 20 characters") }
            return tags.joined(separator: ";")
        }
    }
}

private extension FieldRule {
    var isLongitude: Bool { if case .longitude = self { return true } else { return false } }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
