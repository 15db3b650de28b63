import FluentKit
import SQLKit

/// Whether a statistics table holds invented example figures (the demo's `voorbeeld-…` tables,
/// issue 13 point 7): `is_example`, false for every table imported before, which were real
/// downloads or are marked again when the demo loads them into an empty database.
struct AddExampleTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statistics_tables")
            .field("is_example", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE statistics_tables DROP COLUMN is_example").run()
    }
}
