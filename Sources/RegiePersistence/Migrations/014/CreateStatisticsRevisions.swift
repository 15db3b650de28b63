import FluentKit
import SQLKit

/// The history of a statistics table: one row per download (revision) with how it was read in
/// and what it changed, and every figure a revision changed with its old and new value.
/// Tables imported before get one row for their current revision, without counts.
struct CreateStatisticsRevisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statistics_revisions")
            .field("table_identifier", .string, .required)
            .field("revision", .int, .required)
            // The key the revision's figures were stored under; its changes are recorded by it.
            .field("data_key", .string, .required)
            // "aanvullen" or "vervangen"; nil for imports from before this migration.
            .field("mode", .string)
            .field("source", .string, .required)
            .field("imported_at", .datetime, .required)
            .field("observation_count", .int, .required)
            .field("added", .int)
            .field("revised", .int)
            .field("unchanged", .int)
            .field("kept", .int)
            .field("removed", .int)
            // The periods of the file, comma-separated codes.
            .field("periods", .string, .required)
            .unique(on: "table_identifier", "revision")
            .create()
        try await database.schema("statistics_revision_changes")
            .field("data_key", .string, .required)
            .field("measure", .string, .required)
            .field("region", .string, .required)
            .field("period", .string, .required)
            .field("category", .string, .required)
            .field("old_value", .double)
            .field("new_value", .double)
            .unique(on: "data_key", "region", "measure", "category", "period")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO statistics_revisions (table_identifier, revision, data_key, source, imported_at, observation_count, periods)
            SELECT identifier, revision, COALESCE(data_key, identifier), source, imported_at, observation_count, ''
            FROM statistics_tables WHERE staging_of IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statistics_revision_changes").delete()
        try await database.schema("statistics_revisions").delete()
    }
}
