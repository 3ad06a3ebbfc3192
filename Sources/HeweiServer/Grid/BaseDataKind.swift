import Foundation

/// The kinds of base data kept per grid cell (人、房、物、组织; 事 are the patrol findings and orders),
/// and the fields of each. Every field is text in the API and in CSV files; `FieldRule` checks it.
enum BaseDataKind: String, CaseIterable, Sendable {
    case residents, buildings, facilities, organisations

    /// The kind's own fields, in CSV column order (after `cellCode`). `name` is shared by all kinds.
    var fields: [FieldSpec] {
        switch self {
        case .residents:
            return [.init("name", .text(50), required: true), .init("idNumber", .idNumber, required: true),
                    .init("phone", .phone), .init("gender", .choice(["male", "female"])), .init("birthYear", .integer(1900...2100)),
                    .init("household", .text(100)), .init("address", .text(300), required: true), .init("tags", .tags)]
        case .buildings:
            return [.init("name", .text(100), required: true), .init("address", .text(300), required: true),
                    .init("type", .choice(["residential", "commercial", "mixed", "public", "industrial", "other"]), required: true),
                    .init("floors", .integer(1...200)), .init("households", .integer(0...100_000))]
        case .facilities:
            return [.init("name", .text(100), required: true), .init("code", .text(40), required: true),
                    .init("classCode", .facilityClass, required: true),
                    .init("status", .choice(["normal", "damaged", "missing", "removed"]), required: true),
                    .init("lon", .longitude), .init("lat", .latitude), .init("address", .text(300))]
        case .organisations:
            return [.init("name", .text(100), required: true),
                    .init("kind", .choice(["enterprise", "individualBusiness", "socialOrganisation", "institution", "government", "other"]),
                          required: true),
                    .init("creditCode", .creditCode), .init("contact", .text(50)), .init("phone", .phone), .init("address", .text(300))]
        }
    }

    /// The CSV header every import file of this kind may use (any order; unknown columns are refused).
    var columns: [String] { ["cellCode"] + fields.map(\.name) + ["active"] }
}

struct FieldSpec: Sendable {
    let name: String
    let rule: FieldRule
    let required: Bool

    init(_ name: String, _ rule: FieldRule, required: Bool = false) {
        self.name = name
        self.rule = rule
        self.required = required
    }
}

enum FieldRule: Sendable {
    case text(Int)
    case choice([String])
    case integer(ClosedRange<Int>)
    case longitude, latitude
    /// 18 characters: 17 digits and a final digit or X (公民身份号码, GB 11643).
    case idNumber
    case phone
    /// 18 characters of the unified social credit code alphabet (GB 32100).
    case creditCode
    /// Major + minor class, 4 digits (GB/T 30428 style): major 01–06 standard, 80–99 local extension.
    case facilityClass
    /// Labels such as 独居老人, 低保, 重点人员, separated by `;` (also `；` or `|`); stored joined by `;`.
    case tags

    /// Standard major classes of facilities (部件大类).
    static let facilityMajors = ["01": "公用设施", "02": "道路交通", "03": "市容环境", "04": "园林绿化", "05": "房屋土地", "06": "其他"]
}
