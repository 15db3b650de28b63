import FluentKit

struct CreateMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MunicipalityRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("inhabitants", .int)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MunicipalityRecord.schema).delete()
    }
}

struct CreateCollaborations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CollaborationRecord.schema)
            .field("key", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CollaborationRecord.schema).delete()
    }
}

struct CreateCollaborationMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CollaborationMemberRecord.schema)
            .id()
            .field("collaboration_key", .string, .required,
                   .references(CollaborationRecord.schema, "key", onDelete: .cascade))
            .field("municipality_code", .string, .required,
                   .references(MunicipalityRecord.schema, "code", onDelete: .restrict))
            .field("position", .int, .required)
            .unique(on: "collaboration_key", "municipality_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CollaborationMemberRecord.schema).delete()
    }
}
