import Fluent
import Foundation
import HeweiCore

/// The reference data pages show in selects: the category tree and the units, grouped for humans.
struct ConsoleCatalog: Sendable {
    struct Category: Sendable {
        let code: String
        let name: String
        let nameEn: String
        let parent: String?
        let urgency: String
        let defaultUnit: String?
        var allowsAnonymous = true

        func label(_ lang: Lang) -> String { "\(code) \(lang.t(name, nameEn))" }
    }

    var categories: [Category]
    var units: [OrgDirectory.Unit]
    /// Active configured channels staff may register requests from (machine channels excluded).
    var channels: [ChannelDirectory.Entry] = []

    static func load(org: OrgDirectory, channels: ChannelDirectory? = nil, on db: any Database) async throws -> ConsoleCatalog {
        let rows = try await CategoryModel.query(on: db).filter(\.$active == true).sort(\.$code).all()
        let categories = rows.map {
            Category(code: $0.code, name: $0.name, nameEn: $0.nameEn, parent: $0.parentCode, urgency: $0.urgency,
                     defaultUnit: org.unit($0.defaultUnitID)?.code, allowsAnonymous: $0.allowsAnonymous ?? true)
        }
        var catalog = ConsoleCatalog(categories: categories, units: org.all)
        catalog.channels = channels?.all.filter(\.active) ?? []
        return catalog
    }

    func category(_ code: String) -> Category? { categories.first { $0.code == code } }

    /// `<optgroup>` per major category with its minor categories; each option carries its default
    /// urgency so that app.js can preselect it.
    func categoryOptions(selected: String?, lang: Lang) -> String {
        categories.filter { $0.parent == nil }.map { major in
            let leaves = categories.filter { $0.parent == major.code }.map { c in
                HTML.option(c.code, c.label(lang), selected: selected, extra: " data-urgency=\"\(HTML.esc(c.urgency))\"")
            }.joined()
            return "<optgroup label=\"\(HTML.esc(major.label(lang)))\">\(leaves)</optgroup>"
        }.joined()
    }

    /// Units grouped as departments, town centres, the city centre and village rooms.
    func unitOptions(selected: String?, lang: Lang, includeVillages: Bool = true) -> String {
        let groups: [(String, (OrgDirectory.Unit) -> Bool)] = [
            (lang.t("职能部门", "Departments"), { $0.kind == "department" }),
            (lang.t("镇街中心", "Town and street centres"), { $0.kind == "centre" && $0.level == "town" }),
            (lang.t("市级中心", "City centre"), { $0.kind == "centre" && $0.level == "city" }),
            (lang.t("村居调解室", "Village mediation rooms"), { $0.kind == "centre" && $0.level == "village" }),
        ]
        return groups.enumerated().compactMap { index, group in
            if index == 3 && !includeVillages { return nil }
            let options = units.filter(group.1).map { HTML.option($0.code, lang.t($0.name, $0.nameEn), selected: selected) }
            return options.isEmpty ? nil : "<optgroup label=\"\(HTML.esc(group.0))\">\(options.joined())</optgroup>"
        }.joined()
    }
}
