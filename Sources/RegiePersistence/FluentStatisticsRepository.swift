import FluentKit
import FluentSQL
import FluentSQLiteDriver
import Foundation
import RegieCore
import SQLKit

/// ``StatisticsRepository`` on SQLite or PostgreSQL. Observations are written in large batches
/// without Fluent models (see ``ObservationWriter``): a model per figure would be far too slow for
/// national tables.
public struct FluentStatisticsRepository: StatisticsRepository {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Rows per INSERT statement of titles and codes: 5 bound values each, within SQLite's and
    /// PostgreSQL's limits.
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
                try await sql.delete(from: "statistics_codes").where("table_identifier", .equal, table.identifier).run()
            }
            try await Self.insertCodes(of: table, into: sql)

            let counter = Counter()
            let writer = ObservationWriter(table: table, database: sql)
            try await produce { observations in
                try await writer.write(observations)
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

    /// Reserved dimension names under which region names and measure titles are stored.
    static let regionDimension = "$regio"
    static let measureDimension = "$onderwerp"

    private static func insertCodes(of table: StatisticsTable, into sql: any SQLDatabase) async throws {
        var rows: [[any SQLExpression]] = []
        func add(_ dimension: String, _ code: String, _ title: String, _ unit: String? = nil) {
            rows.append([SQLBind(table.identifier), SQLBind(dimension), SQLBind(code), SQLBind(title), SQLBind(unit)])
        }
        for measure in table.measures { add(measureDimension, measure.key, measure.title, measure.unit) }
        for (dimension, titles) in table.categoryTitles.sorted(by: { $0.key < $1.key }) {
            for (code, title) in titles.sorted(by: { $0.key < $1.key }) { add(dimension, code, title) }
        }
        for (region, name) in table.regionNames.sorted(by: { $0.key < $1.key }) { add(regionDimension, region.rawValue, name) }
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            try await sql.insert(into: "statistics_codes")
                .columns("table_identifier", "dimension", "code", "title", "unit")
                .rows(Array(rows[start..<min(start + rowsPerInsert, rows.count)]))
                .run()
        }
    }

    public func table(_ identifier: String) async throws -> StatisticsTable? {
        guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
        guard let row = try await sql.select().columns("title", "category_dimensions").from("statistics_tables")
            .where("identifier", .equal, identifier).first() else { return nil }
        let dimensions = try row.decode(column: "category_dimensions", as: String.self)
            .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var table = StatisticsTable(identifier: identifier, title: try row.decode(column: "title", as: String.self),
                                    categoryDimensions: dimensions == [""] ? [] : dimensions)
        let codes = try await sql.select().columns("dimension", "code", "title", "unit").from("statistics_codes")
            .where("table_identifier", .equal, identifier).all()
        for code in codes {
            let dimension = try code.decode(column: "dimension", as: String.self)
            let key = try code.decode(column: "code", as: String.self)
            let title = try code.decode(column: "title", as: String.self)
            switch dimension {
            case Self.measureDimension:
                table.measures.append(StatisticsMeasure(key: key, title: title, unit: try code.decode(column: "unit", as: String?.self)))
            case Self.regionDimension:
                if let region = RegionCode(key) { table.regionNames[region] = title }
            default:
                table.categoryTitles[dimension, default: [:]][key] = title
            }
        }
        table.measures.sort { $0.key < $1.key }
        return table
    }

    public func tables() async throws -> [StatisticsTableSummary] {
        guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
        return try await sql.select().columns("identifier", "title", "source", "revision", "observation_count", "imported_at")
            .from("statistics_tables").orderBy("identifier").all().map { row in
                StatisticsTableSummary(identifier: try row.decode(column: "identifier", as: String.self),
                                       title: try row.decode(column: "title", as: String.self),
                                       source: try row.decode(column: "source", as: String.self),
                                       revision: try row.decode(column: "revision", as: Int.self),
                                       observations: try row.decode(column: "observation_count", as: Int.self),
                                       importedAt: try row.decode(column: "imported_at", as: Date.self))
            }
    }

    public func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation] {
        guard let stored = try await self.table(table) else { return [] }
        return try await observations(ObservationQuery(table: table, measure: measure, regions: .codes([region])), in: stored)
            .sorted { ($0.period, $0.category(in: stored)) < ($1.period, $1.category(in: stored)) }
    }

    public func observations(_ query: ObservationQuery) async throws -> [Observation] {
        guard let stored = try await table(query.table) else { return [] }
        return try await observations(query, in: stored)
    }

    private func observations(_ query: ObservationQuery, in stored: StatisticsTable) async throws -> [Observation] {
        guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
        let select = sql.select().columns("region", "period", "category", "value").from("observations")
            .where("table_identifier", .equal, query.table)
            .where("measure", .equal, query.measure)
        switch query.regions {
        case .codes(let regions):
            if regions.isEmpty { return [] }
            select.where("region", .in, regions.map(\.rawValue))
        case .within(let municipality, let level):
            // District and neighbourhood codes start with their municipality's digits; a range
            // keeps the query on the unique index.
            let digits = municipality.rawValue.dropFirst(2)
            select.where("region", .greaterThanOrEqual, level.prefix + digits)
                .where("region", .lessThan, level.prefix + digits + "~")
        case .level(let level):
            select.where("region", .greaterThanOrEqual, level.prefix).where("region", .lessThan, level.prefix + "~")
        }
        if let categories = query.categories {
            if categories.isEmpty { return [] }
            select.where("category", .in, categories)
        }
        let keys = stored.categoryDimensions
        return try await select.all().compactMap { row -> Observation? in
            guard let region = RegionCode(try row.decode(column: "region", as: String.self)),
                  let period = StatisticsPeriod(try row.decode(column: "period", as: String.self)) else { return nil }
            let values = try row.decode(column: "category", as: String.self).split(separator: "|", omittingEmptySubsequences: false)
            var categories: [String: String] = [:]
            for (key, value) in zip(keys, values) where !key.isEmpty { categories[key] = String(value) }
            return Observation(region: region, period: period, categories: categories, measure: query.measure,
                               value: try row.decode(column: "value", as: Double?.self))
        }
    }
}

enum StatisticsStorageError: Error {
    case notSQL
}

/// Writes observations of one table inside the import's transaction, as fast as each database
/// allows without giving up the all-or-nothing import:
/// - SQLite: multi-row INSERTs of ``sqliteRowsPerInsert`` rows, sent through SQLiteNIO with its
///   own value types (SQLKit's per-value encoding costs more than the insert) and the table's
///   identifier bound once per statement as `?1`. While SQLite runs one statement on its thread,
///   the values of the next are prepared; every statement of a batch has finished when
///   ``write(_:)`` returns, so a failure belongs to the batch that caused it.
/// - PostgreSQL: one `INSERT … SELECT … FROM unnest(…)` per batch with one array per column, so a
///   batch is seven bound values whatever its size.
/// - any other SQL database: SQLKit multi-row inserts.
struct ObservationWriter: Sendable {
    let table: StatisticsTable
    let database: any SQLDatabase

    /// 5 values per row plus the identifier. Measured with SQLiteNIO's SQLite: statements of
    /// 1,000 to 5,000 rows cost the same per row; smaller ones more.
    static let sqliteRowsPerInsert = 1_000
    /// Rows per statement on PostgreSQL (arrays).
    static let postgresRowsPerInsert = 10_000
    /// Rows per statement elsewhere (SQLKit rows of 6 bound values).
    static let rowsPerInsert = 1_000

    func write(_ observations: [Observation]) async throws {
        if let sqlite = database as? any SQLiteDatabase {
            var running: EventLoopFuture<[SQLiteRow]>?
            for start in stride(from: 0, to: observations.count, by: Self.sqliteRowsPerInsert) {
                let (sql, binds) = sqliteInsert(observations[start..<min(start + Self.sqliteRowsPerInsert, observations.count)])
                _ = try await running?.get()
                running = sqlite.query(sql, binds)
            }
            _ = try await running?.get()
        } else if database.dialect.name == "postgresql" {
            for start in stride(from: 0, to: observations.count, by: Self.postgresRowsPerInsert) {
                try await writePostgres(observations[start..<min(start + Self.postgresRowsPerInsert, observations.count)])
            }
        } else {
            for start in stride(from: 0, to: observations.count, by: Self.rowsPerInsert) {
                try await writeSQL(observations[start..<min(start + Self.rowsPerInsert, observations.count)])
            }
        }
    }

    private func sqliteInsert(_ chunk: ArraySlice<Observation>) -> (String, [SQLiteData]) {
        var binds: [SQLiteData] = [.text(table.identifier)]
        binds.reserveCapacity(1 + 5 * chunk.count)
        var periods = PeriodCodes()
        for observation in chunk {
            binds.append(.text(observation.measure))
            binds.append(.text(observation.region.rawValue))
            binds.append(.text(periods.code(observation.period)))
            binds.append(.text(category(observation)))
            binds.append(observation.value.map(SQLiteData.float) ?? .null)
        }
        return (chunk.count == Self.sqliteRowsPerInsert ? Self.fullSQLiteInsert : Self.sqliteInsert(rows: chunk.count), binds)
    }

    static let fullSQLiteInsert = sqliteInsert(rows: sqliteRowsPerInsert)

    /// `INSERT … VALUES (?1, ?2, …, ?6), (?1, ?7, …, ?11), …`: numbered variables, so the
    /// table's identifier is bound once.
    static func sqliteInsert(rows: Int) -> String {
        var sql = #"INSERT INTO "observations" ("table_identifier", "measure", "region", "period", "category", "value") VALUES "#
        sql.reserveCapacity(sql.utf8.count + rows * 34)
        for row in 0..<rows {
            let first = 2 + row * 5
            if row > 0 { sql += "," }
            sql += "(?1,?\(first),?\(first + 1),?\(first + 2),?\(first + 3),?\(first + 4))"
        }
        return sql
    }

    private func writePostgres(_ chunk: ArraySlice<Observation>) async throws {
        var measures: [String] = [], regions: [String] = [], periodCodes: [String] = [], categories: [String] = []
        var values: [Double] = [], missing: [Bool] = []
        measures.reserveCapacity(chunk.count)
        regions.reserveCapacity(chunk.count)
        periodCodes.reserveCapacity(chunk.count)
        categories.reserveCapacity(chunk.count)
        values.reserveCapacity(chunk.count)
        missing.reserveCapacity(chunk.count)
        var periods = PeriodCodes()
        for observation in chunk {
            measures.append(observation.measure)
            regions.append(observation.region.rawValue)
            periodCodes.append(periods.code(observation.period))
            categories.append(category(observation))
            values.append(observation.value ?? 0)
            missing.append(observation.value == nil)
        }
        try await database.raw("""
            INSERT INTO observations (table_identifier, measure, region, period, category, value)
            SELECT \(bind: table.identifier), m, r, p, c, CASE WHEN n THEN NULL ELSE v END
            FROM unnest(\(bind: measures)::text[], \(bind: regions)::text[], \(bind: periodCodes)::text[],
                        \(bind: categories)::text[], \(bind: values)::float8[], \(bind: missing)::bool[]) AS t(m, r, p, c, v, n)
            """).run()
    }

    private func writeSQL(_ chunk: ArraySlice<Observation>) async throws {
        var periods = PeriodCodes()
        try await database.insert(into: "observations")
            .columns("table_identifier", "measure", "region", "period", "category", "value")
            .rows(chunk.map { o -> [any SQLExpression] in
                [SQLBind(table.identifier), SQLBind(o.measure), SQLBind(o.region.rawValue),
                 SQLBind(periods.code(o.period)), SQLBind(category(o)), SQLBind(o.value)]
            })
            .run()
    }

    /// The stored category key (``Observation/category(in:)``), without joining for the usual
    /// single category dimension.
    @inline(__always)
    private func category(_ observation: Observation) -> String {
        switch table.categoryDimensions.count {
        case 0: ""
        case 1: observation.categories[table.categoryDimensions[0]] ?? ""
        default: observation.category(in: table)
        }
    }
}

/// Period codes (`2023MM04`) of a batch, formatted once per distinct period.
private struct PeriodCodes {
    private var last: (StatisticsPeriod, String)?
    private var known: [StatisticsPeriod: String] = [:]

    mutating func code(_ period: StatisticsPeriod) -> String {
        if let last, last.0 == period { return last.1 }
        let code = known[period] ?? period.description
        known[period] = code
        last = (period, code)
        return code
    }
}

/// Counts across the concurrency boundary of the store closure.
private actor Counter {
    var value = 0
    func add(_ n: Int) { value += n }
}
