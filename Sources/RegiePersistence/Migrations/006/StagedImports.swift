import FluentKit
import SQLKit

/// Imports are written into a staging area and switched in at the end (see
/// ``FluentStatisticsRepository``): a table's figures live under a data key, and the table row
/// says which data key is published.
/// - `data_key`: for a published table, the key its observations and codes are stored under
///   (until now always the table's own identifier).
/// - `staging_of`: for the row of an import in progress (or of a published data set), the table
///   it belongs to; such rows are not tables of their own and are never listed.
struct StagedImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema("statistics_tables").field("data_key", .string).update()
        try await database.schema("statistics_tables").field("staging_of", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("UPDATE statistics_tables SET data_key = identifier").run()
    }

    /// Puts every published data set back under its table's identifier and removes the rest.
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // Imports that never switched in.
        try await sql.raw("""
            DELETE FROM statistics_tables WHERE staging_of IS NOT NULL
              AND identifier NOT IN (SELECT data_key FROM statistics_tables WHERE data_key IS NOT NULL)
            """).run()
        let moved = try await sql.raw("""
            SELECT identifier, data_key FROM statistics_tables
            WHERE staging_of IS NULL AND data_key IS NOT NULL AND data_key <> identifier
            """).all()
        for row in moved {
            let identifier = try row.decode(column: "identifier", as: String.self)
            let key = try row.decode(column: "data_key", as: String.self)
            for table in ["observations", "statistics_codes"] {
                try await sql.delete(from: table).where("table_identifier", .equal, identifier).run()
                try await sql.update(table).set("table_identifier", to: identifier).where("table_identifier", .equal, key).run()
            }
            try await sql.delete(from: "statistics_tables").where("identifier", .equal, key).run()
        }
        try await sql.raw("ALTER TABLE statistics_tables DROP COLUMN staging_of").run()
        try await sql.raw("ALTER TABLE statistics_tables DROP COLUMN data_key").run()
    }
}
