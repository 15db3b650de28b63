import Foundation
import RegieCore
@testable import RegieImporter
import Testing

let fixtures = repositoryRoot.appendingPathComponent("Tests/RegieTests/Fixtures")

/// Writes `text` as a file in a new temporary directory and returns its URL.
func temporaryFile(_ name: String, _ text: String, bom: Bool = false) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: url)
    return url
}

@Suite("Open-data importer")
struct ImporterTests {
    static let metadata = Result { try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED")) }

    @Test("The real metadata of police table 47018NED reads, with padded keys trimmed")
    func realMetadata() throws {
        let metadata = try Self.metadata.get()
        #expect(metadata.identifier == "47018NED")
        #expect(metadata.dimensions.map(\.key) == ["SoortMisdrijf", "WijkenEnBuurten", "Perioden"])
        #expect(metadata.regionDimension?.key == "WijkenEnBuurten")
        #expect(metadata.timeDimension?.codes.count == 12)
        #expect(metadata.measures.map(\.key) == ["GeregistreerdeMisdrijven_1"])
        #expect(metadata.topics.filter { !$0.isNumeric }.map(\.key) == ["Gemeentenaam_2", "SoortRegio_3"])
        let crimeTypes = try #require(metadata.categoryDimensions.first)
        #expect(crimeTypes.codes.count == 59)
        #expect(crimeTypes.codes["1.1.1"] == "1.1.1 Diefstal/inbraak woning")
        #expect(crimeTypes.codes["0.0.0"] == "Totaal misdrijven")
        let regions = try #require(metadata.regionDimension).codes
        #expect(regions.count == 18_313)
        #expect(regions["GM0222"] == "Doetinchem")
        #expect(regions.keys.compactMap(RegionCode.init).count == regions.count)
    }

    @Test("A semicolon file with byte order mark and CRLF line ends reads like any other")
    func bomAndCRLF() throws {
        let file = try DelimitedFile(fixtures.appendingPathComponent("politie-47022NED-soortmisdrijf-bom-crlf.csv"))
        #expect(file.delimiter == ";")
        #expect(file.header == ["Key", "Title"])
        let first = try #require(try file.next())
        #expect(first.line == 2)
        #expect(first.fields[0] == "0.0.0 ")
        #expect(first.fields[1] == "Totaal misdrijven")
    }

    @Test("Figures land where they belong: region, period, crime type and value, missing is not zero")
    func dataSet() async throws {
        let metadata = try Self.metadata.get()
        let data = try temporaryFile("data.csv", """
        "ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\r
        0;"1.1.1 ";"GM0222    ";"2023JJ00";123\r
        1;"1.1.1 ";"WK022201  ";"2023JJ00";17\r
        2;"0.0.0 ";"NL00      ";"2022JJ00";"."\r
        3;"1.4.5 ";"BU02220101";"2021JJ00";\r

        """, bom: true)
        var observations: [Observation] = []
        let summary = try await ODataDataSetReader.read(data, metadata: metadata) { observations += $0 }
        #expect(summary.rows == 4)
        #expect(summary.observations == 4)
        #expect(summary.missingValues == 2)
        #expect(observations[0] == Observation(region: RegionCode("GM0222")!, period: .year(2023),
                                               categories: ["SoortMisdrijf": "1.1.1"], measure: "GeregistreerdeMisdrijven_1", value: 123))
        #expect(observations[1].region.level == .district)
        #expect(observations[1].region.municipality == MunicipalityCode("GM0222"))
        #expect(observations[2].value == nil)
        #expect(observations[3].region.level == .neighbourhood)
    }

    @Test("Bad rows are all reported with their line and reason, and the read fails as a whole")
    func badRows() async throws {
        let metadata = try Self.metadata.get()
        let data = try temporaryFile("data.csv", """
        "ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"
        0,"1.1.1 ","GM0222    ","2023JJ00",12
        1,"1.1.1 ","GM9999    ","2023JJ00",12
        2,"1.1.1 ","GM0222    ","2030JJ00",12
        3,"9.9.9 ","GM0222    ","2023JJ00",12
        4,"1.1.1 ","GM0222    ","2023JJ00",twaalf
        5,"1.1.1 ","GM0222    "
        """)
        do {
            _ = try await ODataDataSetReader.read(data, metadata: metadata) { _ in }
            Issue.record("the read should fail")
        } catch {
            let found = error.problems.map(\.description)
            #expect(found == [
                "data.csv, regel 3: \"GM9999\" staat niet in de codelijst van Wijken en buurten (WijkenEnBuurten.csv)",
                "data.csv, regel 4: \"2030JJ00\" staat niet in de codelijst van Perioden (Perioden.csv)",
                "data.csv, regel 5: \"9.9.9\" staat niet in de codelijst van Soort misdrijf (SoortMisdrijf.csv)",
                "data.csv, regel 6: \"twaalf\" in kolom GeregistreerdeMisdrijven_1 is geen getal",
                // The last line, without a line end and too short: the file was cut off there.
                "data.csv, regel 7: het bestand houdt midden in deze regel op (3 van de 5 velden, geen regeleinde); het is waarschijnlijk afgebroken, bijvoorbeeld een download die niet af is. Er is niets ingelezen; download het bestand opnieuw",
            ])
        }
    }

    @Test("A file of another table, or with another delimiter, is refused before any row is read")
    func wrongFile() async throws {
        let metadata = try Self.metadata.get()
        let other = try temporaryFile("data.csv", "ID,Overlast,WijkenEnBuurten,Perioden,Registraties_1\n0,E33,GM0222,2023JJ00,5\n")
        do { _ = try await ODataDataSetReader.read(other, metadata: metadata) { _ in Issue.record("no rows") }; Issue.record("should fail") } catch {
            #expect(error.problems.map(\.message).contains("kolom SoortMisdrijf (Soort misdrijf) ontbreekt"))
            #expect(error.problems.last?.message == "dit bestand lijkt niet bij tabel 47018NED te horen; er is niets ingelezen")
        }
        let piped = try temporaryFile("data.csv", "ID|SoortMisdrijf|WijkenEnBuurten|Perioden|GeregistreerdeMisdrijven_1\n0|1.1.1|GM0222|2023JJ00|5\n")
        do { _ = try await ODataDataSetReader.read(piped, metadata: metadata) { _ in }; Issue.record("should fail") } catch {
            #expect(error.problems.contains { $0.message.contains("scheidingsteken") })
        }
    }

    @Test("Region and period codes parse in every CBS form")
    func codes() {
        #expect(RegionCode(" gm0037 ")?.level == .municipality)
        #expect(RegionCode("BU00370100")?.municipality == MunicipalityCode("GM0037"))
        #expect(RegionCode("NL00")?.level == .country)
        #expect(RegionCode("GM37") == nil)
        #expect(RegionCode("WK0363AA")?.municipality == MunicipalityCode("GM0363"))
        #expect(RegionCode("BU0363AA01")?.level == .neighbourhood)
        #expect(RegionCode("BUAB363A01") == nil)
        #expect(StatisticsPeriod("2023MM04") == .month(2023, 4))
        #expect(StatisticsPeriod("2023KW01") == .quarter(2023, 1))
        #expect(StatisticsPeriod("2023JJ00")?.description == "2023JJ00")
        #expect(StatisticsPeriod("2023MM13") == nil)
        #expect(StatisticsPeriod("2023JJ01") == nil)
    }
}

@Suite("Data sets without metadata")
struct InferredDataSetTests {
    let population = fixtures.appendingPathComponent("cbs-37230ned-bevolking-gemeenten-typeddataset.csv")

    @Test("CBS population per municipality: structure inferred, identifier from the file name")
    func population() async throws {
        #expect(ODataMetadata.identifier(inFileName: population.lastPathComponent) == "37230ned")
        let metadata = try ODataMetadata.infer(from: population, identifier: "37230ned")
        #expect(metadata.regionDimension?.key == "RegioS")
        #expect(metadata.timeDimension?.key == "Perioden")
        #expect(metadata.categoryDimensions.isEmpty)
        #expect(metadata.measures.map(\.key) == ["BevolkingAanHetBeginVanDePeriode_1", "BevolkingAanHetEindeVanDePeriode_15"])
        var aaEnHunze: [Observation] = []
        let summary = try await ODataDataSetReader.read(population, metadata: metadata) { batch in
            aaEnHunze += batch.filter { $0.region.rawValue == "GM1680" && $0.measure == "BevolkingAanHetBeginVanDePeriode_1" }
        }
        #expect(summary.regions.allSatisfy { $0.level == .municipality || $0.level == .country })
        #expect(summary.periods.contains(.year(2024)))
        #expect(aaEnHunze.first == Observation(region: RegionCode("GM1680")!, period: .year(2002), measure: "BevolkingAanHetBeginVanDePeriode_1", value: 25552))
    }

    @Test("Without metadata a file needs a region and a period column; it says which is missing")
    func missingColumns() throws {
        let file = try temporaryFile("cijfers.csv", "\"Gemeente\";\"Jaar\";\"Aantal\"\n\"Doetinchem\";\"2023\";\"12\"\n")
        do {
            _ = try ODataMetadata.infer(from: file, identifier: "eigen")
            Issue.record("should fail")
        } catch {
            #expect(error.problems.map(\.message).contains { $0.hasPrefix("er is niet precies één kolom met regiocodes") })
            #expect(error.problems.map(\.message).contains { $0.hasPrefix("er is niet precies één kolom met perioden") })
        }
    }
}

@Suite("StatLine exports")
struct StatLineExportTests {
    @Test("The real StatLine export with province names lands on province codes and crime-type keys")
    func realExport() async throws {
        let metadata = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
        let codes = CodeBook(metadata: metadata)
        var observations: [Observation] = []
        let summary = try await StatLineExportReader.read(fixtures.appendingPathComponent("statline-export-47013NED-provincies-2013-2018.csv"),
                                                          codes: codes, measures: metadata.measures) { observations += $0 }
        #expect(summary.rows == 780)
        #expect(summary.regions.count == 13)
        #expect(summary.periods == Set((2013...2018).map { StatisticsPeriod.year($0) }))
        let groningen = try #require(observations.first { $0.region.rawValue == "PV20" && $0.period == .year(2013) && $0.categories["SoortMisdrijf"] == "0.0.0" })
        #expect(groningen.value == 33753)
        #expect(groningen.measure == "GeregistreerdeMisdrijven_1")
        #expect(observations.contains { $0.region.rawValue == "NL00" && $0.categories["SoortMisdrijf"] == "2.5.2" })
    }

    @Test("Names that match no region are listed together with their first line; nothing is read")
    func unknownNames() async throws {
        let metadata = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
        let file = try temporaryFile("export.csv", """
        "Soort misdrijf";"Perioden";"Regio's";"Geregistreerde misdrijven (aantal)"
        "Totaal misdrijven";"2022";"Doetinchem";3100
        "Totaal misdrijven";"2023*";"Doetinchem";"."
        "Totaal misdrijven";"2023";"Atlantis";12
        "1.1.1 Diefstal/inbraak woning";"2023 januari";"Doetinchem";9
        "Totaal misdrijven";"2023";"Groningen (gemeente)";12
        "Totaal misdrijven";"2023";"Zuid-Limburg";5
        """, bom: true)
        do {
            _ = try await StatLineExportReader.read(file, codes: CodeBook(metadata: metadata), measures: metadata.measures) { _ in }
            Issue.record("should fail")
        } catch {
            #expect(error.problems.map(\.description) == [
                "export.csv, regel 4: \"Atlantis\" is geen regionaam die Regie kent",
                "export.csv, regel 7: \"Zuid-Limburg\" is geen regionaam die Regie kent",
                "export.csv: 2 regionamen zijn onbekend; er is niets ingelezen",
            ])
        }
        #expect(StatLineExportReader.period("2023 1e kwartaal") == .quarter(2023, 1))
        #expect(StatLineExportReader.period("2018*") == .year(2018))
    }
}
