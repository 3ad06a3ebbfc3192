import Fluent
import Foundation
import HeweiCore
import Yams

/// Loads an organisation (centres, departments) and a category tree from the deployment's YAML files.
/// Everything is checked before anything is written; the import is one transaction.
struct OrganisationImport {
    struct OrgFile: Codable {
        struct Centre: Codable {
            var code: String
            var name: String
            var nameEn: String
            var level: String
            var parent: String?
        }
        struct Department: Codable {
            var code: String
            var name: String
            var nameEn: String
            var level: String?
            var parent: String?
        }
        var centres: [Centre]
        var departments: [Department]
    }

    struct CategoryFile: Codable {
        struct Major: Codable {
            var code: String
            var name: String
            var nameEn: String
            var children: [Minor]
        }
        struct Minor: Codable {
            var code: String
            var name: String
            var nameEn: String
            var unit: String?
            var urgency: String?
            var handling: String?
            /// false: the category needs the requester's contact (no anonymous requests).
            var anonymous: Bool?
        }
        var categories: [Major]
    }

    let org: OrgFile
    let categories: CategoryFile

    static func load(directory: URL) throws -> OrganisationImport {
        let decoder = YAMLDecoder()
        let org = try decoder.decode(OrgFile.self, from: Data(contentsOf: directory.appendingPathComponent("organisation.yaml")))
        let cats = try decoder.decode(CategoryFile.self, from: Data(contentsOf: directory.appendingPathComponent("categories.yaml")))
        return OrganisationImport(org: org, categories: cats)
    }

    static func demo() throws -> OrganisationImport {
        try load(directory: DeploymentFiles.defaultsDirectory().appendingPathComponent("demo"))
    }

    func validate() throws {
        var codes = Set<String>()
        for c in org.centres {
            guard codes.insert(c.code).inserted else { throw HeweiError.invalidField("centres", "duplicate unit code '\(c.code)'") }
            guard ["city", "town", "village"].contains(c.level) else {
                throw HeweiError.invalidField("centres", "'\(c.code)': level must be city, town or village")
            }
            if let p = c.parent, !org.centres.contains(where: { $0.code == p }) {
                throw HeweiError.invalidField("centres", "'\(c.code)': parent '\(p)' is not a centre")
            }
        }
        for d in org.departments {
            guard codes.insert(d.code).inserted else { throw HeweiError.invalidField("departments", "duplicate unit code '\(d.code)'") }
        }
        var categoryCodes = Set<String>()
        for major in categories.categories {
            guard categoryCodes.insert(major.code).inserted else { throw HeweiError.invalidField("categories", "duplicate code '\(major.code)'") }
            for minor in major.children {
                guard categoryCodes.insert(minor.code).inserted else { throw HeweiError.invalidField("categories", "duplicate code '\(minor.code)'") }
                if let u = minor.unit, !codes.contains(u) {
                    throw HeweiError.invalidField("categories", "'\(minor.code)': unknown unit '\(u)'")
                }
                if let u = minor.urgency, Urgency(rawValue: u) == nil {
                    throw HeweiError.invalidField("categories", "'\(minor.code)': urgency must be general, urgent or critical")
                }
                if let h = minor.handling, TimeLimit(parsing: h) == nil {
                    throw HeweiError.invalidField("categories", "'\(minor.code)': '\(h)' is not a time limit")
                }
            }
        }
    }

    /// Writes units and categories (inside the caller's transaction).
    func write(on db: any Database) async throws {
        try validate()
        var ids: [String: UUID] = [:]
        for c in org.centres {
            let unit = UnitModel(id: UUID(), code: c.code, name: c.name, nameEn: c.nameEn, kind: "centre", level: c.level,
                                 parentID: c.parent.flatMap { ids[$0] })
            try await unit.create(on: db)
            ids[c.code] = unit.id
        }
        let city = org.centres.first { $0.level == "city" }.flatMap { ids[$0.code] }
        for d in org.departments {
            let unit = UnitModel(id: UUID(), code: d.code, name: d.name, nameEn: d.nameEn, kind: "department",
                                 level: d.level ?? "city", parentID: d.parent.flatMap { ids[$0] } ?? city)
            try await unit.create(on: db)
            ids[d.code] = unit.id
        }
        for major in categories.categories {
            try await CategoryModel(code: major.code, name: major.name, nameEn: major.nameEn, parentCode: nil,
                                    defaultUnitID: nil, urgency: "general").create(on: db)
            for m in major.children {
                let minor = CategoryModel(code: m.code, name: m.name, nameEn: m.nameEn, parentCode: major.code,
                                        defaultUnitID: m.unit.flatMap { ids[$0] }, urgency: m.urgency ?? "general",
                                        handlingLimit: m.handling)
                minor.allowsAnonymous = m.anonymous
                try await minor.create(on: db)
            }
        }
    }
}
