import Foundation
@testable import RegieCore
import RegieImporter
import RegiePersistence
@testable import RegieReports
import SQLKit
import Testing
import VaporTesting

/// Issue 13 point 7: real figures win over the demo's invented ones, and every figure says
/// which table it comes from.
@Suite("Real figures before invented example figures: the rule")
struct TableChoiceTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func summary(_ identifier: String, example: Bool, importedAt: Date = now) -> StatisticsTableSummary {
        StatisticsTableSummary(identifier: identifier, title: identifier, source: "x.csv", revision: 1, observations: 1,
                               importedAt: importedAt, isExample: example)
    }

    @Test("Figures for the area, then real before example, then most years, then the latest period, then the newest import")
    func order() {
        let real = summary("47018NED", example: false)
        let invented = summary("voorbeeld-misdrijven-per-jaar", example: true)
        // Real with fewer years beats example with more.
        #expect(TableChoice.best([(invented, [2019, 2020, 2021, 2022, 2023]), (real, [2022, 2023])]) {
            TableChoice($0.0, years: $0.1)
        }?.0.identifier == "47018NED")
        // An example table with figures beats a real one without figures for the area.
        #expect(TableChoice.best([(real, [Int]()), (invented, [2023])]) { TableChoice($0.0, years: $0.1) }?.0.identifier == invented.identifier)
        // Among real tables: most years, then the latest year, then the newest import.
        let a = summary("a", example: false), b = summary("b", example: false)
        #expect(TableChoice.best([(a, [2021, 2022, 2023]), (b, [2022, 2023])]) { TableChoice($0.0, years: $0.1) }?.0.identifier == "a")
        #expect(TableChoice.best([(a, [2020, 2021]), (b, [2022, 2023])]) { TableChoice($0.0, years: $0.1) }?.0.identifier == "b")
        let older = summary("oud", example: false, importedAt: Self.now.addingTimeInterval(-86_400))
        #expect(TableChoice.best([(a, [2023]), (older, [2023])]) { TableChoice($0.0, years: $0.1) }?.0.identifier == "a")
        #expect(TableChoice.best([(older, [2023]), (a, [2023])]) { TableChoice($0.0, years: $0.1) }?.0.identifier == "a")
        #expect(TableChoice.ranked([invented, older, real]) { TableChoice($0, years: [2023]) }.map(\.identifier)
                == ["47018NED", "oud", "voorbeeld-misdrijven-per-jaar"])
    }

    @Test("Only the demo's voorbeeld- entries count as invented")
    func demoEntries() {
        #expect(DataImport.isExampleEntry("voorbeeld-misdrijven-per-jaar"))
        #expect(DataImport.isExampleEntry("Voorbeeld-misdrijven-per-maand"))
        #expect(!DataImport.isExampleEntry("cbs-37230ned-bevolking-gemeenten.csv"))
        #expect(!DataImport.isExampleEntry("cbs-85984NED-inwoners-per-wijk-2024.csv"))
        // The entries the demo ships: the crime counts are invented, the population is real.
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("examples/cijfers").path)) ?? []
        #expect(entries.filter(DataImport.isExampleEntry).sorted() == ["voorbeeld-misdrijven-per-jaar", "voorbeeld-misdrijven-per-maand"])
    }

    @Test("The overview names a real table by its series and the example table as the other series, with the notice")
    func mixedOverview() {
        let real = summary("47018NED", example: false)
        let invented = summary("voorbeeld-misdrijven-per-jaar", example: true)
        func series(_ key: String, _ table: StatisticsTableSummary) -> SeriesAnalysis {
            var item = SeriesAnalysis(series: SeriesCatalogue.resolve(key, in: SeriesCatalogue.defaults)!, source: table.identifier,
                                      area: RegionSeries(name: "Proefstad", role: .area, years: [YearFigure(year: 2023, count: 40)]),
                                      comparisons: [], districts: [], districtYear: nil, districtPopulationYear: nil, monthly: nil, monthlySource: nil)
            item.sourceTables = [table]
            return item
        }
        let html = AnalysisSections.overviewSources([series("woninginbraak", real), series("geweld", invented), series("straatroof-overval", invented)]).render()
        #expect(html.contains("<p class=\"source muted\">Bron van Woninginbraak: tabel 47018NED, ingelezen op "))
        #expect(html.contains("<p class=\"source notice example-data\"><strong>Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers.</strong> Bron van de overige reeksen: tabel voorbeeld-misdrijven-per-jaar, ingelezen op "))
        let overview = AnalysisTables.overview(of: [series("woninginbraak", real), series("geweld", invented)], caption: "Overzicht")
        #expect(overview.noteHeaders.last == "Bron")
        #expect(overview.notes.map { $0.last } == ["tabel 47018NED", "tabel voorbeeld-misdrijven-per-jaar – verzonnen voorbeeldcijfers"])
    }

    @Test("Invented inhabitants get the notice without the word police; the download names every table")
    func populationNotice() {
        let crime = summary("47018NED", example: false)
        var population = summary("voorbeeld-bevolking", example: true)
        population.title = "Bevolking (verzonnen)"
        var series = SeriesAnalysis(series: SeriesCatalogue.resolve("woninginbraak", in: SeriesCatalogue.defaults)!, source: "47018NED",
                                    area: RegionSeries(name: "Proefstad", role: .area, years: [YearFigure(year: 2023, count: 40, population: 10_000)]),
                                    comparisons: [], districts: [], districtYear: nil, districtPopulationYear: nil, monthly: nil, monthlySource: nil)
        series.populationSource = "voorbeeld-bevolking"
        series.sourceTables = [crime, population]
        let sources = AnalysisWording.sources(series)
        #expect(sources.map(\.table.identifier) == ["47018NED", "voorbeeld-bevolking"])
        let line = AnalysisWording.csvSource(sources)
        #expect(line == "Bron: cijfers: tabel 47018NED; inwoners: Bevolking (verzonnen) (tabel voorbeeld-bevolking). Let op: verzonnen voorbeeldcijfers, geen echte cijfers.")
        #expect(AnalysisWording.sourceLine(.years, crime).hasPrefix("Bron van de cijfers per jaar: tabel 47018NED, ingelezen op "))
        #expect(!AnalysisWording.sourceLine(.years, crime).contains("Let op"))
        #expect(AnalysisWording.sourceLine(.population, population).hasSuffix("Let op: verzonnen voorbeeldcijfers, geen echte cijfers."))
    }
}

/// A 47018NED-layout folder with yearly counts of burglary (1.1.1) per region.
func burglaryTable(_ counts: [(region: String, year: Int, count: Int)]) throws -> URL {
    try table47018(counts.enumerated().map { index, row in
        "\(index);\"1.1.1 \";\"\(row.region.padding(toLength: 10, withPad: " ", startingAt: 0))\";\"\(row.year)JJ00\";\(row.count);\"\";\"Gemeente\""
    })
}

/// A monthly table (47022NED layout) of burglary in Meierijstad over 2021–2022, winter-heavy.
func monthlyBurglaryTable() throws -> URL {
    let directory = try table47018([])
    let winter = [30, 26, 20, 12, 8, 6, 5, 7, 10, 18, 25, 31]
    var rows: [String] = []
    for year in 2021...2022 {
        for month in 1...12 {
            rows.append("\(rows.count);\"1.1.1 \";\"GM1948    \";\"\(year)MM\(String(format: "%02d", month))\";\(winter[month - 1]);\"Meierijstad\";\"Gemeente\"")
        }
    }
    let header = "\"ID\";\"SoortMisdrijf\";\"WijkenEnBuurten\";\"Perioden\";\"GeregistreerdeMisdrijven_1\";\"Gemeentenaam_2\";\"SoortRegio_3\""
    try ([header] + rows).joined(separator: "\n").write(to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
    let periods = ["\"Key\",\"Title\",\"Description\",\"Status\""] + (2021...2022).flatMap { year in
        (1...12).map { "\"\(year)MM\(String(format: "%02d", $0))\",\"\(year) \(AnalysisWordingMonths.names[$0 - 1])\",\"\",\"Definitief\"" }
    }
    try periods.joined(separator: "\n").write(to: directory.appendingPathComponent("Perioden.csv"), atomically: true, encoding: .utf8)
    try "\"ID\",\"Title\",\"Identifier\"\n0,\"Misdrijven per maand\",\"47022NED\"".write(to: directory.appendingPathComponent("TableInfos.csv"), atomically: true, encoding: .utf8)
    return directory
}

extension DatabaseTests {
    @Suite("Real figures before invented example figures")
    struct RealOverExampleTests {
        static let meierijstad = MunicipalityCode("GM1948")!
        static let exampleYears = "voorbeeld-misdrijven-per-jaar"
        static let burglary = SeriesCatalogue.resolve("woninginbraak", in: SeriesCatalogue.defaults)!
        static let area = AnalysisArea(name: "Meierijstad", municipalities: [meierijstad])

        /// Invented counts for Meierijstad over five years (2111 a year, as the demo's look).
        static func importExample(into app: Application, region: String = "GM1948") async throws {
            let folder = try burglaryTable((2019...2023).map { (region, $0, 2111) })
            let result = try await DataImport.run(folder, identifier: exampleYears, example: true, into: app.statistics)
            #expect(result.table.isExample)
        }

        /// Real counts for Meierijstad over three years.
        static func importReal(into app: Application, region: String = "GM1948") async throws {
            let folder = try burglaryTable([(region, 2021, 160), (region, 2022, 130), (region, 2023, 100)])
            let result = try await DataImport.run(folder, into: app.statistics)
            #expect(!result.table.isExample)
        }

        static func importPopulation(into app: Application) async throws {
            _ = try await ODataImport.run(file: fixtures.appendingPathComponent("cbs-37230ned-bevolking-gemeenten-typeddataset.csv"),
                                          identifier: nil, into: app.statistics)
        }

        @Test("A real table wins over an example table with more years; the years follow the real figures")
        func realWinsWithFewerYears() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                try await Self.importReal(into: app)
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                let series = try #require(analysis.series.first)
                #expect(series.source == "47018NED")
                #expect(analysis.years == 2019...2023)
                #expect(series.area.years.map(\.count) == [nil, nil, 160, 130, 100])
                #expect(!series.area.years.contains { $0.count == 2111 })
                #expect(!series.usesExampleData)
                #expect(!analysis.sources.contains { $0.isExample }, "the example table is not named as a source")
                #expect(analysis.measurements(for: IndicatorSeriesLink(series: "woninginbraak", measure: .count), catalogue: SeriesCatalogue.defaults)
                    .map(\.isExample) == [false, false, false])
                // The same holds with the real table imported first.
                try await Self.importReal(into: app)
                let again = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                #expect(again.series.first?.source == "47018NED")
            }
        }

        @Test("Without real figures for the area the example table is used, and says so")
        func exampleWhenNoRealFigures() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                // Real figures, but for Boxtel only.
                try await Self.importReal(into: app, region: "GM0757")
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                let series = try #require(analysis.series.first)
                #expect(series.source == Self.exampleYears)
                #expect(series.area.years.map(\.count) == [2111, 2111, 2111, 2111, 2111])
                #expect(series.usesExampleData)
                #expect(series.sourceTable(series.source)?.isExample == true)
                // An indicator measured from these figures carries the mark to the theme page.
                let measured = analysis.measurements(for: IndicatorSeriesLink(series: "woninginbraak", measure: .count), catalogue: SeriesCatalogue.defaults)
                #expect(measured.count == 5 && measured.allSatisfy(\.isExample))
                #expect(IndicatorTable.measured(Indicator(key: Key("inbraken")!, name: "Woninginbraken", series: IndicatorSeriesLink(series: "woninginbraak", measure: .count)), measured)
                    .hasSuffix("(tabel \(Self.exampleYears)). Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers."))
                // Boxtel itself gets its real figures.
                let boxtel = try await SafetyAnalysisBuilder(repository: app.statistics)
                    .analyse(AnalysisArea(name: "Boxtel", municipalities: [MunicipalityCode("GM0757")!]), series: [Self.burglary])
                #expect(boxtel.series.first?.source == "47018NED")
                #expect(boxtel.series.first?.area.years.compactMap(\.count) == [160, 130, 100])
            }
        }

        @Test("The page shows each series' source and, for example data, the notice; the notice goes once real figures come")
        func noticeOnPage() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                try await Self.importPopulation(into: app)
                let officer = try await app.signIn("beleid.meierijstad", .municipality(Self.meierijstad), [.policyOfficer])
                let notice = "Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers."
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Bron van de cijfers per jaar: Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel \(Self.exampleYears))"))
                    #expect(body.contains("<p class=\"notice example-data\"><strong>\(notice)</strong></p>"))
                    #expect(body.contains("Bron van het aantal inwoners: tabel 37230ned, ingelezen op "))
                    #expect(body.contains("2.111"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse", headers: officer.headers) { res in
                    let body = res.body.string
                    // Woninginbraak and High Impact Crimes (its burglary part) come from the one table.
                    #expect(body.contains("<strong>\(notice)</strong> Bron van alle reeksen: Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel \(Self.exampleYears))"))
                    #expect(body.contains(notice))
                    #expect(body.contains("(verzonnen voorbeeldcijfers)"), "the lead marks the example table")
                }
                try await Self.importReal(into: app)
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("Bron van de cijfers per jaar: Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel 47018NED)"))
                    #expect(!body.contains(notice))
                    #expect(!body.contains("2.111"))
                }
            }
        }

        @Test("The series download ends with a Bron line, the overview download has a Bron column")
        func csvSources() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                let officer = try await app.signIn("beleid.meierijstad", .municipality(Self.meierijstad), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let lines = res.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                    #expect(lines.first?.hasPrefix("\u{FEFF}\"Jaar\";\"Gemeente GM1948: aantal\"") == true)
                    #expect(lines.last == "\"Bron: cijfers: Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel \(Self.exampleYears)). Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers.\"")
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/overzicht.csv", headers: officer.headers) { res in
                    let lines = res.body.string.components(separatedBy: "\r\n")
                    #expect(lines[0].hasSuffix(";\"Jaar\";\"Ontwikkeling\";\"Bron\""))
                    let row = try #require(lines.first { $0.hasPrefix("\"Woninginbraak\"") })
                    #expect(row.hasSuffix(";\"Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel \(Self.exampleYears)) – verzonnen voorbeeldcijfers\""))
                }
                try await Self.importReal(into: app)
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv", headers: officer.headers) { res in
                    let last = res.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }.last
                    #expect(last == "\"Bron: cijfers: Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (tabel 47018NED).\"")
                }
            }
        }

        @Test("Invented months beside real years: the monthly pattern is shown with the notice, the years stay real")
        func exampleMonthsBesideRealYears() async throws {
            try await withTestApp { app in
                _ = try await DataImport.run(try monthlyBurglaryTable(), identifier: "voorbeeld-misdrijven-per-maand", example: true, into: app.statistics)
                _ = try await DataImport.run(try burglaryTable([("GM1948", 2021, 160), ("GM1948", 2022, 130)]), into: app.statistics)
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                let series = try #require(analysis.series.first)
                #expect(series.source == "47018NED")
                #expect(series.area.years.compactMap(\.count) == [160, 130])
                #expect(series.monthlySource == "voorbeeld-misdrijven-per-maand")
                #expect(series.monthly?.years == [2021, 2022])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(Self.meierijstad), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    let body = res.body.string
                    let months = try #require(body.range(of: "Bron van de cijfers per maand: Misdrijven per maand (tabel voorbeeld-misdrijven-per-maand)"))
                    #expect(body[months.upperBound...].contains("Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers."))
                    let years = try #require(body.range(of: "Bron van de cijfers per jaar: "))
                    #expect(body[years.upperBound..<months.lowerBound].contains("(tabel 47018NED)"))
                    #expect(!body[years.upperBound..<months.lowerBound].contains("Let op"), "the yearly figures are real")
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak-maanden.csv", headers: officer.headers) { res in
                    #expect(res.body.string.components(separatedBy: "\r\n").filter { !$0.isEmpty }.last?
                        .hasSuffix("Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers.\"") == true)
                }
            }
        }

        @Test("Districts and inhabitants follow the same rule: real before example")
        func districtsAndPopulation() async throws {
            try await withTestApp { app in
                // Invented districts, with one far above the rest, and invented inhabitants.
                let invented = try burglaryTable((2019...2023).map { ("GM1948", $0, 2111) }
                    + [("WK194801", 2023, 900), ("WK194802", 2023, 10), ("WK194803", 2023, 10), ("WK194804", 2023, 10)])
                _ = try await DataImport.run(invented, identifier: Self.exampleYears, example: true, into: app.statistics)
                let people = StatisticsTable(identifier: "voorbeeld-bevolking", title: "Verzonnen bevolking", categoryDimensions: [],
                                             measures: [StatisticsMeasure(key: "BevolkingAanHetBeginVanDePeriode_1", title: "Bevolking")],
                                             isExample: true)
                let region = RegionCode("GM1948")!
                _ = try await app.statistics.replace(people, source: "bevolking.csv") { store in
                    try await store((2015...2023).map { Observation(region: region, period: .year($0), measure: "BevolkingAanHetBeginVanDePeriode_1", value: 50_000) })
                }
                let first = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                let onlyInvented = try #require(first.series.first)
                #expect(onlyInvented.populationSource == "voorbeeld-bevolking")
                #expect(onlyInvented.area.years.last?.population == 50_000)
                #expect(onlyInvented.districtSource == Self.exampleYears)
                let officer = try await app.signIn("beleid.meierijstad", .municipality(Self.meierijstad), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("Bron van het aantal inwoners: Verzonnen bevolking (tabel voorbeeld-bevolking)"))
                    #expect(body.contains("<strong>Let op: verzonnen voorbeeldcijfers, geen echte cijfers.</strong>"))
                    #expect(body.contains("Bron van de cijfers per wijk: "))
                }

                // Real figures with districts and the real population table: both win, though
                // the invented inhabitants cover more years.
                let real = try burglaryTable([("GM1948", 2022, 130), ("GM1948", 2023, 100),
                                              ("WK194801", 2023, 10), ("WK194802", 2023, 15), ("WK194803", 2023, 55), ("WK194804", 2023, 20)])
                _ = try await DataImport.run(real, into: app.statistics)
                try await Self.importPopulation(into: app)
                let second = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(Self.area, series: [Self.burglary])
                let series = try #require(second.series.first)
                #expect(series.source == "47018NED")
                #expect(series.populationSource == "37230ned")
                #expect(series.area.years.last?.population == 83_715)
                #expect(series.districtSource == "47018NED")
                #expect(series.districts.map(\.count).sorted { ($0 ?? 0) < ($1 ?? 0) } == [10, 15, 20, 55])
                #expect(!series.usesExampleData)
            }
        }

        @Test("The example flag round-trips through the summary and the table, is kept on a new revision and cleared by a real import")
        func flagRoundTrips() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                try await Self.importPopulation(into: app)
                var summaries = try await app.statistics.tables()
                #expect(summaries.first { $0.identifier == Self.exampleYears }?.isExample == true)
                #expect(summaries.first { $0.identifier == "37230ned" }?.isExample == false)
                #expect(try await app.statistics.table(Self.exampleYears)?.isExample == true)
                #expect(try await app.statistics.table("37230ned")?.isExample == false)
                // A new revision of the example table stays an example table.
                try await Self.importExample(into: app)
                summaries = try await app.statistics.tables()
                let revised = try #require(summaries.first { $0.identifier == Self.exampleYears })
                #expect(revised.revision == 2 && revised.isExample)
                // The same identifier imported as a real download is real from then on.
                let folder = try burglaryTable([("GM1948", 2023, 100)])
                _ = try await DataImport.run(folder, identifier: Self.exampleYears, into: app.statistics)
                #expect(try await app.statistics.table(Self.exampleYears)?.isExample == false)
                #expect(try await app.statistics.tables().first { $0.identifier == Self.exampleYears }?.isExample == false)
            }
        }

        @Test("The is_example column: false by default, written on the published row and on its data row")
        func exampleColumn() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                try await Self.importReal(into: app)
                let sql = try #require(app.db as? any SQLDatabase)
                let rows = try await sql.select().columns("identifier", "staging_of", "is_example").from("statistics_tables").all()
                var flags: [String: Bool] = [:]
                for row in rows {
                    let owner = try row.decode(column: "staging_of", as: String?.self) ?? row.decode(column: "identifier", as: String.self)
                    let flag = try (try? row.decode(column: "is_example", as: Bool.self)) ?? (row.decode(column: "is_example", as: Int.self) != 0)
                    if let known = flags[owner] { #expect(known == flag, "the rows of \(owner) agree") }
                    flags[owner] = flag
                }
                #expect(flags == [Self.exampleYears: true, "47018NED": false])
                #expect(rows.count == 4, "each table has its published row and its data row")
                // A row written without the column (as before migration 015) is real.
                try await sql.raw("""
                    INSERT INTO statistics_tables (identifier, title, category_dimensions, source, revision, observation_count, imported_at)
                    VALUES ('oud', 'Oude tabel', '', 'oud.csv', 1, 0, \(bind: Date()))
                    """).run()
                let old = try await sql.select().column("is_example").from("statistics_tables").where("identifier", .equal, "oud").first()
                let value = try #require(old)
                let flag = try (try? value.decode(column: "is_example", as: Bool.self)) ?? (value.decode(column: "is_example", as: Int.self) != 0)
                #expect(flag == false)
            }
        }

        @Test("The figures page marks example tables")
        func figuresPageMarksExamples() async throws {
            try await withTestApp { app in
                try await Self.importExample(into: app)
                try await Self.importPopulation(into: app)
                let administrator = try await app.signIn("beheer.meierijstad", .municipality(Self.meierijstad), [.administrator])
                try await app.testing().test(.GET, "/beheer/cijfers", headers: administrator.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.components(separatedBy: "<span class=\"badge example-data\">voorbeeld</span>").count == 2, "only the example table")
                    #expect(body.contains("bevatten verzonnen voorbeeldcijfers van de demo"))
                }
            }
        }
    }
}
