import FluentKit
import SQLKit

/// An action need not have a status: the `status` column of the action index may be empty.
/// PostgreSQL drops the constraint; SQLite cannot alter a column, so the table is rebuilt with
/// the same columns and copied over (the index holds no data of its own: every row comes from
/// a stored plan document).
struct OptionalActionStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await change(database, required: false)
    }

    func revert(on database: any Database) async throws {
        // Before this migration every action had a status; the old default stands in.
        try await database.query(PlanActionRecord.self).filter(\.$status == nil).set(\.$status, to: "planned").update()
        try await change(database, required: true)
    }

    private func change(_ database: any Database, required: Bool) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name != "sqlite" {
            try await sql.raw("ALTER TABLE plan_actions ALTER COLUMN status \(unsafeRaw: required ? "SET" : "DROP") NOT NULL").run()
            return
        }
        var schema = database.schema("plan_actions_rebuilt")
            .id()
            .field("plan_id", .uuid, .required, .references(PlanRecord.schema, "id", onDelete: .cascade))
            .field("theme_key", .string, .required)
            .field("track_key", .string)
            .field("action_key", .string, .required)
            .field("municipality_code", .string)
            .field("owner_partner_key", .string)
        schema = required ? schema.field("status", .string, .required) : schema.field("status", .string)
        try await schema
            .field("first_year", .int)
            .field("last_year", .int)
            .unique(on: "plan_id", "action_key")
            .create()
        let columns = "id, plan_id, theme_key, track_key, action_key, municipality_code, owner_partner_key, status, first_year, last_year"
        try await sql.raw("INSERT INTO plan_actions_rebuilt (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM plan_actions").run()
        try await sql.raw("DROP TABLE plan_actions").run()
        try await sql.raw("ALTER TABLE plan_actions_rebuilt RENAME TO plan_actions").run()
    }
}
