import FluentKit

/// The scheme of each audit entry's hash: 1 (SHA-256) for every entry written before, 2 (HMAC-SHA256
/// with the audit key) for new ones. Old entries keep their hashes and stay verifiable.
struct AddAuditScheme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).field("scheme", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditRecord.schema).deleteField("scheme").update()
    }
}
