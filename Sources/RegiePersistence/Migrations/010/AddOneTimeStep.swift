import FluentKit

/// The time step of the last one-time code each account used, so a code works only once.
struct AddOneTimeStep: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccountRecord.schema).field("totp_last_step", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountRecord.schema).deleteField("totp_last_step").update()
    }
}
