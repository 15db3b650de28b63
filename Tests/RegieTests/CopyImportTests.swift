import FluentKit
import Foundation
import PostgresNIO
import RegieCore
import RegieImporter
import RegiePersistence
import SQLKit
import Testing
import VaporTesting

/// The observations of an import as PostgreSQL's COPY receives them (docs/adr/0012). On SQLite
/// the same tests check the INSERT path: both must store exactly what was handed to them.
extension DatabaseTests {
    @Suite("Imports through COPY")
    struct CopyImportTests {
        static let measure = "Maat\\1\tα"
        static let table = StatisticsTable(identifier: "99999ZZZ", title: "Proeftabel", categoryDimensions: ["Soort"],
                                           measures: [StatisticsMeasure(key: "Gewoon_1", title: "Gewoon"),
                                                      StatisticsMeasure(key: measure, title: "Met tekens")])
        /// Categories with every byte COPY's text format escapes, and some it does not.
        static let categories = ["a\\b", "tab\there", "regel\neinde", "wagen\rterug", "Überlingen é ß 日本", "\\N", "\\.", "  spaties ", "laatste\\"]
        /// (No `-0.0`: SQLite stores a whole REAL as an integer and reads `0` back; on PostgreSQL the
        /// COPY text `-0` keeps its sign, see ``CopyRows``.)
        static let values: [Double?] = [nil, 0.1, 1e-7, 123456789.125, 0, 42, -3, 1e300, 5e-324, 0.30000000000000004, 1234567890123456789]

        static func figures(_ measure: String) -> [Observation] {
            var figures: [Observation] = []
            for (i, category) in categories.enumerated() {
                for (j, value) in values.enumerated() {
                    figures.append(Observation(region: RegionCode("GM0222")!, period: .year(2000 + j), categories: ["Soort": category],
                                               measure: measure, value: i == 0 ? value : values[(i + j) % values.count]))
                }
            }
            return figures
        }

        /// Category, period and the value's bits, so `-0.0` and `0` differ.
        static func stored(_ observations: [Observation]) -> [String] {
            observations.map { "\($0.categories["Soort"] ?? "?")|\($0.period)|\($0.value.map { String($0.bitPattern) } ?? "leeg")" }.sorted()
        }

        @Test("Texts that need escaping, missing values and exact doubles are read back exactly as imported")
        func escapedRoundTrip() async throws {
            try await withTestApp { app in
                let given = Self.figures("Gewoon_1") + Self.figures(Self.measure)
                let outcome = try await app.statistics.replace(Self.table, source: "proef.csv") { store in try await store(given) }
                #expect(outcome.observations == given.count)
                for measure in ["Gewoon_1", Self.measure] {
                    let back = try await app.statistics.observations(table: Self.table.identifier, region: RegionCode("GM0222")!, measure: measure)
                    #expect(back.allSatisfy { $0.measure == measure })
                    #expect(Self.stored(back) == Self.stored(given.filter { $0.measure == measure }))
                }
                // Read as stored, not through the repository: the database holds the texts themselves.
                let sql = app.db as! any SQLDatabase
                let categories = try await sql.raw("SELECT DISTINCT category FROM observations WHERE measure = \(bind: Self.measure)").all()
                    .map { try $0.decode(column: "category", as: String.self) }
                #expect(categories.sorted() == Self.categories.sorted())
                let missing = try await sql.raw("SELECT COUNT(*) AS n FROM observations WHERE value IS NULL").first()!.decode(column: "n", as: Int.self)
                #expect(missing == 2 * Self.categories.count)
            }
        }

        @Test("A figure twice in one batch is refused naming it; nothing is stored, the table as it was")
        func duplicateInBatch() async throws {
            try await withTestApp { app in
                let first = Self.figures("Gewoon_1")
                _ = try await app.statistics.replace(Self.table, source: "v1.csv") { store in try await store(first) }
                let sql = app.db as! any SQLDatabase
                func rows() async throws -> Int {
                    try await sql.raw("SELECT COUNT(*) AS n FROM observations").first()!.decode(column: "n", as: Int.self)
                }
                #expect(try await rows() == first.count)
                let figures = Self.figures(Self.measure)
                let twice = figures + [figures[7]]
                await #expect(throws: StatisticsStoreFailure.duplicate(region: "GM0222", period: twice[7].period.description,
                                                                      category: twice[7].categories["Soort"]!, measure: Self.measure)) {
                    _ = try await app.statistics.store(Self.table, source: "v2.csv", mode: .addUp) { store in try await store(twice) }
                }
                #expect(try await rows() == first.count)
                let back = try await app.statistics.observations(table: Self.table.identifier, region: RegionCode("GM0222")!, measure: "Gewoon_1")
                #expect(Self.stored(back) == Self.stored(first))
                #expect(try await app.statistics.tables().map(\.revision) == [1])
                let left = try await sql.raw("SELECT COUNT(*) AS n FROM statistics_tables WHERE staging_of IS NOT NULL AND identifier NOT IN (SELECT data_key FROM statistics_tables WHERE data_key IS NOT NULL)")
                    .first()!.decode(column: "n", as: Int.self)
                #expect(left == 0)
            }
        }

        @Test("A file with a figure twice is refused with the usual message; nothing is stored")
        func duplicateInFile() async throws {
            try await withTestApp { app in
                _ = try await ODataImport.run(directory: try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                ]), into: app.statistics)
                let folder = try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2022JJ00\";7;\"Doetinchem\";\"Gemeente\"",
                    "1;\"0.0.0 \";\"GM0222    \";\"2022JJ00\";8;\"Doetinchem\";\"Gemeente\"",
                    "2;\"1.1.1 \";\"GM0222    \";\"2022JJ00\";9;\"Doetinchem\";\"Gemeente\"",
                ])
                let found = await problems { () async throws(ImportProblems) in try await ODataImport.run(directory: folder, into: app.statistics) }
                #expect(found.count == 1)
                #expect(found.first?.contains("het cijfer voor regio GM0222, periode 2022JJ00, SoortMisdrijf 1.1.1, onderwerp GeregistreerdeMisdrijven_1 staat twee keer in het bestand; elk cijfer mag maar één keer voorkomen. Er is niets ingelezen; de tabel zoals die was opgeslagen, is ongewijzigd") == true)
                #expect(found.first.map { !$0.contains("COPY") && !$0.contains("23505") && !$0.contains("constraint") } == true)
                let sql = app.db as! any SQLDatabase
                #expect(try await sql.raw("SELECT COUNT(*) AS n FROM observations").first()!.decode(column: "n", as: Int.self) == 1)
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1").map(\.value) == [121])
            }
        }

        @Test("COPY runs on the transaction's connection (PostgreSQL)")
        func copyOnTransactionConnection() async throws {
            try await withTestApp { app in
                guard (app.db as! any SQLDatabase).dialect.name == "postgresql" else { return }
                try await app.db.transaction { db in
                    let sql = db as! any SQLDatabase
                    let viaSQL = try await sql.raw("SELECT pg_backend_pid() AS pid, txid_current() AS tx").first()!
                    let postgres = try #require(db as? any PostgresDatabase)
                    let viaConnection = try await postgres.withConnection { connection in
                        connection.eventLoop.makeFutureWithTask {
                            let rows = try await connection.query("SELECT pg_backend_pid() AS pid, txid_current() AS tx", logger: postgres.logger)
                            var found: [(Int32, Int64)] = []
                            for try await (pid, tx) in rows.decode((Int32, Int64).self) { found.append((pid, tx)) }
                            return found
                        }
                    }.get()
                    #expect(viaConnection.count == 1)
                    #expect(viaConnection.first?.0 == (try viaSQL.decode(column: "pid", as: Int32.self)))
                    #expect(viaConnection.first?.1 == (try viaSQL.decode(column: "tx", as: Int64.self)))
                }
            }
        }
    }
}
