import FluentKit
import FluentSQL
import Foundation
import RegieCore
import SQLKit

/// ``StatisticsRepository`` on SQLite or PostgreSQL. Observations are written with multi-row
/// SQL inserts (a Fluent model per figure would be far too slow for national tables).
public struct FluentStatisticsRepository: StatisticsRepository {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Rows per INSERT statement: 6 bound values each, within SQLite's and PostgreSQL's limits.
    static let rowsPerInsert = 1_000

    public func replace(_ table: StatisticsTable, source: String,
                        _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        try await database.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
            let previous = try await sql.select().columns("revision", "observation_count").from("statistics_tables")
                .where("identifier", .equal, table.identifier).first()
            let previousRevision = try previous?.decode(column: "revision", as: Int.self)
            let previousCount = try previous?.decode(column: "observation_count", as: Int.self)
            let now = Date()
            if previous == nil {
                try await sql.insert(into: "statistics_tables")
                    .columns("identifier", "title", "category_dimensions", "source", "revision", "observation_count", "imported_at")
                    .values(table.identifier, table.title, table.categoryDimensions.joined(separator: "|"), source, 1, 0, now)
                    .run()
            } else {
                try await sql.delete(from: "observations").where("table_identifier", .equal, table.identifier).run()
            }

            let counter = Counter()
            try await produce { observations in
                for start in stride(from: 0, to: observations.count, by: Self.rowsPerInsert) {
                    let chunk = observations[start..<min(start + Self.rowsPerInsert, observations.count)]
                    try await sql.insert(into: "observations")
                        .columns("table_identifier", "measure", "region", "period", "category", "value")
                        .rows(chunk.map { o -> [any SQLExpression] in
                            [SQLBind(table.identifier), SQLBind(o.measure), SQLBind(o.region.rawValue),
                             SQLBind(o.period.description), SQLBind(o.category(in: table)), SQLBind(o.value)]
                        })
                        .run()
                }
                await counter.add(observations.count)
            }
            let count = await counter.value
            let revision = (previousRevision ?? 0) + 1
            try await sql.update("statistics_tables")
                .set("title", to: table.title)
                .set("category_dimensions", to: table.categoryDimensions.joined(separator: "|"))
                .set("source", to: source)
                .set("revision", to: revision)
                .set("observation_count", to: count)
                .set("imported_at", to: now)
                .where("identifier", .equal, table.identifier)
                .run()
            return StatisticsImportOutcome(revision: revision, observations: count, previousObservations: previousCount)
        }
    }

    public func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation] {
        guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
        guard let dimensions = try await sql.select().column("category_dimensions").from("statistics_tables")
            .where("identifier", .equal, table).first()?.decode(column: "category_dimensions", as: String.self) else { return [] }
        let keys = dimensions.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let stored = StatisticsTable(identifier: table, title: "", categoryDimensions: keys)
        let rows = try await sql.select().columns("period", "category", "value").from("observations")
            .where("table_identifier", .equal, table).where("region", .equal, region.rawValue)
            .where("measure", .equal, measure)
            .all()
        return try rows.compactMap { row -> Observation? in
            guard let period = StatisticsPeriod(try row.decode(column: "period", as: String.self)) else { return nil }
            let values = try row.decode(column: "category", as: String.self).split(separator: "|", omittingEmptySubsequences: false)
            var categories: [String: String] = [:]
            for (key, value) in zip(keys, values) where !key.isEmpty { categories[key] = String(value) }
            return Observation(region: region, period: period, categories: categories, measure: measure,
                               value: try row.decode(column: "value", as: Double?.self))
        }.sorted { ($0.period, $0.category(in: stored)) < ($1.period, $1.category(in: stored)) }
    }
}

enum StatisticsStorageError: Error {
    case notSQL
}

/// Counts across the concurrency boundary of the store closure.
private actor Counter {
    var value = 0
    func add(_ n: Int) { value += n }
}
