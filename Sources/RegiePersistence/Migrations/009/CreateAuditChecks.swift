import FluentKit

/// The verified-up-to marker of the audit chain (see ``AuditCheckRecord``).
struct CreateAuditChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditCheckRecord.schema)
            .id()
            .field("verified_through", .int, .required)
            .field("hash", .string, .required)
            .field("checked_at", .datetime, .required)
            .field("full_check_at", .datetime, .required)
            .field("mac", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditCheckRecord.schema).delete()
    }
}
