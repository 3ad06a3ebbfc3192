import Fluent
import Foundation
import HeweiCore
import Vapor

/// `/api/v1/units` and `/api/v1/categories`: the organisation and the category tree.
struct ReferenceController: RouteCollection {
    struct UnitDTO: Content {
        var code: String
        var name: String
        var nameEn: String
        var kind: String
        var level: String
        var parent: String?
    }

    struct CategoryDTO: Content {
        var code: String
        var name: String
        var nameEn: String
        var parent: String?
        var defaultUnit: String?
        var urgency: String
        var handlingLimit: String?
        /// False: requests of this category must name the requester.
        var allowsAnonymous: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("units", use: units)
        routes.get("categories", use: categories)
    }

    func units(req: Request) async throws -> [UnitDTO] {
        try req.principal().require(.reference, .read)
        let org = req.hewei.org
        return org.all.map { UnitDTO(code: $0.code, name: $0.name, nameEn: $0.nameEn, kind: $0.kind, level: $0.level,
                                     parent: org.unit($0.parentID)?.code) }
    }

    func categories(req: Request) async throws -> [CategoryDTO] {
        try req.principal().require(.reference, .read)
        let org = req.hewei.org
        return try await CategoryModel.query(on: req.db).filter(\.$active == true).sort(\.$code).all().map {
            CategoryDTO(code: $0.code, name: $0.name, nameEn: $0.nameEn, parent: $0.parentCode,
                        defaultUnit: org.unit($0.defaultUnitID)?.code, urgency: $0.urgency, handlingLimit: $0.handlingLimit,
                        allowsAnonymous: $0.allowsAnonymous ?? true)
        }
    }
}
