import FluentKit

struct CreateStatisticsTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statistics_tables")
            .field("identifier", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("category_dimensions", .string, .required)
            .field("source", .string, .required)
            .field("revision", .int, .required)
            .field("observation_count", .int, .required)
            .field("imported_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statistics_tables").delete()
    }
}

struct CreateObservations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("observations")
            .field("table_identifier", .string, .required,
                   .references("statistics_tables", "identifier", onDelete: .cascade))
            .field("measure", .string, .required)
            .field("region", .string, .required)
            .field("period", .string, .required)
            .field("category", .string, .required)
            .field("value", .double)
            .unique(on: "table_identifier", "region", "measure", "category", "period")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("observations").delete()
    }
}
