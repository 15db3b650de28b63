import FluentKit

/// Titles of a table's codes: category keys per dimension, region names and measure titles,
/// so pages can say "Diefstal/inbraak woning" and "Centrum" instead of `1.1.1` and `WK003701`.
struct CreateStatisticsCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("statistics_codes")
            .field("table_identifier", .string, .required,
                   .references("statistics_tables", "identifier", onDelete: .cascade))
            .field("dimension", .string, .required)
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("unit", .string)
            .unique(on: "table_identifier", "dimension", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("statistics_codes").delete()
    }
}
