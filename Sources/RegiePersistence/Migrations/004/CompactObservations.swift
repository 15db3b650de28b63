import FluentKit
import SQLKit

/// On SQLite, stores observations in their unique key (`WITHOUT ROWID`): one B-tree instead of a
/// table plus an index over five text columns. Imports write half as much and reads find the
/// value in the key's own page. PostgreSQL keeps its heap and unique index.
struct CompactObservations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("""
            CREATE TABLE observations_compact (
                table_identifier TEXT NOT NULL REFERENCES statistics_tables (identifier) ON DELETE CASCADE,
                measure TEXT NOT NULL,
                region TEXT NOT NULL,
                period TEXT NOT NULL,
                category TEXT NOT NULL,
                value REAL,
                PRIMARY KEY (table_identifier, region, measure, category, period)
            ) WITHOUT ROWID
            """).run()
        try await sql.raw("""
            INSERT INTO observations_compact (table_identifier, measure, region, period, category, value)
            SELECT table_identifier, measure, region, period, category, value FROM observations
            """).run()
        try await sql.raw("DROP TABLE observations").run()
        try await sql.raw("ALTER TABLE observations_compact RENAME TO observations").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("""
            CREATE TABLE observations_rowid (
                table_identifier TEXT NOT NULL REFERENCES statistics_tables (identifier) ON DELETE CASCADE,
                measure TEXT NOT NULL,
                region TEXT NOT NULL,
                period TEXT NOT NULL,
                category TEXT NOT NULL,
                value REAL,
                UNIQUE (table_identifier, region, measure, category, period)
            )
            """).run()
        try await sql.raw("INSERT INTO observations_rowid SELECT table_identifier, measure, region, period, category, value FROM observations").run()
        try await sql.raw("DROP TABLE observations").run()
        try await sql.raw("ALTER TABLE observations_rowid RENAME TO observations").run()
    }
}
