import Foundation
import RegieCore
@testable import RegieImporter
@testable import RegiePersistence
import RegiePlanFile
import RegieWeb
import SQLKit
import Testing
import VaporTesting

/// The header of the 47018NED data set as the tests write it.
let header47018 = "\"ID\";\"SoortMisdrijf\";\"WijkenEnBuurten\";\"Perioden\";\"GeregistreerdeMisdrijven_1\""

/// A row of 47018NED for Doetinchem with `count` as written.
func row47018(_ id: Int, _ type: String = "1.1.1", _ region: String = "GM0222", year: Int = 2023, count: String) -> String {
    "\(id);\"\(type) \";\"\(region)    \";\"\(year)JJ00\";\(count)"
}

@Suite("Figures are read strictly")
struct FigureTests {
    @Test("Counts are whole decimal numbers from 0 to a billion; hex, negatives, exponents and fractions are refused")
    func counts() {
        #expect(Figures.read("16", as: .count) == .value(16))
        #expect(Figures.read(" 0 ", as: .count) == .value(0))
        #expect(Figures.read("999999999", as: .count) == .value(999_999_999))
        #expect(Figures.read(".", as: .count) == .missing)
        #expect(Figures.read("", as: .count) == .missing)
        #expect(Figures.read("0x10", as: .count) == .invalid("is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9)"))
        #expect(Figures.read("-3", as: .count) == .invalid("is negatief; een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers"))
        #expect(Figures.read("1e20", as: .count) == .invalid("is geen geheel getal in cijfers; een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers (zonder punt, komma of e)"))
        #expect(Figures.read("100000000000000000000", as: .count) == .invalid("is groter dan 1.000.000.000 en kan geen aantal zijn; is het bestand beschadigd?"))
        #expect(Figures.read("1000000001", as: .count) == .invalid("is groter dan 1.000.000.000 en kan geen aantal zijn; is het bestand beschadigd?"))
        #expect(Figures.read("12.5", as: .count) != .value(12.5))
        #expect(Figures.read("1.234", as: .count) != .value(1.234))
        #expect(Figures.read("inf", as: .count) == .invalid("is geen getal (inf is geen cijfer)"))
        #expect(Figures.read("nan", as: .count) == .invalid("is geen getal (nan is geen cijfer)"))
        #expect(Figures.read("twaalf", as: .count) == .invalid("is geen getal"))
    }

    @Test("Rates and survey values keep decimal points and commas but refuse hex, inf and nan")
    func decimals() {
        #expect(Figures.read("34,9", as: .decimal) == .value(34.9))
        #expect(Figures.read("12.5", as: .decimal) == .value(12.5))
        #expect(Figures.read("-2,5", as: .decimal) == .value(-2.5))
        #expect(Figures.read("7", as: .decimal) == .value(7))
        #expect(Figures.read("1,5", as: .decimal, decimalComma: false) == .invalid("is geen getal"))
        #expect(Figures.read("0x1A", as: .decimal) == .invalid("is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9)"))
        #expect(Figures.read("inf", as: .decimal) == .invalid("is geen getal (inf is geen cijfer)"))
        #expect(Figures.read("-infinity", as: .decimal) == .invalid("is geen getal (-infinity is geen cijfer)"))
        #expect(Figures.read("NaN", as: .decimal) == .invalid("is geen getal (NaN is geen cijfer)"))
        #expect(Figures.read("1.234,5", as: .decimal) == .invalid("is geen getal"))
        #expect(Figures.read("1e400", as: .decimal) == .invalid("is te groot om een cijfer te zijn; is het bestand beschadigd?"))
    }

    @Test("Registered crimes in a data set: bad counts are refused with file, line, column and value")
    func dataSetCounts() async throws {
        let metadata = try ImporterTests.metadata.get()
        let data = try temporaryFile("data.csv", ([header47018] + [
            row47018(0, count: "0x10"), row47018(1, year: 2022, count: "-3"), row47018(2, year: 2021, count: "1e20"),
            row47018(3, year: 2020, count: "12.5"), row47018(4, year: 2019, count: "16"),
        ]).joined(separator: "\n") + "\n")
        let found = await problems { () async throws(ImportProblems) in try await ODataDataSetReader.read(data, metadata: metadata) { _ in } }
        #expect(found == [
            "data.csv, regel 2: \"0x10\" in kolom GeregistreerdeMisdrijven_1 is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9)",
            "data.csv, regel 3: \"-3\" in kolom GeregistreerdeMisdrijven_1 is negatief; een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers",
            "data.csv, regel 4: \"1e20\" in kolom GeregistreerdeMisdrijven_1 is geen geheel getal in cijfers; een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers (zonder punt, komma of e)",
            "data.csv, regel 5: \"12.5\" in kolom GeregistreerdeMisdrijven_1 is geen geheel getal in cijfers; een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers (zonder punt, komma of e)",
        ])
    }

    @Test("Survey percentages (Veiligheidsmonitor) and own series keep decimal commas but refuse hex, inf and nan")
    func surveyValues() async throws {
        let url = try temporaryFile("vm.csv", """
        "Marges";"Perioden";"Regio's";"Buurt/Voelt zich wel eens onveilig in buurt (%)"
        "Waarde";"2023";"Nederland";"18,9"
        "Waarde";"2022";"Nederland";"0x12"
        "Waarde";"2021";"Nederland";"inf"
        "Waarde";"2020";"Nederland";"nan"

        """)
        #expect(await problems { () async throws(ImportProblems) in try await VeiligheidsmonitorReader.read(url, codes: CodeBook()) { _ in } } == [
            "vm.csv, regel 3: \"0x12\" in kolom 4 (voelt-zich-wel-eens-onveilig-in-buurt) is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9)",
            "vm.csv, regel 4: \"inf\" in kolom 4 (voelt-zich-wel-eens-onveilig-in-buurt) is geen getal (inf is geen cijfer)",
            "vm.csv, regel 5: \"nan\" in kolom 4 (voelt-zich-wel-eens-onveilig-in-buurt) is geen getal (nan is geen cijfer)",
        ])
        let own = try temporaryFile("reeksen.csv", "regio;periode;reeks;waarde\nGM0222;2024;Tevredenheid;7,4\nGM0222;2023;Tevredenheid;0x7\n")
        #expect(await problems { () async throws(ImportProblems) in try await OwnSeriesReader.read(own) { _ in } } == [
            "reeksen.csv, regel 3: \"0x7\" in kolom waarde is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9) (schrijf bijv. 41 of 12,5; leeg of . als er geen cijfer is)",
        ])
    }

    @Test("Population columns of a data set saved without metadata are counts too")
    func inferredPopulation() async throws {
        let url = try temporaryFile("cbs-37230ned.csv", "\"ID\";\"RegioS\";\"Perioden\";\"BevolkingAanHetBeginVanDePeriode_1\"\n\"0\";\"GM0222\";\"2023JJ00\";\"-58000\"\n")
        let metadata = try ODataMetadata.infer(from: url, identifier: "37230ned")
        #expect(metadata.measures.map(\.kind) == [.count])
        let found = await problems { () async throws(ImportProblems) in try await ODataDataSetReader.read(url, metadata: metadata) { _ in } }
        #expect(found.first?.hasPrefix("cbs-37230ned.csv, regel 2: \"-58000\" in kolom BevolkingAanHetBeginVanDePeriode_1 is negatief") == true)
    }
}

@Suite("Truncated data files")
struct TruncatedDataTests {
    @Test("A data set whose last line stops without a line end and has too few fields is refused as cut off")
    func lastLineCut() async throws {
        let metadata = try ImporterTests.metadata.get()
        let full = ([header47018] + (0..<6).map { row47018($0, year: 2018 + $0, count: "\($0 + 10)") }).joined(separator: "\n") + "\n"
        let cut = String(full.prefix(full.count / 3 * 2))
        let data = try temporaryFile("data.csv", cut)
        let found = await problems { () async throws(ImportProblems) in try await ODataDataSetReader.read(data, metadata: metadata) { _ in } }
        #expect(found.count == 1)
        #expect(found.first?.contains("het bestand houdt midden in deze regel op") == true)
        #expect(found.first?.contains("geen regeleinde") == true)
        // An open quote at the end of the file.
        let quoted = try temporaryFile("data.csv", [header47018, row47018(0, count: "1"), "1;\"1.1.1 \";\"GM0222"].joined(separator: "\n"))
        let open = await problems { () async throws(ImportProblems) in try await ODataDataSetReader.read(quoted, metadata: metadata) { _ in } }
        #expect(open == ["data.csv, regel 3: een veld tussen aanhalingstekens wordt niet afgesloten voor het einde van het bestand; is het bestand afgebroken?"])
    }

    @Test("JSON that ends early, or has fewer rows than its odata.count, is refused")
    func jsonCut() async throws {
        let folder = try temporaryFolder()
        for file in ["TableInfos.json", "DataProperties.json", "SoortMisdrijf.json", "WijkenEnBuurten.json", "Perioden.json"] {
            try FileManager.default.copyItem(at: jsonMetadata.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let row = { (id: Int) in #"{"ID":\#(id),"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"GM0222    ","Perioden":"\#(2018 + id)JJ00","GeregistreerdeMisdrijven_1":\#(id + 1),"Gemeentenaam_2":"Doetinchem","SoortRegio_3":"Gemeente  "}"# }
        let data = folder.appendingPathComponent("TypedDataSet.json")
        try (#"{"odata.metadata":"x","odata.count":"5","value":["# + (0..<3).map(row).joined(separator: ",") + "]}").write(to: data, atomically: true, encoding: .utf8)
        let repository = MemoryStatistics()
        let fewer = await problems { () async throws(ImportProblems) in try await ODataImport.run(directory: folder, into: repository) }
        #expect(fewer == ["TypedDataSet.json: het bestand zegt 5 rijen te hebben (odata.count), maar bevat er 3; het is waarschijnlijk afgebroken. Er is niets ingelezen; download het bestand opnieuw"])
        try (#"{"odata.metadata":"x","value":["# + (0..<3).map(row).joined(separator: ",")).write(to: data, atomically: true, encoding: .utf8)
        let early = await problems { () async throws(ImportProblems) in try await ODataImport.run(directory: folder, into: repository) }
        #expect(early.count == 1 && early[0].contains("het bestand houdt midden in het JSON-document op"))
        try (#"{"odata.metadata":"x","odata.count":"3","value":["# + (0..<3).map(row).joined(separator: ",") + "]}").write(to: data, atomically: true, encoding: .utf8)
        let whole = try await ODataImport.run(directory: folder, into: repository)
        #expect(whole.summary.rows == 3)
    }

    @Test("A bulk download with fewer rows than its metadata declares (RecordCount) is refused")
    func bulkRecordCount() async throws {
        let folder = try temporaryFolder()
        try """
        TableInfos;;;;\r
        ID;Title;Identifier;RecordCount;Period\r
        0;Proef;47013NED;4;2025\r
        DataProperties;;;;\r
        ID;Type;Key;Title;Datatype\r
        0;Dimension;SoortMisdrijf;Soort misdrijf;\r
        1;GeoDimension;RegioS;Regio's;\r
        2;TimeDimension;Perioden;Perioden;\r
        3;Topic;GeregistreerdeMisdrijven_1;Geregistreerde misdrijven;Long\r
        SoortMisdrijf;;;;\r
        Key;Title;;;\r
        1.1.1 ;Diefstal/inbraak woning;;;\r
        RegioS;;;;\r
        Key;Title;;;\r
        GM0222;Doetinchem;;;\r
        Perioden;;;;\r
        Key;Title;;;\r
        2025MM01;2025 januari;;;\r
        2025MM02;2025 februari;;;\r
        2025MM03;2025 maart;;;\r
        2025MM04;2025 april;;;\r

        """.write(to: folder.appendingPathComponent("47013NED_metadata.csv"), atomically: true, encoding: .utf8)
        let rows = (1...4).map { "\($0 - 1);1.1.1 ;GM0222;2025MM0\($0);\($0)" }
        try (["ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1"] + rows.prefix(3)).joined(separator: "\r\n").appending("\r\n")
            .write(to: folder.appendingPathComponent("47013NED_DataSet.csv"), atomically: true, encoding: .utf8)
        #expect(try ImportLayout.detect(folder) == .bulkDownload)
        let repository = MemoryStatistics()
        let found = await problems { () async throws(ImportProblems) in try await DataImport.run(folder, into: repository) }
        #expect(found == ["47013NED_DataSet.csv: de metadata van de tabel zegt 4 rijen (RecordCount in TableInfos), maar het bestand bevat er 3; het is waarschijnlijk afgebroken. Er is niets ingelezen; download het bestand opnieuw"])
        try (["ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1"] + rows).joined(separator: "\r\n").appending("\r\n\r\n")
            .write(to: folder.appendingPathComponent("47013NED_DataSet.csv"), atomically: true, encoding: .utf8)
        let whole = try await DataImport.run(folder, into: repository)
        #expect(whole.summary.rows == 4)
    }

    @Test("A table code with other characters than letters, digits, '.', '-' and '_' is refused before anything is stored")
    func tableCode() async throws {
        let own = try temporaryFile("reeksen.csv", "regio;periode;reeks;waarde\nGM0222;2024;Tevredenheid;7,4\n")
        let repository = MemoryStatistics()
        for code in ["eigen~GM0222", "eigen GM0222", "-eigen", String(repeating: "a", count: 81)] {
            let found = await problems { () async throws(ImportProblems) in try await DataImport.run(own, identifier: code, into: repository) }
            #expect(found == ["reeksen.csv: \"\(code)\" kan geen tabelcode zijn: gebruik letters, cijfers, punt, - of _ (hoogstens 80 tekens), bijv. --tabel 47018NED"])
        }
        #expect(try await DataImport.run(own, identifier: "eigen_GM0222.v2", into: repository).table.identifier == "eigen_GM0222.v2")
    }

    @Test("A wide StatLine export cut off right after a region's name is not taken for a footer")
    func wideCut() async throws {
        let metadata = try StatLineWideImporterTests.metadata.get()
        let url = try temporaryFile("export.csv", """
        "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers"
        "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven"
        "Soort misdrijf";"Totaal misdrijven";"Totaal misdrijven"
        "Perioden";"2022";"2023"
        "Regio's";"aantal";"aantal"
        "Nederland";"799000";"811000"
        "Doetinchem"
        """)
        let found = await problems { () async throws(ImportProblems) in
            try await StatLineWideExportReader.read(url, codes: CodeBook(metadata: metadata), measures: metadata.measures) { _ in }
        }
        #expect(found.count == 1 && found[0].hasPrefix("export.csv, regel 7: het bestand houdt midden in deze regel op (1 van de 3 velden, geen regeleinde)"))
    }
}

/// Statistics in memory, for readers tested without a database: each import stores the file as
/// the whole table (whatever the mode) or throws.
final class MemoryStatistics: StatisticsRepository, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: [Observation]] = [:]

    func store(_ table: StatisticsTable, source: String, mode: StatisticsImportMode,
               _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        let box = Box()
        try await produce { batch in box.append(batch) }
        lock.withLock { stored[table.identifier] = box.value }
        return StatisticsImportOutcome(revision: 1, observations: box.value.count, previousObservations: nil)
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Observation] = []
        var value: [Observation] { lock.withLock { items } }
        func append(_ batch: [Observation]) { lock.withLock { items += batch } }
    }

    func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation] {
        lock.withLock { (stored[table] ?? []).filter { $0.region == region && $0.measure == measure } }
    }
    func observations(_ query: ObservationQuery) async throws -> [Observation] { lock.withLock { stored[query.table] ?? [] } }
    func table(_ identifier: String) async throws -> StatisticsTable? { nil }
    func regionNames(table: String, regions: RegionSelection) async throws -> [RegionCode: String] { [:] }
    func tables() async throws -> [StatisticsTableSummary] { [] }
    func revisions(table: String) async throws -> [StatisticsRevision] { [] }
    func revisionChanges(table: String, revision: Int, limit: Int) async throws -> (changes: [StatisticsRevisionChange], total: Int) { ([], 0) }
    func coverage(table: String) async throws -> StatisticsCoverage? {
        lock.withLock { stored[table].map { StatisticsCoverage(regions: Set($0.map(\.region)), periods: Set($0.map(\.period))) } }
    }
    func yearlyTotals(_ query: ObservationQuery, years: ClosedRange<Int>?) async throws -> [YearlyTotal] { [] }
    func periodTotals(_ query: ObservationQuery, skippingMissing: Bool) async throws -> [PeriodTotal] { [] }
    func latestPeriod(table: String, measure: String, regions: [RegionCode]) async throws -> StatisticsPeriod? { nil }
}

extension DatabaseTests {
    @Suite("Imports beside a running server")
    struct StagedImportTests {
        static let table = StatisticsTable(identifier: "47018NED", title: "Misdrijven", categoryDimensions: ["SoortMisdrijf"],
                                           measures: [StatisticsMeasure(key: "GeregistreerdeMisdrijven_1", title: "Geregistreerde misdrijven")])

        static func figures(_ years: ClosedRange<Int>, value: Double) -> [Observation] {
            years.map { Observation(region: RegionCode("GM0222")!, period: .year($0), categories: ["SoortMisdrijf": "1.1.1"],
                                    measure: "GeregistreerdeMisdrijven_1", value: value) }
        }

        static func values(_ app: Application) async throws -> [Double?] {
            try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1").map(\.value)
        }

        /// Rows of the observations table under any key, staging included.
        static func storedRows(_ app: Application) async throws -> Int {
            try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM observations").first()!.decode(column: "n", as: Int.self)
        }

        @Test("While an import runs, readers see the stored figures; at the switch they see the new ones, never a mix")
        func readersDuringImport() async throws {
            try await withTestApp { app in
                _ = try await app.statistics.replace(Self.table, source: "v1.csv") { store in try await store(Self.figures(2014...2023, value: 1)) }
                #expect(try await Self.values(app) == Array(repeating: 1, count: 10))
                let seen = Seen()
                let plan = try PlanFileReader.read(minimalPlanFile)
                // Every batch in a transaction of its own, so the staged figures are there mid-import.
                let repository = FluentStatisticsRepository(database: app.db, rowsPerTransaction: 1)
                let outcome = try await repository.replace(Self.table, source: "v2.csv") { store in
                    try await store(Self.figures(2014...2018, value: 2))
                    // A store waits for the write before it: the first half is staged by now.
                    try await store(Self.figures(2019...2023, value: 2))
                    seen.add([try await Self.storedRows(app) >= 15 ? 1 : 0])
                    // Another connection reads in the middle of the import: the old table, complete.
                    seen.add(try await Self.values(app))
                    seen.add(try await app.statistics.tables().map { Double($0.revision) as Double? })
                    // and a save in the browser does not wait for the import to finish.
                    _ = try await app.plans.save(plan)
                    seen.add(try await Self.values(app))
                }
                #expect(try await app.plans.plan(plan.key) == plan)
                #expect(seen.values == [[1], Array(repeating: 1, count: 10), [1], Array(repeating: 1, count: 10)])
                #expect(outcome.revision == 2 && outcome.observations == 10 && outcome.previousObservations == 10)
                #expect(outcome.changes == StatisticsRevisionCounts(added: 0, revised: 10, unchanged: 0, kept: 0, removed: 0))
                #expect(try await Self.values(app) == Array(repeating: 2, count: 10))
                #expect(try await app.statistics.tables().map(\.identifier) == ["47018NED"])
                // The old figures are gone, not just hidden.
                #expect(try await Self.storedRows(app) == 10)
            }
        }

        @Test("An SQLite file runs in WAL mode, so the pages of a running server are not blocked by an import in another process")
        func writeAheadLog() async throws {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("regie-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let app = try await Application.makeRegie(RegieConfiguration(database: .sqliteFile(path)), environment: .testing)
            do {
                let mode = try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                #expect(mode == "wal")
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }

        @Test("An import that fails halfway leaves the stored table complete and removes what it staged")
        func failureHalfway() async throws {
            try await withTestApp { app in
                _ = try await app.statistics.replace(Self.table, source: "v1.csv") { store in try await store(Self.figures(2014...2023, value: 1)) }
                struct Broken: Error {}
                let repository = FluentStatisticsRepository(database: app.db, rowsPerTransaction: 1)
                let staged = Seen()
                await #expect(throws: Broken.self) {
                    _ = try await repository.replace(Self.table, source: "v2.csv") { store in
                        try await store(Self.figures(2014...2018, value: 2))
                        try await store(Self.figures(2019...2020, value: 2))
                        staged.add([try await Self.storedRows(app) >= 15 ? 1 : 0])
                        throw Broken()
                    }
                }
                #expect(staged.values == [[1]])
                #expect(try await Self.values(app) == Array(repeating: 1, count: 10))
                #expect(try await app.statistics.tables().map(\.revision) == [1])
                #expect(try await Self.storedRows(app) == 10)
                // Through the importer: a bad row after thousands of good ones (several batches).
                let folder = try table47018((0..<12_000).map { "\($0);\"1.1.1 \";\"GM0222    \";\"2023JJ00\";\($0 < 11_999 ? "\($0)" : "0x10");\"\";\"Gemeente\"" })
                let found = await problems { () async throws(ImportProblems) in try await ODataImport.run(directory: folder, into: app.statistics) }
                #expect(found.count == 1)
                #expect(try await Self.values(app) == Array(repeating: 1, count: 10))
                #expect(try await Self.storedRows(app) == 10)
            }
        }

        @Test("What a killed import left is removed by the next import; another table's running import is left alone")
        func leftoversOfAKilledImport() async throws {
            try await withTestApp { app in
                _ = try await app.statistics.replace(Self.table, source: "v1.csv") { store in try await store(Self.figures(2014...2023, value: 1)) }
                let sql = app.db as! any SQLDatabase
                // As a process killed mid-import leaves it: a staging row and some of its figures,
                // for this table and (recently written, still running) for another one.
                for (key, owner, age) in [("47018NED~killed", "47018NED", 7200.0), ("85984NED~running", "85984NED", 5.0)] {
                    try await sql.insert(into: "statistics_tables")
                        .columns("identifier", "title", "category_dimensions", "source", "revision", "observation_count", "imported_at", "staging_of")
                        .values(key, "x", "", "x.csv", 0, 0, Date().addingTimeInterval(-age), owner).run()
                    try await ObservationWriter(table: Self.table, dataKey: key, database: sql).write(Self.figures(2000...2009, value: 9))
                }
                #expect(try await Self.storedRows(app) == 30)
                #expect(try await Self.values(app) == Array(repeating: 1, count: 10))
                #expect(try await app.statistics.tables().map(\.identifier) == ["47018NED"])

                _ = try await app.statistics.replace(Self.table, source: "v2.csv") { store in try await store(Self.figures(2014...2023, value: 2)) }
                #expect(try await Self.values(app) == Array(repeating: 2, count: 10))
                #expect(try await Self.storedRows(app) == 20)
                let left = try await sql.select().column("identifier").from("statistics_tables").where(SQLColumn("staging_of"), .isNot, SQLLiteral.null)
                    .all().map { try $0.decode(column: "identifier", as: String.self) }
                #expect(left.sorted() == ["85984NED~running", try #require(try await FluentStatisticsRepository.publishedKey("47018NED", on: sql))].sorted())
            }
        }

        @Test("The same figure twice, even in different blocks of rows, is refused naming the figure; nothing changes")
        func duplicateNamed() async throws {
            try await withTestApp { app in
                _ = try await ODataImport.run(directory: try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                ]), into: app.statistics)
                // Thousands of different figures (more than one block), then the first one again.
                let types = ["0.0.0", "1.1.1", "1.2.1", "1.4.5", "2.2.1"]
                let municipalities = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
                    .regionDimension!.codes.keys.filter { $0.hasPrefix("GM") && $0 != "GM0222" }.sorted()
                var rows = ["0;\"1.1.1 \";\"GM0222    \";\"2013JJ00\";7;\"\";\"Gemeente\""]
                rows += (1..<7_000).map { i in
                    "\(i);\"\(types[i % 5]) \";\"\(municipalities[(i / 60) % municipalities.count])\";\"\(2012 + (i / 5) % 12)JJ00\";\(i);\"\";\"Gemeente\""
                }
                rows.append("7000;\"1.1.1 \";\"GM0222    \";\"2013JJ00\";5;\"\";\"Gemeente\"")
                let folder = try table47018(rows)
                let found = await problems { () async throws(ImportProblems) in try await ODataImport.run(directory: folder, into: app.statistics) }
                #expect(found.count == 1)
                #expect(found.first?.contains("het cijfer voor regio GM0222, periode 2013JJ00, SoortMisdrijf 1.1.1, onderwerp GeregistreerdeMisdrijven_1 staat twee keer in het bestand") == true)
                #expect(found.first?.contains("de tabel zoals die was opgeslagen, is ongewijzigd") == true)
                #expect(found.first.map { !$0.contains("UNIQUE") && !$0.contains("INSERT") && !$0.contains("constraint") } == true)
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1").map(\.value) == [121])
            }
        }

        @Test("A StatLine export with a figure twice says which one, not only that storing failed")
        func statLineDuplicate() async throws {
            try await withTestApp { app in
                let metadata = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
                let url = try temporaryFile("export-47018NED.csv", """
                "Soort misdrijf";"Perioden";"Regio's";"Geregistreerde misdrijven (aantal)"
                "1.1.1 Diefstal/inbraak woning";"2023";"Doetinchem";"121"
                "1.1.1 Diefstal/inbraak woning";"2023";"Doetinchem";"122"

                """)
                let found = await problems { () async throws(ImportProblems) in
                    try await ODataImport.run(export: url, metadata: metadata, identifier: "47018NED", into: app.statistics)
                }
                #expect(found == ["export-47018NED.csv: het cijfer voor regio GM0222, periode 2023JJ00, SoortMisdrijf 1.1.1, onderwerp GeregistreerdeMisdrijven_1 staat twee keer in het bestand; elk cijfer mag maar één keer voorkomen. Er is niets ingelezen; de tabel zoals die was opgeslagen, is ongewijzigd"])
                #expect(try await app.statistics.tables().isEmpty)
            }
        }

        @Test("A truncated file never replaces the stored table")
        func truncatedKeepsTable() async throws {
            try await withTestApp { app in
                let rows = (0..<30).map { "\($0);\"1.1.1 \";\"GM0222    \";\"\(2012 + $0 % 12)JJ00\";\($0 + 1);\"Doetinchem\";\"Gemeente\"" }
                _ = try await ODataImport.run(directory: try table47018(Array(rows.prefix(12))), into: app.statistics)
                let before = try await Self.values(app)
                let folder = try table47018(Array(rows.prefix(12)))
                let data = folder.appendingPathComponent("data.csv")
                let text = try String(contentsOf: data, encoding: .utf8)
                try String(text.prefix(text.count / 3)).write(to: data, atomically: true, encoding: .utf8)
                let found = await problems { () async throws(ImportProblems) in try await DataImport.run(folder, into: app.statistics) }
                #expect(found.count == 1)
                #expect(try await Self.values(app) == before)
                #expect(try await app.statistics.tables().map(\.revision) == [1])
            }
        }
    }
}

/// Values seen from inside an import, across the concurrency boundary.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[Double?]] = []
    var values: [[Double?]] { lock.withLock { items } }
    func add(_ values: [Double?]) { lock.withLock { items.append(values) } }
}
