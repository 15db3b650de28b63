import FluentKit
import SQLKit

/// On SQLite, stores observations in their unique key (`WITHOUT ROWID`): one B-tree instead of a
/// table plus an index over five text columns. Imports write half as much and reads find the
/// value in the key's own page. PostgreSQL keeps its heap and unique index.
struct CompactObservations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await rebuild(database, compact: true)
    }

    func revert(on database: any Database) async throws {
        try await rebuild(database, compact: false)
    }

    /// Copies the observations into a new table of the wanted kind and puts it in place.
    private func rebuild(_ database: any Database, compact: Bool) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        let key = "(table_identifier, region, measure, category, period)"
        try await sql.raw(SQLQueryString("""
            CREATE TABLE observations_rebuilt (
                table_identifier TEXT NOT NULL REFERENCES statistics_tables (identifier) ON DELETE CASCADE,
                measure TEXT NOT NULL,
                region TEXT NOT NULL,
                period TEXT NOT NULL,
                category TEXT NOT NULL,
                value REAL,
                \(unsafeRaw: compact ? "PRIMARY KEY " + key : "UNIQUE " + key)
            )\(unsafeRaw: compact ? " WITHOUT ROWID" : "")
            """)).run()
        try await sql.raw("""
            INSERT INTO observations_rebuilt (table_identifier, measure, region, period, category, value)
            SELECT table_identifier, measure, region, period, category, value FROM observations
            """).run()
        try await sql.raw("DROP TABLE observations").run()
        try await sql.raw("ALTER TABLE observations_rebuilt RENAME TO observations").run()
    }
}
