import Fluent

struct M001_CreateOrganisation: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(UnitModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("parent_id", .uuid, .references(UnitModel.schema, "id"))
            .field("active", .bool, .required)
            .unique(on: "code")
            .create()
        try await database.schema(CategoryModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("name_en", .string, .required)
            .field("parent_code", .string)
            .field("default_unit_id", .uuid, .references(UnitModel.schema, "id"))
            .field("urgency", .string, .required)
            .field("handling_limit", .string)
            .field("active", .bool, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(CategoryModel.schema).delete()
        try await database.schema(UnitModel.schema).delete()
    }
}
