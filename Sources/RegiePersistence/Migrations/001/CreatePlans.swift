import FluentKit

struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema)
            .id()
            .field("key", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("owner_name", .string, .required)
            .field("owner_municipality_code", .string,
                   .references(MunicipalityRecord.schema, "code", onDelete: .restrict))
            .field("owner_collaboration_key", .string,
                   .references(CollaborationRecord.schema, "key", onDelete: .restrict))
            .field("first_year", .int, .required)
            .field("last_year", .int, .required)
            .field("status", .string, .required)
            .field("document", .string, .required)
            .field("revision", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema).delete()
    }
}

struct CreatePlanActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanActionRecord.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(PlanRecord.schema, "id", onDelete: .cascade))
            .field("theme_key", .string, .required)
            .field("track_key", .string)
            .field("action_key", .string, .required)
            .field("municipality_code", .string)
            .field("owner_partner_key", .string)
            .field("status", .string, .required)
            .field("first_year", .int)
            .field("last_year", .int)
            .unique(on: "plan_id", "action_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanActionRecord.schema).delete()
    }
}
