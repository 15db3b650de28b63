import Foundation
import RegieCore
import RegieImporter
import RegiePersistence
import Testing
import VaporTesting

/// Several downloads of one table add up; `--vervang` replaces (issue 13, point 2).
extension DatabaseTests {
    @Suite("Downloads of one table add up")
    struct AddingUpTests {
        static let doetinchem = RegionCode("GM0222")!
        static let stadskanaal = RegionCode("GM0037")!
        static let measure = "GeregistreerdeMisdrijven_1"

        static func row(_ id: Int, _ region: String, _ year: Int, _ value: String, category: String = "1.1.1") -> String {
            "\(id);\"\(category) \";\"\(region)    \";\"\(year)JJ00\";\(value);\"\";\"Gemeente\""
        }

        static func values(_ app: Application, _ region: RegionCode) async throws -> [String] {
            try await app.statistics.observations(table: "47018NED", region: region, measure: measure)
                .map { "\($0.period) \($0.categories["SoortMisdrijf"] ?? "") \($0.value.map { String($0) } ?? "-")" }
        }

        @Test("A download of 2023 beside one of 2021-2022 adds 2023, revises the repeated 2022 figure and keeps the rest; the revision and the changed figure are recorded")
        func laterYearAddsUp() async throws {
            try await withTestApp { app in
                let first = try await DataImport.run(try table47018([
                    Self.row(0, "GM0222", 2021, "140"), Self.row(1, "GM0222", 2022, "121"), Self.row(2, "GM0037", 2022, "44"),
                ]), into: app.statistics)
                #expect(first.outcome.revision == 1 && first.outcome.changes == StatisticsRevisionCounts(added: 3))
                #expect(first.outcome.newPeriods == [.year(2021), .year(2022)])
                let second = try await DataImport.run(try table47018([
                    Self.row(0, "GM0222", 2022, "125"), Self.row(1, "GM0222", 2023, "118"),
                ]), into: app.statistics)
                let outcome = second.outcome
                #expect(outcome.revision == 2 && outcome.mode == .addUp)
                #expect(outcome.changes == StatisticsRevisionCounts(added: 1, revised: 1, unchanged: 0, kept: 2, removed: 0))
                #expect(outcome.observations == 4 && outcome.previousObservations == 3)
                #expect(outcome.periods == [.year(2022), .year(2023)] && outcome.newPeriods == [.year(2023)] && outcome.newRegions == 0)
                #expect(try await Self.values(app, Self.doetinchem) == ["2021JJ00 1.1.1 140.0", "2022JJ00 1.1.1 125.0", "2023JJ00 1.1.1 118.0"])
                #expect(try await Self.values(app, Self.stadskanaal) == ["2022JJ00 1.1.1 44.0"])
                let summary = try #require(try await app.statistics.tables().first { $0.identifier == "47018NED" })
                #expect(summary.revision == 2 && summary.observations == 4)
                // The coverage (and so the analysis) now runs 2021-2023.
                let coverage = try #require(try await app.statistics.coverage(table: "47018NED"))
                #expect(coverage.periods == [.year(2021), .year(2022), .year(2023)])

                let revisions = try await app.statistics.revisions(table: "47018NED")
                #expect(revisions.map(\.revision) == [2, 1])
                #expect(revisions[0].mode == .addUp && revisions[0].source == "data.csv" && revisions[0].observations == 4)
                #expect(revisions[0].changes == outcome.changes && revisions[0].periods == [.year(2022), .year(2023)])
                #expect(revisions[1].changes == StatisticsRevisionCounts(added: 3) && revisions[1].observations == 3)
                let changes = try await app.statistics.revisionChanges(table: "47018NED", revision: 2, limit: 10)
                #expect(changes.total == 1)
                #expect(changes.changes == [StatisticsRevisionChange(region: Self.doetinchem, period: .year(2022), category: "1.1.1",
                                                                     measure: Self.measure, before: 121, after: 125)])
                #expect(try await app.statistics.revisionChanges(table: "47018NED", revision: 1, limit: 10).total == 0)
                #expect(try await app.statistics.revisionChanges(table: "47018NED", revision: 9, limit: 10).total == 0)

                let sentences = outcome.sentences(table: "47018NED")
                #expect(sentences[0] == "Tabel 47018NED aangevuld tot versie 2: 1 nieuwe cijfer, 1 herzien, 0 ongewijzigd. 2 cijfers uit eerdere downloads blijven staan.")
                #expect(sentences[1] == "Dit bestand had de perioden 2022–2023; nieuw: 2023.")
                #expect(sentences[2] == "De tabel heeft nu 4 cijfers (vorige versie: 3).")
            }
        }

        @Test("After two downloads the analysis shows every year of both: the first download's year, the revised figure and the new year")
        func analysisShowsBoth() async throws {
            try await withTestApp { app in
                _ = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2021, "140"), Self.row(1, "GM0222", 2022, "121")]),
                                             into: app.statistics)
                _ = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2022, "125"), Self.row(1, "GM0222", 2023, "118")]),
                                             into: app.statistics)
                let officer = try await app.signIn("beleid.doetinchem", .municipality(MunicipalityCode("GM0222")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM0222/veiligheidsanalyse/woninginbraak.csv", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let lines = res.body.string.split(whereSeparator: \.isNewline).map(String.init)
                    let years = lines.filter { $0.hasPrefix("\"20") }
                    #expect(Array(years.suffix(3)) == ["\"2021\";140", "\"2022\";125", "\"2023\";118"], "\(lines)")
                    #expect(lines.last?.hasPrefix("\"Bron:") == true, "the source is named last")
                }
            }
        }

        @Test("Adding up in stretches of regions (one figure per transaction) copies, compares and records exactly what one stretch would")
        func inStretches() async throws {
            try await withTestApp { app in
                let repository = FluentStatisticsRepository(database: app.db, rowsPerTransaction: 1)
                let table = StatisticsTable(identifier: "eigen-reeksen", title: "Eigen reeksen", categoryDimensions: [],
                                            measures: [StatisticsMeasure(key: "Meldingen", title: "Meldingen")])
                let codes = ["GM0014", "GM0034", "GM0037", "GM0047", "GM0222", "WK003701", "WK003702"].map { RegionCode($0)! }
                let figure: @Sendable (RegionCode, Int, Double?) -> Observation = { region, year, value in
                    Observation(region: region, period: .year(year), categories: [:], measure: "Meldingen", value: value)
                }
                _ = try await repository.store(table, source: "a.csv", mode: .addUp) { store in
                    try await store(codes.flatMap { code in [figure(code, 2022, 10), figure(code, 2023, 20)] })
                }
                // Every other region repeats 2023 with another value; all get 2024.
                let outcome = try await repository.store(table, source: "b.csv", mode: .addUp) { store in
                    try await store(codes.enumerated().flatMap { index, code in
                        [figure(code, 2023, index.isMultiple(of: 2) ? 21 : 20), figure(code, 2024, 30)]
                    })
                }
                #expect(outcome.changes == StatisticsRevisionCounts(added: 7, revised: 4, unchanged: 3, kept: 7, removed: 0))
                #expect(outcome.observations == 21)
                let stored = try await repository.observations(ObservationQuery(table: "eigen-reeksen", measure: "Meldingen", regions: .codes(codes)))
                #expect(stored.count == 21)
                #expect(Set(stored.filter { $0.period == .year(2022) }.map(\.region)) == Set(codes))
                let changes = try await repository.revisionChanges(table: "eigen-reeksen", revision: 2, limit: 100)
                #expect(changes.total == 4 && changes.changes.map(\.region) == [codes[0], codes[2], codes[4], codes[6]])
                #expect(changes.changes.allSatisfy { $0.before == 20 && $0.after == 21 })
            }
        }

        /// A wide StatLine website export of 47013NED with `periods` as columns (title lines,
        /// header lines, BOM and the "Bron: Politie" footer as the website writes them).
        static func wideExport(periods: [String], rows: [String]) throws -> URL {
            try temporaryFile("Geregistreerde_misdrijven_en_aangiften.csv", ([
                "\"Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente, per maand\"",
                "\"Soort misdrijf: Totaal misdrijven\"",
                "\"Onderwerp\";" + periods.map { _ in "\"Geregistreerde misdrijven\"" }.joined(separator: ";"),
                "\"Perioden\";" + periods.map { "\"\($0)\"" }.joined(separator: ";"),
                "\"Regio's\";" + periods.map { _ in "\"aantal\"" }.joined(separator: ";"),
            ] + rows + ["\"Bron: Politie\"", ""]).joined(separator: "\r\n"), bom: true)
        }

        @Test("Two website exports without any metadata file add up: the second one's year is added, its repeated year revised, the first one's other municipality kept")
        func websiteExportsAddUp() async throws {
            try await withTestApp { app in
                let first = try await DataImport.run(try Self.wideExport(periods: ["2022", "2023"], rows: [
                    "\"Doetinchem\";\"3100\";\"3000\"", "\"Stadskanaal\";\"1500\";\"1450\"",
                ]), into: app.statistics)
                #expect(first.table.identifier == "47013NED" && first.outcome.revision == 1)
                let second = try await DataImport.run(try Self.wideExport(periods: ["2023", "2024*"], rows: [
                    "\"Doetinchem\";\"2990\";\"2950\"",
                ]), into: app.statistics)
                // Doetinchem 2022 and both of Stadskanaal's years stay.
                #expect(second.outcome.changes == StatisticsRevisionCounts(added: 1, revised: 1, unchanged: 0, kept: 3, removed: 0))
                #expect(second.outcome.newPeriods == [.year(2024)])
                func values(_ code: String) async throws -> [String] {
                    try await app.statistics.observations(table: "47013NED", region: RegionCode(code)!, measure: "GeregistreerdeMisdrijven_1")
                        .map { "\($0.period.year) \($0.value.map { String(Int($0)) } ?? "-")" }
                }
                #expect(try await values("GM0222") == ["2022 3100", "2023 2990", "2024 2950"])
                #expect(try await values("GM0037") == ["2022 1500", "2023 1450"])
                let names = try await app.statistics.regionNames(table: "47013NED", regions: .codes([RegionCode("GM0037")!, RegionCode("GM0222")!]))
                #expect(names.count == 2, "the names of both downloads are kept")
            }
        }

        @Test("The same download twice changes nothing but the version; a figure that becomes unpublished, or published, counts as revised")
        func repeatsAndMissing() async throws {
            try await withTestApp { app in
                let rows = [Self.row(0, "GM0222", 2023, "121"), Self.row(1, "GM0037", 2023, "\".\"")]
                _ = try await DataImport.run(try table47018(rows), into: app.statistics)
                let again = try await DataImport.run(try table47018(rows), into: app.statistics)
                #expect(again.outcome.changes == StatisticsRevisionCounts(added: 0, revised: 0, unchanged: 2, kept: 0, removed: 0))
                #expect(again.outcome.observations == 2 && again.outcome.newPeriods.isEmpty)
                let swapped = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "\".\""), Self.row(1, "GM0037", 2023, "7")]),
                                                       into: app.statistics)
                #expect(swapped.outcome.changes == StatisticsRevisionCounts(added: 0, revised: 2, unchanged: 0, kept: 0, removed: 0))
                let changes = try await app.statistics.revisionChanges(table: "47018NED", revision: 3, limit: 10).changes
                #expect(changes.map(\.region) == [Self.stadskanaal, Self.doetinchem])
                #expect(changes[0].before == nil && changes[0].after == 7 && changes[1].before == 121 && changes[1].after == nil)
            }
        }

        @Test("--vervang makes the file the whole table: figures it does not repeat are removed and counted")
        func replaceRemoves() async throws {
            try await withTestApp { app in
                _ = try await DataImport.run(try table47018([
                    Self.row(0, "GM0222", 2022, "140"), Self.row(1, "GM0222", 2023, "121"), Self.row(2, "GM0037", 2023, "44"),
                ]), into: app.statistics)
                let replaced = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "125")]), mode: .replace, into: app.statistics)
                #expect(replaced.outcome.mode == .replace && replaced.outcome.observations == 1)
                #expect(replaced.outcome.changes == StatisticsRevisionCounts(added: 0, revised: 1, unchanged: 0, kept: 0, removed: 2))
                #expect(replaced.outcome.sentences(table: "47018NED")[0]
                        == "Tabel 47018NED vervangen door versie 2: 0 nieuwe cijfers, 1 herzien, 0 ongewijzigd. 2 cijfers van de vorige versie staan niet in dit bestand en zijn verwijderd.")
                #expect(try await Self.values(app, Self.doetinchem) == ["2023JJ00 1.1.1 125.0"])
                #expect(try await Self.values(app, Self.stadskanaal).isEmpty)
                #expect(try await app.statistics.revisions(table: "47018NED").first?.mode == .replace)
            }
        }

        @Test("Titles of codes add up too (the file's win); a file without a title keeps the stored one")
        func codesAddUp() async throws {
            try await withTestApp { app in
                let measure = StatisticsMeasure(key: "Meldingen", title: "Meldingen")
                let first = StatisticsTable(identifier: "eigen-GM0222", title: "Eigen reeksen Doetinchem", categoryDimensions: [],
                                            measures: [measure], regionNames: [Self.doetinchem: "Doetinchem", Self.stadskanaal: "Stadskanaal (oud)"])
                let figure: @Sendable (RegionCode, Int, Double) -> Observation = { region, year, value in
                    Observation(region: region, period: .year(year), categories: [:], measure: "Meldingen", value: value)
                }
                _ = try await app.statistics.store(first, source: "a.csv", mode: .addUp) { store in
                    try await store([figure(Self.doetinchem, 2023, 10), figure(Self.stadskanaal, 2023, 4)])
                }
                let second = StatisticsTable(identifier: "eigen-GM0222", title: "eigen-GM0222", categoryDimensions: [],
                                             measures: [StatisticsMeasure(key: "Overlast", title: "Overlastmeldingen", unit: "aantal")],
                                             regionNames: [Self.stadskanaal: "Stadskanaal"])
                _ = try await app.statistics.store(second, source: "b.csv", mode: .addUp) { store in
                    try await store([Observation(region: Self.doetinchem, period: .year(2024), categories: [:], measure: "Overlast", value: 3)])
                }
                let stored = try #require(try await app.statistics.table("eigen-GM0222"))
                #expect(stored.title == "Eigen reeksen Doetinchem")
                #expect(stored.measures.map(\.key) == ["Meldingen", "Overlast"])
                let names = try await app.statistics.regionNames(table: "eigen-GM0222", regions: .codes([Self.doetinchem, Self.stadskanaal]))
                #expect(names == [Self.doetinchem: "Doetinchem", Self.stadskanaal: "Stadskanaal"])
                #expect(try await app.statistics.observations(table: "eigen-GM0222", region: Self.doetinchem, measure: "Meldingen").map(\.value) == [10])
            }
        }

        @Test("A file with other category dimensions is refused before anything is staged, with a Dutch message naming --vervang; replacing works")
        func otherDimensions() async throws {
            try await withTestApp { app in
                _ = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "121")]), into: app.statistics)
                let flat = StatisticsTable(identifier: "47018NED", title: "Misdrijven", categoryDimensions: [],
                                           measures: [StatisticsMeasure(key: Self.measure, title: "Geregistreerde misdrijven")])
                let figures = [Observation(region: Self.doetinchem, period: .year(2024), categories: [:], measure: Self.measure, value: 1)]
                var found: [String] = []
                do {
                    _ = try await app.statistics.store(flat, source: "plat.csv", mode: .addUp) { store in try await store(figures) }
                    Issue.record("a file with other dimensions was added up")
                } catch {
                    #expect(error as? StatisticsStoreFailure == .otherDimensions(stored: ["SoortMisdrijf"], file: []))
                    found = [ImportProblem.storing(error, file: "plat.csv", line: nil).description]
                }
                #expect(found.count == 1)
                #expect(found.first?.contains("plat.csv: dit bestand is anders ingedeeld dan de opgeslagen tabel (indelingen van de opgeslagen tabel: SoortMisdrijf; van dit bestand: geen)") == true, "\(found)")
                #expect(found.first?.contains("regie data import --vervang") == true)
                #expect(try await Self.values(app, Self.doetinchem) == ["2023JJ00 1.1.1 121.0"])
                #expect(try await app.statistics.revisions(table: "47018NED").count == 1)
                let replaced = try await app.statistics.store(flat, source: "plat.csv", mode: .replace) { store in try await store(figures) }
                #expect(replaced.revision == 2 && replaced.observations == 1)
            }
        }

        @Test("An import that fails while adding up leaves the table, its versions and the recorded changes as they were")
        func failureLeavesHistory() async throws {
            try await withTestApp { app in
                _ = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "121")]), into: app.statistics)
                _ = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "122")]), into: app.statistics)
                let bad = try table47018([Self.row(0, "GM0222", 2023, "130"), Self.row(1, "GM0222", 2024, "twaalf")])
                let found = await problems { () async throws(ImportProblems) in _ = try await DataImport.run(bad, into: app.statistics) }
                #expect(!found.isEmpty)
                #expect(try await Self.values(app, Self.doetinchem) == ["2023JJ00 1.1.1 122.0"])
                #expect(try await app.statistics.revisions(table: "47018NED").map(\.revision) == [2, 1])
                let changes = try await app.statistics.revisionChanges(table: "47018NED", revision: 2, limit: 10)
                #expect(changes.total == 1 && changes.changes.first?.after == 122)
                // A later import works and records only its own change.
                let next = try await DataImport.run(try table47018([Self.row(0, "GM0222", 2023, "123")]), into: app.statistics)
                #expect(next.outcome.revision == 3 && next.outcome.changes.revised == 1)
                #expect(try await app.statistics.revisionChanges(table: "47018NED", revision: 3, limit: 10).changes.first?.before == 122)
            }
        }

        /// A municipality's own series as a file.
        static func ownSeries(_ lines: [String]) -> Data { Data((["regio;periode;reeks;waarde"] + lines).joined(separator: "\n").utf8 + [10]) }

        static func file(_ name: String, _ content: Data) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("regie-eigen-\(UUID().uuidString)-\(name)")
            try content.write(to: url)
            return url
        }

        @Test("Through the browser a smaller download of a shared table adds up; the versions page shows the revision and the changed figure")
        func browserAddsUp() async throws {
            try await withTestApp { app in
                let stadskanaal = MunicipalityCode("GM0037")!
                let admin = try await app.signIn("beheer.a", .municipality(stadskanaal), [.administrator])
                _ = try await DataImport.run(try Self.file("meldingen.csv", Self.ownSeries([
                    "GM0222;2023;Meldingen jeugdoverlast;30", "GM0037;2022;Meldingen jeugdoverlast;40", "GM0037;2023;Meldingen jeugdoverlast;44",
                ])), identifier: "meldingen", into: app.statistics)
                let location = try await DataUploadTests.upload(app, admin, "meldingen-2024.csv", Self.ownSeries([
                    "GM0037;2023;Meldingen jeugdoverlast;45", "GM0037;2024;Meldingen jeugdoverlast;50",
                ]), table: "meldingen")
                let page = try await DataUploadTests.finished(app, admin, location)
                #expect(page.contains("Tabel meldingen aangevuld tot versie 2: 1 nieuwe cijfer, 1 herzien, 0 ongewijzigd. 2 cijfers uit eerdere downloads blijven staan."), "\(page.prefix(3000))")
                #expect(page.contains("nieuw: 2024"))
                #expect(try await app.statistics.tables().first { $0.identifier == "meldingen" }?.observations == 4)
                let trail = try await app.accounts.auditTrail(for: stadskanaal, limit: 20)
                let entry = try #require(trail.first { $0.entry.action == .figuresImported }?.entry)
                #expect(entry.after.contains(AuditValue("Wijze", "aanvullen")) && entry.after.contains(AuditValue("Herziene cijfers", "1")))
                #expect(entry.after.contains(AuditValue("Behouden cijfers", "2")))
                try await app.testing().test(.GET, "/beheer/cijfers", headers: admin.headers) { res in
                    #expect(res.body.string.contains("href=\"/beheer/cijfers/tabellen/meldingen\""))
                    #expect(res.body.string.contains("Vervang de hele tabel"))
                }
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/meldingen", headers: admin.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("Tabel meldingen: versies"))
                    #expect(body.contains("Herziene cijfers in versie 2"))
                    #expect(body.contains("<td class=\"number\">44</td><td class=\"number\">45</td>"), "\(body)")
                    #expect(body.contains("<td>Stadskanaal (GM0037)</td>"), "named from the shipped lists")
                    #expect(body.contains("aangevuld") && body.contains("meldingen-2024.csv"))
                    #expect(body.contains("href=\"/beheer/cijfers/tabellen/meldingen?versie=1\""))
                }
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/meldingen?versie=1", headers: admin.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Deze versie herzag geen cijfers"))
                }
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/meldingen?versie=7", headers: admin.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Tabel meldingen heeft geen versie 7; er zijn versies 1, 2."))
                }
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/meldingen?versie=twee", headers: admin.headers) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("is geen versienummer"))
                }
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/onbekend", headers: admin.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Regie heeft geen tabel met de code onbekend"))
                }
                let officer = try await app.signIn("beleid.a", .municipality(stadskanaal), [.policyOfficer])
                try await app.testing().test(.GET, "/beheer/cijfers/tabellen/meldingen", headers: officer.headers) { res in
                    #expect(res.status == .forbidden)
                }
            }
        }

        @Test("Through the browser 'Vervang de hele tabel' replaces the municipality's own table, and the guard refuses a replacement that drops other municipalities' figures")
        func browserReplaceGuarded() async throws {
            try await withTestApp { app in
                let stadskanaal = MunicipalityCode("GM0037")!
                let admin = try await app.signIn("beheer.a", .municipality(stadskanaal), [.administrator])
                _ = try await DataImport.run(try Self.file("meldingen.csv", Self.ownSeries([
                    "GM0222;2023;Meldingen jeugdoverlast;30", "GM0037;2023;Meldingen jeugdoverlast;44",
                ])), identifier: "meldingen", into: app.statistics)
                func post(_ table: String, _ content: Data) async throws -> String {
                    let parts: [DataUploadTests.Part] = [.field("csrf", admin.csrf), .field("tabel", table), .field("vervang", "ja"),
                                                         .file("bestand", "meldingen.csv", content), .file("metadata", "", Data())]
                    var location = ""
                    try await app.testing().test(.POST, "/beheer/cijfers", headers: DataUploadTests.headers(admin), body: DataUploadTests.multipart(parts)) { res in
                        #expect(res.status == .seeOther)
                        location = res.headers.first(name: .location) ?? ""
                    }
                    return try await DataUploadTests.finished(app, admin, location)
                }
                let refused = try await post("meldingen", Self.ownSeries(["GM0037;2023;Meldingen jeugdoverlast;45"]))
                #expect(refused.contains("Er is niets ingelezen"))
                #expect(refused.contains("Vink &#39;Vervang de hele tabel&#39; uit") || refused.contains("Vink 'Vervang de hele tabel' uit"), "\(refused.prefix(3000))")
                #expect(try await app.statistics.tables().first { $0.identifier == "meldingen" }?.revision == 1)
                // The municipality's own table may shrink.
                _ = try await DataImport.run(try Self.file("eigen.csv", Self.ownSeries([
                    "GM0037;2022;Meldingen jeugdoverlast;40", "GM0037;2023;Meldingen jeugdoverlast;44",
                ])), identifier: "eigen-GM0037", into: app.statistics)
                let replaced = try await post("eigen-GM0037", Self.ownSeries(["GM0037;2023;Meldingen jeugdoverlast;45"]))
                #expect(replaced.contains("Tabel eigen-GM0037 vervangen door versie 2: 0 nieuwe cijfers, 1 herzien, 0 ongewijzigd. 1 cijfer van de vorige versie staat niet in dit bestand en is verwijderd."), "\(replaced.prefix(3000))")
                #expect(try await app.statistics.tables().first { $0.identifier == "eigen-GM0037" }?.observations == 1)
            }
        }
    }
}

/// The command line adds up by default, replaces with --vervang and lists the versions.
extension CommandLineTests {
    @Test("regie data import adds a later download up, --vervang replaces, regie data versies lists the versions and the revised figures")
    func importAddsUp() throws {
        let database = try newDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let first = try run(["data", "import", try table47018([
            DatabaseTests.AddingUpTests.row(0, "GM0222", 2021, "140"), DatabaseTests.AddingUpTests.row(1, "GM0222", 2022, "121"),
        ]).path], database: database)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("Tabel 47018NED is nieuw: versie 1 met 2 cijfers."), "\(first.output)")
        let second = try run(["data", "import", try table47018([
            DatabaseTests.AddingUpTests.row(0, "GM0222", 2022, "125"), DatabaseTests.AddingUpTests.row(1, "GM0222", 2023, "118"),
        ]).path], database: database)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("Tabel 47018NED aangevuld tot versie 2: 1 nieuwe cijfer, 1 herzien, 0 ongewijzigd. 1 cijfer uit eerdere downloads blijft staan."), "\(second.output)")
        #expect(second.output.contains("Welke cijfers zijn herzien: regie data versies 47018NED --versie 2"))
        let versions = try run(["data", "versies", "47018NED"], database: database)
        #expect(versions.status == 0, "\(versions.errors)")
        #expect(versions.output.contains("Tabel 47018NED: 2 versies, nieuwste eerst."))
        #expect(versions.output.contains("versie 2, aangevuld, uit data.csv, 3 cijfers (1 nieuw, 1 herzien, 0 ongewijzigd, 1 behouden); perioden 2022–2023"), "\(versions.output)")
        let revised = try run(["data", "versies", "47018NED", "--versie", "2"], database: database)
        #expect(revised.output.contains("  GM0222; 2022; 1.1.1; Geregistreerde misdrijven; 121; 125"), "\(revised.output)")
        let replaced = try run(["data", "import", "--vervang", try table47018([DatabaseTests.AddingUpTests.row(0, "GM0222", 2023, "118")]).path],
                               database: database)
        #expect(replaced.output.contains("Tabel 47018NED vervangen door versie 3: 0 nieuwe cijfers, 0 herzien, 1 ongewijzigd. 2 cijfers van de vorige versie staan niet in dit bestand en zijn verwijderd."), "\(replaced.output)")
        let missing = try run(["data", "versies", "47018NED", "--versie", "9"], database: database)
        #expect(missing.status == 1 && missing.errors.contains("Tabel 47018NED heeft geen versie 9; er zijn versies 1, 2, 3."), "\(missing.errors)")
        let unknown = try run(["data", "versies", "ONBEKEND"], database: database)
        #expect(unknown.status == 1 && unknown.errors.contains("Regie heeft geen tabel ONBEKEND."))
    }
}
