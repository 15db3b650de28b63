import FluentKit
import FluentSQL
import FluentPostgresDriver
import FluentSQLiteDriver
import PostgresNIO
import SQLiteNIO
import Foundation
import RegieCore
import SQLKit

/// ``StatisticsRepository`` on SQLite or PostgreSQL. Observations are written in large batches
/// without Fluent models (see ``ObservationWriter``): a model per figure would be far too slow for
/// national tables.
public struct FluentStatisticsRepository: StatisticsRepository {
    let database: any Database
    /// A session on one connection, set inside ``reading(_:)``.
    private let session: (any SQLDatabase)?
    /// Observations an import writes per transaction into its staging area: large enough that
    /// committing (a sync of the file each time) costs little, small enough that the write lock
    /// is held for a fraction of a second.
    let rowsPerTransaction: Int

    public init(database: any Database, rowsPerTransaction: Int = Self.defaultRowsPerTransaction) {
        self.database = database
        self.session = nil
        self.rowsPerTransaction = max(rowsPerTransaction, 1)
    }

    private init(database: any Database, session: any SQLDatabase) {
        self.database = database
        self.session = session
        self.rowsPerTransaction = Self.defaultRowsPerTransaction
    }

    /// Measured with scripts/benchmark-import.py (1M rows) beside a process that writes every
    /// 20 ms: at 50,000 its writes waited at most about a third of a second; at 20,000 not much
    /// less, for an import a fifth slower.
    public static let defaultRowsPerTransaction = 50_000

    /// The database for reads: the session when there is one. SQLite through a pooled
    /// connection hands every row to the event loop separately; on one connection's session the
    /// rows come back in one go, several times faster for analyses that read thousands of rows.
    private var reader: any SQLDatabase {
        get throws {
            if let session { return session }
            guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
            return sql
        }
    }

    public func reading<T: Sendable>(_ body: @escaping @Sendable (any StatisticsRepository) async throws -> T) async throws -> T {
        guard session == nil, let sql = database as? any SQLDatabase else { return try await body(self) }
        let database = self.database
        return try await sql.withSession { session in
            try await body(FluentStatisticsRepository(database: database, session: session))
        }
    }

    /// Rows per INSERT statement of titles and codes: 5 bound values each, within SQLite's and
    /// PostgreSQL's limits.
    static let rowsPerInsert = 1_000

    public func store(_ table: StatisticsTable, source: String, mode: StatisticsImportMode,
                      _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        guard let sql = database as? any SQLDatabase else { throw StatisticsStorageError.notSQL }
        let database = self.database
        // What is published now: the switch at the end only goes ahead when it still is.
        let before = try await Self.refusing { try await Self.published(table.identifier, on: sql) }
        if mode == .addUp, let before, before.dimensions != table.categoryDimensions {
            throw StatisticsStoreFailure.otherDimensions(stored: before.dimensions, file: table.categoryDimensions)
        }
        try await Self.refusing { try await Self.removeLeftovers(of: table.identifier, on: database) }
        let staging = Self.newDataKey()
        let now = Date()
        try await Self.refusing {
            try await database.writeTransaction { db in
                try await (db as! any SQLDatabase).insert(into: "statistics_tables")
                    .columns("identifier", "title", "category_dimensions", "source", "revision", "observation_count", "imported_at", "staging_of", "is_example")
                    .values(staging, table.title, table.categoryDimensions.joined(separator: "|"), source, 0, 0, now, table.identifier, table.isExample)
                    .run()
            }
        }
        let counter = Counter()
        let seen = Seen()
        let pending = Pending()
        let limit = rowsPerTransaction
        // One short transaction per few batches: readers and other writers (saves in the
        // browser) get their turn in between.
        let write: @Sendable ([Observation]) async throws -> Void = { observations in
            guard !observations.isEmpty else { return }
            do {
                try await database.stagingTransaction { db in
                    let sql = db as! any SQLDatabase
                    try await ObservationWriter(table: table, dataKey: staging, database: sql).write(observations)
                    try await sql.update("statistics_tables").set("imported_at", to: Date())
                        .where("identifier", .equal, staging).run()
                }
            } catch {
                throw await Self.explain(error, storing: observations, table: table, under: staging, on: sql)
            }
            await counter.add(observations.count)
            // SQLite lets whoever asks first write next; a short pause lets a waiting save in.
            try? await Task.sleep(for: .milliseconds(2))
        }
        var changes = StatisticsRevisionCounts()
        var total = 0
        var newPeriods: [StatisticsPeriod] = []
        var newRegions = 0
        let fileCount: Int
        let periods: [StatisticsPeriod]
        do {
            try await Self.refusing { try await Self.insertCodes(of: table, under: staging, on: database) }
            try await produce { observations in
                await seen.add(observations)
                try await pending.add(observations, limit: limit, write: write)
            }
            try await pending.finish(write: write)
            fileCount = await counter.value
            periods = await seen.periods.sorted()
            changes.added = fileCount
            total = fileCount
            if let before {
                // What the file repeats, revises and adds, found by the database; the revised
                // figures are recorded under the new data key.
                let compared = try await Self.refusing { try await Self.compare(staging, with: before.dataKey, on: sql) }
                changes.revised = compared.revised
                changes.unchanged = compared.matched - compared.revised
                changes.added = fileCount - compared.matched
                if compared.revised > 0 {
                    try await Self.refusing { try await Self.recordChanges(staging, against: before.dataKey, on: database, rows: limit) }
                }
                if mode == .addUp {
                    if compared.matched < before.count {
                        try await Self.refusing { try await Self.copyUnrepeated(from: before.dataKey, into: staging, on: database, rows: limit) }
                    }
                    total = try await Self.refusing { try await Self.count("observations", column: "table_identifier", staging, on: sql) }
                    changes.kept = total - fileCount
                } else {
                    changes.removed = before.count - compared.matched
                }
                let stored = try await Self.refusing { try await Self.distinctKeys(of: before.dataKey, on: sql) }
                newPeriods = periods.filter { !stored.periods.contains($0.description) }
                newRegions = await seen.regions.subtracting(stored.regions).count
            } else {
                newPeriods = periods
                newRegions = await seen.regions.count
            }
        } catch {
            await pending.settle()
            try? await Self.removeData(staging, keepingRow: false, on: database)
            throw error
        }
        let counts = changes, count = total, periodsAdded = newPeriods, regionsAdded = newRegions
        // Two first imports of one table at once: the second insert of the table's row fails.
        let outcome = try await Self.refusing(duplicate: .concurrentImport) { try await database.writeTransaction { db -> StatisticsImportOutcome in
            let sql = db as! any SQLDatabase
            let current = try await Self.published(table.identifier, on: sql, locking: true)
            let stagingLeft = try await sql.select().column("identifier").from("statistics_tables")
                .where("identifier", .equal, staging).first()
            guard current?.dataKey == before?.dataKey, current?.revision == before?.revision, stagingLeft != nil else {
                throw StatisticsStoreFailure.concurrentImport
            }
            let revision = (current?.revision ?? 0) + 1
            // A file without a title of its own (its identifier instead) keeps the stored title.
            let title = mode == .addUp && table.title == table.identifier ? current?.title ?? table.title : table.title
            if current == nil {
                try await sql.insert(into: "statistics_tables")
                    .columns("identifier", "title", "category_dimensions", "source", "revision", "observation_count", "imported_at", "data_key", "is_example")
                    .values(table.identifier, title, table.categoryDimensions.joined(separator: "|"), source, revision, count, Date(), staging, table.isExample)
                    .run()
            } else {
                try await sql.update("statistics_tables")
                    .set("title", to: title)
                    .set("category_dimensions", to: table.categoryDimensions.joined(separator: "|"))
                    .set("source", to: source)
                    .set("revision", to: revision)
                    .set("observation_count", to: count)
                    .set("imported_at", to: Date())
                    .set("data_key", to: staging)
                    .set("is_example", to: table.isExample)
                    .where("identifier", .equal, table.identifier)
                    .run()
            }
            try await sql.insert(into: "statistics_revisions")
                .columns("table_identifier", "revision", "data_key", "mode", "source", "imported_at", "observation_count",
                         "added", "revised", "unchanged", "kept", "removed", "periods")
                .values(table.identifier, revision, staging, mode.rawValue, source, Date(), count,
                        counts.added, counts.revised, counts.unchanged, counts.kept, counts.removed,
                        periods.map(\.description).joined(separator: ","))
                .run()
            return StatisticsImportOutcome(revision: revision, observations: count, previousObservations: current?.count, mode: mode,
                                           changes: counts, periods: periods, newPeriods: periodsAdded, newRegions: regionsAdded)
        } }
        // The previous figures are no longer read by anyone who starts reading now; remove them
        // in short steps. Whatever a killed process leaves, the next import removes.
        if let old = before?.dataKey {
            try? await Self.removeData(old, keepingRow: old == table.identifier, on: database)
        }
        return outcome
    }

    /// How two column values differ, NULL included: PostgreSQL's `IS DISTINCT FROM`, SQLite's `IS NOT`.
    private static func distinct(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "postgresql" ? "IS DISTINCT FROM" : "IS NOT"
    }

    /// The join of a staged figure `s` with the stored figure `o` of the same key.
    private static let sameFigure = "o.region = s.region AND o.measure = s.measure AND o.category = s.category AND o.period = s.period"

    /// How many figures staged under `staging` the data stored under `stored` holds, and how
    /// many of those with another value. A read: it takes no write lock.
    private static func compare(_ staging: String, with stored: String, on sql: any SQLDatabase) async throws -> (matched: Int, revised: Int) {
        let row = try await sql.raw("""
            SELECT COUNT(*) AS matched, COALESCE(SUM(CASE WHEN s.value \(unsafeRaw: distinct(sql)) o.value THEN 1 ELSE 0 END), 0) AS revised
            FROM observations s JOIN observations o ON o.table_identifier = \(bind: stored) AND \(unsafeRaw: sameFigure)
            WHERE s.table_identifier = \(bind: staging)
            """).first()
        return (try row?.decode(column: "matched", as: Int.self) ?? 0, try row?.decode(column: "revised", as: Int.self) ?? 0)
    }

    /// Records every figure staged under `staging` that `stored` holds with another value, one
    /// stretch of regions (about `rows` figures) per transaction.
    private static func recordChanges(_ staging: String, against stored: String, on database: any Database, rows: Int) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for stretch in try await regionStretches(of: staging, rows: rows, on: sql) {
            try await database.stagingTransaction { db in
                try await (db as! any SQLDatabase).raw("""
                    INSERT INTO statistics_revision_changes (data_key, measure, region, period, category, old_value, new_value)
                    SELECT s.table_identifier, s.measure, s.region, s.period, s.category, o.value, s.value
                    FROM observations s JOIN observations o ON o.table_identifier = \(bind: stored) AND \(unsafeRaw: sameFigure)
                    WHERE s.table_identifier = \(bind: staging) AND s.value \(unsafeRaw: distinct(sql)) o.value\(stretch.condition(on: "s.region"))
                    """).run()
            }
        }
    }

    /// Copies the figures and code titles stored under `stored` that the staged file does not
    /// repeat into `staging`, one stretch of regions (about `rows` figures) per transaction: a
    /// download that is added up keeps what earlier downloads brought, and a save in the browser
    /// never waits long for the write lock.
    private static func copyUnrepeated(from stored: String, into staging: String, on database: any Database, rows: Int) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for stretch in try await regionStretches(of: stored, rows: rows, on: sql) {
            try await database.stagingTransaction { db in
                try await (db as! any SQLDatabase).raw("""
                    INSERT INTO observations (table_identifier, measure, region, period, category, value)
                    SELECT \(bind: staging), o.measure, o.region, o.period, o.category, o.value FROM observations o
                    WHERE o.table_identifier = \(bind: stored)\(stretch.condition(on: "o.region")) AND NOT EXISTS (
                        SELECT 1 FROM observations s WHERE s.table_identifier = \(bind: staging) AND \(unsafeRaw: sameFigure))
                    """).run()
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        try await database.stagingTransaction { db in
            try await (db as! any SQLDatabase).raw("""
                INSERT INTO statistics_codes (table_identifier, dimension, code, title, unit)
                SELECT \(bind: staging), o.dimension, o.code, o.title, o.unit FROM statistics_codes o
                WHERE o.table_identifier = \(bind: stored) AND NOT EXISTS (
                    SELECT 1 FROM statistics_codes s WHERE s.table_identifier = \(bind: staging)
                    AND s.dimension = o.dimension AND s.code = o.code)
                """).run()
        }
    }

    /// A stretch of region codes: from `lower` (inclusive) up to `upper` (exclusive); nil is open.
    struct RegionStretch {
        var lower: String?
        var upper: String?

        /// The stretch as SQL conditions on `column`, each starting with AND; empty when open.
        func condition(on column: String) -> SQLQueryString {
            var text = SQLQueryString("")
            if let lower { text = text + " AND \(unsafeRaw: column) >= \(bind: lower)" }
            if let upper { text = text + " AND \(unsafeRaw: column) < \(bind: upper)" }
            return text
        }
    }

    /// Cuts the regions stored under `key` into stretches of about `rows` figures (a single larger
    /// region is a stretch of its own), walking the key's index.
    static func regionStretches(of key: String, rows: Int, on sql: any SQLDatabase) async throws -> [RegionStretch] {
        var bounds: [String] = []
        while true {
            let select = sql.select().column("region").from("observations").where("table_identifier", .equal, key)
            if let last = bounds.last { select.where("region", .greaterThan, last) }
            // The region `rows` figures on, or (after a region of more figures) simply the next one.
            guard let next = try await select.orderBy("region").limit(1).offset(bounds.isEmpty ? rows : rows - 1).first()?
                .decode(column: "region", as: String.self) else { break }
            bounds.append(next)
        }
        guard !bounds.isEmpty else { return [RegionStretch(lower: nil, upper: nil)] }
        var stretches = [RegionStretch(lower: nil, upper: bounds[0])]
        for (lower, upper) in zip(bounds, bounds.dropFirst()) { stretches.append(RegionStretch(lower: lower, upper: upper)) }
        stretches.append(RegionStretch(lower: bounds[bounds.count - 1], upper: nil))
        return stretches
    }

    /// The number of rows of `table` whose `column` is `key`.
    private static func count(_ table: String, column: String, _ key: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(table).where(SQLColumn(column), .equal, SQLBind(key)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The distinct period and region codes stored under a data key.
    private static func distinctKeys(of key: String, on sql: any SQLDatabase) async throws -> (periods: Set<String>, regions: Set<RegionCode>) {
        var periods: Set<String> = [], regions: Set<RegionCode> = []
        for row in try await sql.select().distinct().column("period").from("observations").where("table_identifier", .equal, key).all() {
            periods.insert(try row.decode(column: "period", as: String.self))
        }
        for row in try await sql.select().distinct().column("region").from("observations").where("table_identifier", .equal, key).all() {
            if let region = RegionCode(try row.decode(column: "region", as: String.self)) { regions.insert(region) }
        }
        return (periods, regions)
    }

    /// Runs a database step, turning what the database throws into a ``StatisticsStoreFailure``.
    private static func refusing<T>(duplicate: StatisticsStoreFailure = .other("unique"), _ step: () async throws -> T) async throws -> T {
        do { return try await step() } catch let failure as StatisticsStoreFailure { throw failure } catch {
            switch classify(error) {
            case .failure(let failure): throw failure
            case .duplicate: throw duplicate
            }
        }
    }

    /// What kind of refusal a database error is. Only its kind is kept; its text may hold SQL.
    enum Refusal {
        case duplicate
        case failure(StatisticsStoreFailure)
    }

    static func classify(_ error: any Error) -> Refusal {
        if let failure = error as? StatisticsStoreFailure { return .failure(failure) }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .constraintForeignKeyFailed: return .failure(.concurrentImport)
            case .constraint where sqlite.message.contains("FOREIGN KEY"):
                // The staging row is gone: another import of the same table removed it.
                return .failure(.concurrentImport)
            case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed: return .duplicate
            case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .lockedBySharedCache: return .failure(.busy)
            case .full: return .failure(.full)
            case .readOnly, .readonlyCantLock, .readonlyDirectory, .readonlyInRecovery, .readonlyInRollback, .readonlyBackingMoved, .permission, .cantOpen:
                return .failure(.readOnly)
            default: return .failure(.other("SQLite \(sqlite.reason)"))
            }
        }
        if let postgres = error as? PSQLError {
            switch postgres.code {
            case .server:
                let state = postgres.serverInfo?[.sqlState] ?? ""
                switch state {
                case "23505": return .duplicate
                case "23503": return .failure(.concurrentImport)
                case "53100": return .failure(.full)
                case "55P03", "40P01", "57014": return .failure(.busy)
                case "25006", "42501": return .failure(.readOnly)
                default: return .failure(.other("PostgreSQL \(state)"))
                }
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
                return .failure(.unavailable)
            default:
                return .failure(.other("PostgreSQL \(postgres.code)"))
            }
        }
        let kind = String(describing: type(of: error))
        if kind.contains("ConnectionPool") { return .failure(.busy) }
        return .failure(.other(kind))
    }

    /// Starts the data key of a staged import; table identifiers never contain it.
    static let stagingMark = "~"

    /// A new data key: `~` and eight random letters and digits. Short on purpose: on SQLite the
    /// key is part of every stored figure's key (a table's own identifier is no longer; a UUID
    /// made the database a third larger and the import as much slower). Which table it belongs
    /// to is in its row's `staging_of`.
    static func newDataKey() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return stagingMark + String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The published row of a table: where its data is, its revision, count, title and dimensions.
    struct Published {
        var dataKey: String
        var revision: Int
        var count: Int
        var title: String
        var dimensions: [String]
    }

    /// The published row of a table. With `locking`, the row stays locked until the transaction
    /// ends (PostgreSQL; SQLite's write transactions are exclusive anyway).
    private static func published(_ identifier: String, on sql: any SQLDatabase, locking: Bool = false) async throws -> Published? {
        let select = sql.select().columns("data_key", "revision", "observation_count", "title", "category_dimensions").from("statistics_tables")
            .where("identifier", .equal, identifier).where(SQLColumn("staging_of"), .is, SQLLiteral.null)
        if locking { select.for(.update) }
        guard let row = try await select.first() else { return nil }
        let dimensions = try row.decode(column: "category_dimensions", as: String.self)
            .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return Published(dataKey: try row.decodeNil(column: "data_key") ? identifier : try row.decode(column: "data_key", as: String.self),
                         revision: try row.decode(column: "revision", as: Int.self), count: try row.decode(column: "observation_count", as: Int.self),
                         title: try row.decode(column: "title", as: String.self), dimensions: dimensions == [""] ? [] : dimensions)
    }

    /// The key the published data of `identifier` is stored under; nil when there is no such table.
    static func publishedKey(_ identifier: String, on sql: any SQLDatabase) async throws -> String? {
        try await published(identifier, on: sql)?.dataKey
    }

    /// Removes what killed or failed imports left: staged data of this table that was never
    /// switched in, staged data of other tables whose import has not written for an hour (a
    /// running import writes every few seconds), and figures of an earlier revision of this
    /// table that were not removed yet.
    static func removeLeftovers(of identifier: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let abandoned = try await sql.raw("""
            SELECT identifier, staging_of, imported_at FROM statistics_tables
            WHERE staging_of IS NOT NULL
              AND identifier NOT IN (SELECT data_key FROM statistics_tables WHERE data_key IS NOT NULL)
            """).all()
        let idle = Date().addingTimeInterval(-3600)
        for row in abandoned {
            let key = try row.decode(column: "identifier", as: String.self)
            let owner = try row.decode(column: "staging_of", as: String.self)
            let written = try row.decode(column: "imported_at", as: Date.self)
            if owner == identifier || written < idle {
                try await removeData(key, keepingRow: false, on: database)
            }
        }
        // Published data sets of this table other than the current one (a removal cut short).
        let current = try await published(identifier, on: sql)?.dataKey
        let superseded = try await sql.select().column("identifier").from("statistics_tables")
            .where("staging_of", .equal, identifier).all()
            .map { try $0.decode(column: "identifier", as: String.self) }
            .filter { $0 != current }
        for key in superseded { try await removeData(key, keepingRow: false, on: database) }
        if let current, current != identifier {
            try await removeData(identifier, keepingRow: true, on: database)
        }
    }

    /// Rows removed per transaction when a data set is cleared.
    static let rowsPerDelete = 20_000

    /// Deletes the observations and codes stored under `key` in short transactions, then the
    /// staging row itself unless `keepingRow` (the table's own row, for data stored before
    /// imports were staged).
    static func removeData(_ key: String, keepingRow: Bool, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        if !postgres { try await removeObservationsByRange(key, on: database) }
        for table in postgres ? ["observations", "statistics_codes"] : ["statistics_codes"] {
            while true {
                let deleted = try await database.writeTransaction { db -> Int in
                    let sql = db as! any SQLDatabase
                    // PostgreSQL addresses rows by ctid, SQLite's codes by rowid.
                    let query: SQLQueryString = postgres
                        ? "DELETE FROM \(ident: table) WHERE ctid IN (SELECT ctid FROM \(ident: table) WHERE table_identifier = \(bind: key) LIMIT \(unsafeRaw: String(rowsPerDelete))) RETURNING 1 AS gone"
                        : "DELETE FROM statistics_codes WHERE rowid IN (SELECT rowid FROM statistics_codes WHERE table_identifier = \(bind: key) LIMIT \(unsafeRaw: String(rowsPerDelete))) RETURNING 1 AS gone"
                    return try await sql.raw(query).all().count
                }
                if deleted < rowsPerDelete { break }
            }
        }
        // Changes recorded by an import that was never switched in; a revision's own stay.
        try await database.writeTransaction { db in
            try await (db as! any SQLDatabase).raw("""
                DELETE FROM statistics_revision_changes WHERE data_key = \(bind: key)
                AND NOT EXISTS (SELECT 1 FROM statistics_revisions r WHERE r.data_key = \(bind: key))
                """).run()
        }
        if !keepingRow {
            try await database.writeTransaction { db in
                try await (db as! any SQLDatabase).delete(from: "statistics_tables").where("identifier", .equal, key)
                    .where(SQLColumn("staging_of"), .isNot, SQLLiteral.null).run()
            }
        }
    }

    /// SQLite's observations live in their key (table, region, …; WITHOUT ROWID): they are
    /// removed in ranges of regions of about ``rowsPerDelete`` rows, each range one delete of
    /// a stretch of the key in a transaction of its own.
    private static func removeObservationsByRange(_ key: String, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        while let first = try await sql.select().column("region").from("observations")
            .where("table_identifier", .equal, key).orderBy("region").limit(1).first()?
            .decode(column: "region", as: String.self) {
            // The region about rowsPerDelete rows further on; a single larger region goes whole.
            let boundary = try await sql.select().column("region").from("observations")
                .where("table_identifier", .equal, key).where("region", .greaterThanOrEqual, first)
                .orderBy("region").limit(1).offset(rowsPerDelete).first()?
                .decode(column: "region", as: String.self)
            try await database.writeTransaction { db in
                let delete = (db as! any SQLDatabase).delete(from: "observations").where("table_identifier", .equal, key)
                if let boundary, boundary != first {
                    delete.where("region", .greaterThanOrEqual, first).where("region", .lessThan, boundary)
                } else if boundary != nil {
                    delete.where("region", .equal, first)
                }
                try await delete.run()
            }
        }
    }

    /// The database's refusal of a batch as a ``StatisticsStoreFailure``; for a figure stored
    /// twice, which one.
    private static func explain(_ error: any Error, storing batch: [Observation], table: StatisticsTable, under key: String,
                                on sql: any SQLDatabase) async -> StatisticsStoreFailure {
        guard case .duplicate = classify(error) else {
            if case .failure(let failure) = classify(error) { return failure }
            return .other("unknown")
        }
        let failure = StatisticsStoreFailure.other("unique")
        let writer = ObservationWriter(table: table, dataKey: key, database: sql)
        var seen: Set<[String]> = []
        for observation in batch {
            let id = writer.storedKey(observation)
            if !seen.insert(id).inserted { return StatisticsStoreFailure.duplicate(region: id[0], period: id[1], category: id[2], measure: id[3]) }
        }
        // Not within the batch: a figure of an earlier batch of the same import.
        let regions = Array(Set(batch.map(\.region.rawValue)))
        if let stored = try? await sql.select().columns("region", "period", "category", "measure").from("observations")
            .where("table_identifier", .equal, key).where("region", .in, regions).all() {
            for row in stored {
                let id = [(try? row.decode(column: "region", as: String.self)) ?? "", (try? row.decode(column: "period", as: String.self)) ?? "",
                          (try? row.decode(column: "category", as: String.self)) ?? "", (try? row.decode(column: "measure", as: String.self)) ?? ""]
                if seen.contains(id) { return StatisticsStoreFailure.duplicate(region: id[0], period: id[1], category: id[2], measure: id[3]) }
            }
        }
        return failure
    }

    /// Reserved dimension names under which region names and measure titles are stored.
    static let regionDimension = "$regio"
    static let measureDimension = "$onderwerp"

    /// Stores the titles of the table's codes under `key`, a statement per transaction.
    private static func insertCodes(of table: StatisticsTable, under key: String, on database: any Database) async throws {
        var rows: [[any SQLExpression]] = []
        func add(_ dimension: String, _ code: String, _ title: String, _ unit: String? = nil) {
            rows.append([SQLBind(key), SQLBind(dimension), SQLBind(code), SQLBind(title), SQLBind(unit)])
        }
        for measure in table.measures { add(measureDimension, measure.key, measure.title, measure.unit) }
        for (dimension, titles) in table.categoryTitles.sorted(by: { $0.key < $1.key }) {
            for (code, title) in titles.sorted(by: { $0.key < $1.key }) { add(dimension, code, title) }
        }
        for (region, name) in table.regionNames.sorted(by: { $0.key < $1.key }) { add(regionDimension, region.rawValue, name) }
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            let chunk = Array(rows[start..<min(start + rowsPerInsert, rows.count)])
            try await database.stagingTransaction { db in
                try await (db as! any SQLDatabase).insert(into: "statistics_codes")
                    .columns("table_identifier", "dimension", "code", "title", "unit")
                    .rows(chunk)
                    .run()
            }
        }
    }

    /// The key under which a table's data is stored now, read by every query in the same
    /// statement: a query sees the table before an import was switched in, or after, never half.
    struct PublishedDataKey: SQLExpression {
        let table: String

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write("(SELECT COALESCE(")
            SQLIdentifier("data_key").serialize(to: &serializer)
            serializer.write(", ")
            SQLIdentifier("identifier").serialize(to: &serializer)
            serializer.write(") FROM ")
            SQLIdentifier("statistics_tables").serialize(to: &serializer)
            serializer.write(" WHERE ")
            SQLIdentifier("identifier").serialize(to: &serializer)
            serializer.write(" = ")
            SQLBind(table).serialize(to: &serializer)
            serializer.write(" AND ")
            SQLIdentifier("staging_of").serialize(to: &serializer)
            serializer.write(" IS NULL)")
        }
    }

    public func table(_ identifier: String) async throws -> StatisticsTable? {
        let sql = try reader
        guard let row = try await sql.select().columns("title", "category_dimensions", "is_example").from("statistics_tables")
            .where("identifier", .equal, identifier).where(SQLColumn("staging_of"), .is, SQLLiteral.null).first() else { return nil }
        let dimensions = try row.decode(column: "category_dimensions", as: String.self)
            .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var table = StatisticsTable(identifier: identifier, title: try row.decode(column: "title", as: String.self),
                                    categoryDimensions: dimensions == [""] ? [] : dimensions,
                                    isExample: try row.flag("is_example"))
        let codes = try await sql.select().columns("dimension", "code", "title", "unit").from("statistics_codes")
            .where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: identifier))
            .where("dimension", .notEqual, Self.regionDimension).all()
        for code in codes {
            let dimension = try code.decode(column: "dimension", as: String.self)
            let key = try code.decode(column: "code", as: String.self)
            let title = try code.decode(column: "title", as: String.self)
            switch dimension {
            case Self.measureDimension:
                table.measures.append(StatisticsMeasure(key: key, title: title, unit: try code.decode(column: "unit", as: String?.self)))
            default:
                table.categoryTitles[dimension, default: [:]][key] = title
            }
        }
        table.measures.sort { $0.key < $1.key }
        return table
    }

    public func regionNames(table: String, regions: RegionSelection) async throws -> [RegionCode: String] {
        let sql = try reader
        let select = sql.select().columns("code", "title").from("statistics_codes")
            .where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: table)).where("dimension", .equal, Self.regionDimension)
        guard Self.restrict(select, column: "code", to: regions) else { return [:] }
        var names: [RegionCode: String] = [:]
        for row in try await select.all() {
            if let region = RegionCode(try row.decode(column: "code", as: String.self)) {
                names[region] = try row.decode(column: "title", as: String.self)
            }
        }
        return names
    }

    /// Adds the query's conditions: table, measure, regions, categories and (when `periods`)
    /// its periods. False when a list is empty, so nothing can match.
    private static func restrict(_ select: SQLSelectBuilder, to query: ObservationQuery, periods: Bool) -> Bool {
        select.where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: query.table)).where("measure", .equal, query.measure)
        guard restrict(select, column: "region", to: query.regions) else { return false }
        if let categories = query.categories {
            if categories.isEmpty { return false }
            select.where("category", .in, categories)
        }
        if periods, let list = query.periods {
            if list.isEmpty { return false }
            select.where("period", .in, list.map(\.description))
        }
        return true
    }

    /// Adds the condition for `regions` on `column`; false when the selection is empty.
    private static func restrict(_ select: SQLSelectBuilder, column: String, to regions: RegionSelection) -> Bool {
        switch regions {
        case .codes(let codes):
            if codes.isEmpty { return false }
            select.where(column, .in, codes.map(\.rawValue))
        case .within(let municipality, let level):
            // District and neighbourhood codes start with their municipality's digits; a range
            // keeps the query on the index.
            let digits = municipality.rawValue.dropFirst(2)
            select.where(column, .greaterThanOrEqual, level.prefix + digits)
                .where(column, .lessThan, level.prefix + digits + "~")
        case .level(let level):
            select.where(column, .greaterThanOrEqual, level.prefix)
                .where(column, .lessThan, level.prefix + "~")
        }
        return true
    }

    public func latestPeriod(table: String, measure: String, regions: [RegionCode]) async throws -> StatisticsPeriod? {
        let sql = try reader
        var latest: StatisticsPeriod?
        // One seek per region on the key (table, region, measure, …): the largest period code of
        // a year or month sorts last within its year; compare parsed periods across regions.
        for region in regions {
            guard let row = try await sql.select().column(SQLAlias(SQLFunction("MAX", args: SQLColumn("period")), as: SQLIdentifier("latest")))
                .from("observations")
                .where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: table))
                .where("region", .equal, region.rawValue).where("measure", .equal, measure)
                .first(), !(try row.decodeNil(column: "latest")),
                let period = StatisticsPeriod(try row.decode(column: "latest", as: String.self)) else { continue }
            if latest.map({ $0.year < period.year }) ?? true { latest = period }
        }
        return latest
    }

    public func periodTotals(_ query: ObservationQuery, skippingMissing: Bool) async throws -> [PeriodTotal] {
        let sql = try reader
        let select = sql.select()
            .column(SQLColumn("period"))
            .column(SQLColumn("category"))
            .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("value")), as: SQLIdentifier("total")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("parts")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("value")), as: SQLIdentifier("known")))
            .from("observations")
        guard Self.restrict(select, to: query, periods: true) else { return [] }
        select.groupBy(SQLColumn("period")).groupBy(SQLColumn("category"))
        var expectedParts: Int?
        if case .codes(let codes) = query.regions { expectedParts = Set(codes).count }
        var periods = ParsedCodes<StatisticsPeriod>(StatisticsPeriod.init)
        return try await select.all().compactMap { row -> PeriodTotal? in
            guard let period = periods[try row.decode(column: "period", as: String.self)] else { return nil }
            let parts = try row.decode(column: "parts", as: Int.self)
            let known = try row.decode(column: "known", as: Int.self)
            let complete = known == parts && (expectedParts.map { parts == $0 } ?? true)
            let total = try row.decodeNil(column: "total") ? nil : try row.decode(column: "total", as: Double.self)
            return PeriodTotal(period: period, category: try row.decode(column: "category", as: String.self),
                               value: skippingMissing || complete ? total : nil)
        }
    }

    public func yearlyTotals(_ query: ObservationQuery, years: ClosedRange<Int>?) async throws -> [YearlyTotal] {
        let sql = try reader
        let year = SQLFunction("SUBSTR", args: SQLColumn("period"), SQLLiteral.numeric("1"), SQLLiteral.numeric("4"))
        let kind = SQLFunction("SUBSTR", args: SQLColumn("period"), SQLLiteral.numeric("5"), SQLLiteral.numeric("2"))
        let select = sql.select()
            .column(SQLColumn("region"))
            .column(SQLAlias(year, as: SQLIdentifier("year")))
            .column(SQLAlias(kind, as: SQLIdentifier("kind")))
            .column(SQLColumn("category"))
            .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("value")), as: SQLIdentifier("total")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("parts")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("value")), as: SQLIdentifier("known")))
            .from("observations")
        if let years {
            let periods = years.flatMap { y in [StatisticsPeriod.year(y)] + (1...12).map { StatisticsPeriod.month(y, $0) } }
            select.where("period", .in, periods.map(\.description))
        }
        guard Self.restrict(select, to: query, periods: false) else { return [] }
        select.groupBy(SQLColumn("region")).groupBy(year).groupBy(kind).groupBy(SQLColumn("category"))
        var byKey: [String: (yearly: YearlyTotal?, monthly: YearlyTotal?)] = [:]
        var regions = ParsedCodes<RegionCode>(RegionCode.init)
        for row in try await select.all() {
            guard let region = regions[try row.decode(column: "region", as: String.self)],
                  let year = Int(try row.decode(column: "year", as: String.self)) else { continue }
            let category = try row.decode(column: "category", as: String.self)
            let parts = try row.decode(column: "parts", as: Int.self)
            let known = try row.decode(column: "known", as: Int.self)
            let total = try row.decodeNil(column: "total") ? nil : try row.decode(column: "total", as: Double.self)
            let key = "\(region.rawValue)|\(year)|\(category)"
            switch try row.decode(column: "kind", as: String.self) {
            case "JJ":
                byKey[key, default: (nil, nil)].yearly = YearlyTotal(region: region, year: year, category: category,
                                                                     value: known == parts ? total : nil)
            case "MM":
                byKey[key, default: (nil, nil)].monthly = YearlyTotal(region: region, year: year, category: category,
                                                                      value: parts == 12 && known == 12 ? total : nil)
            default:
                continue
            }
        }
        // A published year figure wins over the months.
        return byKey.values.compactMap { $0.yearly ?? $0.monthly }
    }

    public func tables() async throws -> [StatisticsTableSummary] {
        let sql = try reader
        return try await sql.select().columns("identifier", "title", "source", "revision", "observation_count", "imported_at", "is_example")
            .from("statistics_tables").where(SQLColumn("staging_of"), .is, SQLLiteral.null).orderBy("identifier").all().map { row in
                StatisticsTableSummary(identifier: try row.decode(column: "identifier", as: String.self),
                                       title: try row.decode(column: "title", as: String.self),
                                       source: try row.decode(column: "source", as: String.self),
                                       revision: try row.decode(column: "revision", as: Int.self),
                                       observations: try row.decode(column: "observation_count", as: Int.self),
                                       importedAt: try row.decode(column: "imported_at", as: Date.self),
                                       isExample: try row.flag("is_example"))
            }
    }


    public func coverage(table: String) async throws -> StatisticsCoverage? {
        let sql = try reader
        guard try await sql.select().column("identifier").from("statistics_tables").where("identifier", .equal, table)
            .where(SQLColumn("staging_of"), .is, SQLLiteral.null).first() != nil else { return nil }
        var coverage = StatisticsCoverage()
        // Regions lead the key, so their distinct values come from the index; periods need a scan
        // of the table's rows, which a browser import (in the background) can afford.
        for row in try await sql.select().distinct().column("region").from("observations")
            .where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: table)).all() {
            if let region = RegionCode(try row.decode(column: "region", as: String.self)) { coverage.regions.insert(region) }
        }
        for row in try await sql.select().distinct().column("period").from("observations")
            .where(SQLColumn("table_identifier"), .equal, PublishedDataKey(table: table)).all() {
            if let period = StatisticsPeriod(try row.decode(column: "period", as: String.self)) { coverage.periods.insert(period) }
        }
        return coverage
    }

    public func revisions(table: String) async throws -> [StatisticsRevision] {
        let sql = try reader
        return try await sql.select().columns("revision", "mode", "source", "imported_at", "observation_count",
                                              "added", "revised", "unchanged", "kept", "removed", "periods")
            .from("statistics_revisions").where("table_identifier", .equal, table)
            .orderBy("revision", .descending).all().map { row in
                let counts: StatisticsRevisionCounts? = try row.decodeNil(column: "added") ? nil : StatisticsRevisionCounts(
                    added: try row.decode(column: "added", as: Int.self), revised: try row.decode(column: "revised", as: Int.self),
                    unchanged: try row.decode(column: "unchanged", as: Int.self), kept: try row.decode(column: "kept", as: Int.self),
                    removed: try row.decode(column: "removed", as: Int.self))
                return StatisticsRevision(
                    table: table, revision: try row.decode(column: "revision", as: Int.self),
                    mode: try row.decode(column: "mode", as: String?.self).flatMap(StatisticsImportMode.init(rawValue:)),
                    source: try row.decode(column: "source", as: String.self), importedAt: try row.decode(column: "imported_at", as: Date.self),
                    observations: try row.decode(column: "observation_count", as: Int.self), changes: counts,
                    periods: try row.decode(column: "periods", as: String.self).split(separator: ",").compactMap { StatisticsPeriod(String($0)) })
            }
    }

    public func revisionChanges(table: String, revision: Int, limit: Int) async throws -> (changes: [StatisticsRevisionChange], total: Int) {
        let sql = try reader
        guard let key = try await sql.select().column("data_key").from("statistics_revisions")
            .where("table_identifier", .equal, table).where("revision", .equal, revision).first()?
            .decode(column: "data_key", as: String.self) else { return ([], 0) }
        let total = try await Self.count("statistics_revision_changes", column: "data_key", key, on: sql)
        let rows = try await sql.select().columns("region", "period", "category", "measure", "old_value", "new_value")
            .from("statistics_revision_changes").where("data_key", .equal, key)
            .orderBy("region").orderBy("measure").orderBy("category").orderBy("period").limit(max(limit, 0)).all()
        let changes = try rows.compactMap { row -> StatisticsRevisionChange? in
            guard let region = RegionCode(try row.decode(column: "region", as: String.self)),
                  let period = StatisticsPeriod(try row.decode(column: "period", as: String.self)) else { return nil }
            return StatisticsRevisionChange(region: region, period: period, category: try row.decode(column: "category", as: String.self),
                                            measure: try row.decode(column: "measure", as: String.self),
                                            before: try row.decode(column: "old_value", as: Double?.self),
                                            after: try row.decode(column: "new_value", as: Double?.self))
        }
        return (changes, total)
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
        let sql = try reader
        let select = sql.select().columns("region", "period", "category", "value").from("observations")
        guard Self.restrict(select, to: query, periods: true) else { return [] }
        let keys = stored.categoryDimensions
        var regions = ParsedCodes<RegionCode>(RegionCode.init)
        var periods = ParsedCodes<StatisticsPeriod>(StatisticsPeriod.init)
        return try await select.all().compactMap { row -> Observation? in
            guard let region = regions[try row.decode(column: "region", as: String.self)],
                  let period = periods[try row.decode(column: "period", as: String.self)] else { return nil }
            let values = try row.decode(column: "category", as: String.self).split(separator: "|", omittingEmptySubsequences: false)
            var categories: [String: String] = [:]
            for (key, value) in zip(keys, values) where !key.isEmpty { categories[key] = String(value) }
            return Observation(region: region, period: period, categories: categories, measure: query.measure,
                               value: try row.decodeNil(column: "value") ? nil : try row.decode(column: "value", as: Double.self))
        }
    }
}

/// Parses each distinct code once: a result holds few distinct regions and periods.
struct ParsedCodes<Value> {
    let parse: (String) -> Value?
    var cache: [String: Value?] = [:]

    init(_ parse: @escaping (String) -> Value?) { self.parse = parse }

    subscript(_ text: String) -> Value? {
        mutating get {
            if let cached = cache[text] { return cached }
            let value = parse(text)
            cache[text] = value
            return value
        }
    }
}

enum StatisticsStorageError: Error {
    case notSQL
}

/// Writes observations of one table inside the import's transaction, as fast as each database
/// allows without giving up the all-or-nothing import:
/// - SQLite: multi-row INSERTs of ``sqliteRowsPerInsert`` rows, sent through SQLiteNIO with its
///   own value types (SQLKit's per-value encoding costs more than the insert), each distinct
///   text bound once per statement. While SQLite runs one statement on its thread,
///   the values of the next are prepared; every statement of a batch has finished when
///   ``write(_:)`` returns, so a failure belongs to the batch that caused it.
/// - PostgreSQL: one `COPY observations (…) FROM STDIN` per batch on the transaction's own
///   connection, the rows written straight into a `ByteBuffer` in COPY's text format
///   (docs/adr/0012). Without a PostgresNIO connection: `INSERT … SELECT … FROM unnest(…)` with
///   one array per column.
/// - any other SQL database: SQLKit multi-row inserts.
struct ObservationWriter: Sendable {
    let table: StatisticsTable
    /// The key the rows are stored under: the staging key of the import.
    let dataKey: String
    let database: any SQLDatabase

    /// Rows per SQLite statement (a value each, plus the statement's distinct texts). Measured
    /// with SQLiteNIO's SQLite: statements of 1,000 to 5,000 rows cost the same per row, smaller
    /// ones more.
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
        } else if database.dialect.name == "postgresql", let postgres = database as? any PostgresDatabase {
            try await copyPostgres(observations, on: postgres)
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

    /// `INSERT … VALUES (?1,?2,?3,?4,?5,?201),(?1,?2,?3,?6,?5,?202),…`: each distinct text of
    /// the statement (identifier, measure, region, period, category) is bound once, so a row
    /// binds only its value (binding text costs SQLiteNIO and SQLite a copy each). The texts
    /// take the low numbers: SQLite finds a repeated `?N` below 256 in a bitmap but searches a
    /// list for higher ones.
    private func sqliteInsert(_ chunk: ArraySlice<Observation>) -> (String, [SQLiteData]) {
        var binds: [SQLiteData] = [.text(dataKey)]
        binds.reserveCapacity(chunk.count + 256)
        var numbers: [String: Int] = [:]
        func number(_ text: String) -> Int {
            if let known = numbers[text] { return known }
            binds.append(.text(text))
            numbers[text] = binds.count
            return binds.count
        }
        var periods = PeriodCodes()
        var rows: [(measure: Int, region: Int, period: Int, category: Int)] = []
        rows.reserveCapacity(chunk.count)
        // Consecutive rows mostly share measure, region and period: skip the look-up then.
        var last: (measure: String, m: Int, region: String, r: Int, period: StatisticsPeriod?, p: Int) = ("", 0, "", 0, nil, 0)
        for observation in chunk {
            if observation.measure != last.measure { last.measure = observation.measure; last.m = number(observation.measure) }
            if observation.region.rawValue != last.region { last.region = observation.region.rawValue; last.r = number(last.region) }
            if observation.period != last.period { last.period = observation.period; last.p = number(periods.code(observation.period)) }
            rows.append((last.m, last.r, last.p, number(category(observation))))
        }
        var sql = Array(#"INSERT INTO "observations" ("table_identifier", "measure", "region", "period", "category", "value") VALUES "#.utf8)
        sql.reserveCapacity(sql.count + chunk.count * 34)
        func variable(_ number: Int) {
            sql.append(UInt8(ascii: ","))
            sql.append(UInt8(ascii: "?"))
            var divisor = 1
            while divisor * 10 <= number { divisor *= 10 }
            while divisor > 0 {
                sql.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
                divisor /= 10
            }
        }
        for (row, observation) in zip(rows, chunk) {
            binds.append(observation.value.map(SQLiteData.float) ?? .null)
            if sql.last == UInt8(ascii: ")") { sql.append(UInt8(ascii: ",")) }
            sql.append(contentsOf: "(?1".utf8)
            variable(row.measure)
            variable(row.region)
            variable(row.period)
            variable(row.category)
            variable(binds.count)
            sql.append(UInt8(ascii: ")"))
        }
        return (String(decoding: sql, as: UTF8.self), binds)
    }

    /// Bytes of COPY data sent per message: large enough that the round trips of PostgresNIO's
    /// back-pressure check cost nothing, small enough to stay out of the way of memory.
    static let copyBytesPerWrite = 1 << 20

    /// The batch as one COPY into `observations` under the data key, on the connection of the
    /// transaction `database` belongs to (a Fluent PostgreSQL database in a transaction hands out
    /// that transaction's connection, see the test "COPY runs on the transaction's connection").
    /// A refused row (a figure twice: 23505) fails the COPY, and with it the transaction.
    private func copyPostgres(_ observations: [Observation], on postgres: any PostgresDatabase) async throws {
        guard !observations.isEmpty else { return }
        let logger = postgres.logger
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: "observations",
                                              columns: ["table_identifier", "measure", "region", "period", "category", "value"],
                                              format: .text(.init()), logger: logger) { writer in
                    var rows = CopyRows(table: table, dataKey: dataKey)
                    var buffer = ByteBufferAllocator().buffer(capacity: Self.copyBytesPerWrite + 4096)
                    for observation in observations {
                        rows.append(observation, to: &buffer)
                        if buffer.readableBytes >= Self.copyBytesPerWrite {
                            try await writer.write(buffer)
                            buffer = ByteBufferAllocator().buffer(capacity: Self.copyBytesPerWrite + 4096)
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
            }
        }.get()
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
            SELECT \(bind: dataKey), m, r, p, c, CASE WHEN n THEN NULL ELSE v END
            FROM unnest(\(bind: measures)::text[], \(bind: regions)::text[], \(bind: periodCodes)::text[],
                        \(bind: categories)::text[], \(bind: values)::float8[], \(bind: missing)::bool[]) AS t(m, r, p, c, v, n)
            """).run()
    }

    private func writeSQL(_ chunk: ArraySlice<Observation>) async throws {
        var periods = PeriodCodes()
        try await database.insert(into: "observations")
            .columns("table_identifier", "measure", "region", "period", "category", "value")
            .rows(chunk.map { o -> [any SQLExpression] in
                [SQLBind(dataKey), SQLBind(o.measure), SQLBind(o.region.rawValue),
                 SQLBind(periods.code(o.period)), SQLBind(category(o)), SQLBind(o.value)]
            })
            .run()
    }

    /// Region, period, category and measure as stored: what the unique key compares.
    func storedKey(_ observation: Observation) -> [String] {
        [observation.region.rawValue, observation.period.description, category(observation), observation.measure]
    }

    /// The stored category key (``Observation/category(in:)``), without joining for the usual
    /// single category dimension.
    @inline(__always)
    private func category(_ observation: Observation) -> String {
        Self.storedCategory(observation, in: table)
    }

    /// The stored category key of `observation` in `table`, for every way of writing it.
    @inline(__always)
    static func storedCategory(_ observation: Observation, in table: StatisticsTable) -> String {
        switch table.categoryDimensions.count {
        case 0: ""
        case 1: observation.categories[table.categoryDimensions[0]] ?? ""
        default: observation.category(in: table)
        }
    }
}

/// Rows of `observations` in PostgreSQL's COPY text format: columns separated by a tab, a line
/// end after each row, `\N` for a missing value, and in texts a backslash, tab, line feed and
/// carriage return escaped (`\\`, `\t`, `\n`, `\r`); every other byte, UTF-8 included,
/// as it is. Values are written as Swift's shortest text that reads back as the same `Double`
/// (PostgreSQL's `float8in` rounds correctly), integers as integers: the stored value is
/// bit for bit the one the `unnest` path bound in binary.
struct CopyRows {
    let table: StatisticsTable
    /// The data key and its tab, escaped once.
    private let prefix: [UInt8]
    private var periods = PeriodCodes()

    init(table: StatisticsTable, dataKey: String) {
        self.table = table
        var prefix = ByteBuffer()
        Self.text(dataKey, to: &prefix)
        prefix.writeInteger(UInt8(ascii: "\t"))
        self.prefix = Array(prefix.readableBytesView)
    }

    mutating func append(_ observation: Observation, to buffer: inout ByteBuffer) {
        buffer.writeBytes(prefix)
        Self.text(observation.measure, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        Self.text(observation.region.rawValue, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        Self.text(periods.code(observation.period), to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        Self.text(ObservationWriter.storedCategory(observation, in: table), to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\t"))
        if let value = observation.value {
            Self.number(value, to: &buffer)
        } else {
            buffer.writeStaticString("\\N")
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    static func text(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            func special(_ byte: UInt8) -> Bool {
                byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            }
            guard bytes.contains(where: special) else {
                buffer.writeBytes(bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    static func number(_ value: Double, to buffer: inout ByteBuffer) {
        if value.isNaN {
            buffer.writeStaticString("NaN")
        } else if value.isInfinite {
            buffer.writeStaticString(value < 0 ? "-Infinity" : "Infinity")
        } else if value == value.rounded(.towardZero), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            buffer.writeString(String(Int64(value)))
        } else {
            // `1e-07`, `0.1`, `123456789.125`, `-0.0`: the shortest text of exactly this value.
            buffer.writeString(value.description)
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

/// Observations handed to an import's store and not written yet. Once `limit` are pending they
/// are written in the background while the reader goes on checking the next rows (as the reader
/// and the writer overlapped when every batch was written at once); one write at a time, in
/// order, and a failed write fails the next call.
private actor Pending {
    private var observations: [Observation] = []
    private var inFlight: Task<Void, any Error>?

    func add(_ batch: [Observation], limit: Int, write: @escaping @Sendable ([Observation]) async throws -> Void) async throws {
        observations.append(contentsOf: batch)
        guard observations.count >= limit else { return }
        let chunk = observations
        observations = []
        let previous = inFlight
        inFlight = nil
        try await previous?.value
        inFlight = Task { try await write(chunk) }
    }

    /// Waits for the write in progress, then writes what is left.
    func finish(write: @Sendable ([Observation]) async throws -> Void) async throws {
        let previous = inFlight
        inFlight = nil
        try await previous?.value
        let rest = observations
        observations = []
        try await write(rest)
    }

    /// Waits for a write in progress to end, whatever its outcome (before cleaning up).
    func settle() async {
        _ = try? await inFlight?.value
        inFlight = nil
    }
}

/// Counts across the concurrency boundary of the store closure.
/// The periods and regions an import has handed on so far.
private actor Seen {
    var periods: Set<StatisticsPeriod> = []
    var regions: Set<RegionCode> = []
    func add(_ observations: [Observation]) {
        for observation in observations {
            periods.insert(observation.period)
            regions.insert(observation.region)
        }
    }
}

private actor Counter {
    var value = 0
    func add(_ n: Int) { value += n }
}
