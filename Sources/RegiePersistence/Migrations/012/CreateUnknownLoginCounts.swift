import FluentKit

/// Counts of failed logins with unknown names per interval (see ``UnknownLoginCountRecord``).
struct CreateUnknownLoginCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnknownLoginCountRecord.schema)
            .id()
            .field("interval_start", .datetime, .required)
            .field("count", .int, .required)
            .unique(on: "interval_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnknownLoginCountRecord.schema).delete()
    }
}
