import Foundation
import RegieCore
import RegieImporter
import RegiePersistence
import Testing
import VaporTesting

/// A new empty folder for a test.
func temporaryFolder() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

extension DatabaseTests {
    @Suite("Importing every layout through one entry point")
    struct LayoutStorageTests {
        @Test("A folder with JSON metadata and a TypedDataSet.json is stored with titles, units and region names")
        func jsonFolder() async throws {
            try await withTestApp { app in
                let folder = try temporaryFolder()
                for file in try FileManager.default.contentsOfDirectory(atPath: jsonMetadata.path) {
                    try FileManager.default.copyItem(at: jsonMetadata.appendingPathComponent(file), to: folder.appendingPathComponent(file))
                }
                try Data(#"{"odata.metadata":"x","value":[{"ID":0,"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"GM0222    ","Perioden":"2022JJ00","GeregistreerdeMisdrijven_1":140,"Gemeentenaam_2":"Doetinchem","SoortRegio_3":"Gemeente"},{"ID":1,"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"GM0222    ","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":121,"Gemeentenaam_2":"Doetinchem","SoortRegio_3":"Gemeente"}]}"#.utf8)
                    .write(to: folder.appendingPathComponent("TypedDataSet.json"))
                let result = try await DataImport.run(folder, into: app.statistics)
                #expect(result.layout == .odataFolder)
                #expect(result.outcome.observations == 2)
                let figures = try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(figures.map(\.value) == [140, 121])
                let table = try #require(try await app.statistics.table("47018NED"))
                #expect(table.measures == [StatisticsMeasure(key: "GeregistreerdeMisdrijven_1", title: "Geregistreerde misdrijven", unit: "aantal")])
                #expect(table.categoryTitles["SoortMisdrijf"]?["1.1.1"] == "Diefstal/inbraak woning")
                #expect(try await app.statistics.regionNames(table: "47018NED", regions: .codes([RegionCode("GM0222")!]))[RegionCode("GM0222")!] == "Doetinchem")
            }
        }

        @Test("A JSON data set with --metadata; one that is only a page (odata.nextLink) stores nothing")
        func jsonWithMetadataAndPages() async throws {
            try await withTestApp { app in
                let row = #"{"ID":0,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"NL00      ","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":"811000"}"#
                let whole = try temporaryFile("UntypedDataSet.json", #"{"odata.metadata":"x","value":["# + row + "]}")
                let result = try await DataImport.run(whole, metadata: jsonMetadata, into: app.statistics)
                #expect(result.layout == .odataJSON)
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("NL00")!, measure: "GeregistreerdeMisdrijven_1").map(\.value) == [811000])
                let page = try temporaryFile("UntypedDataSet.json", #"{"odata.metadata":"x","value":["# + row.replacingOccurrences(of: "811000", with: "1") + #"],"odata.nextLink":"https://dataderden.cbs.nl/ODataApi/OData/47018NED/UntypedDataSet?$skip=10000"}"#)
                do {
                    _ = try await DataImport.run(page, metadata: jsonMetadata, into: app.statistics)
                    Issue.record("a page may not be imported")
                } catch let error as ImportProblems {
                    #expect(error.problems.map(\.message).first?.hasPrefix("dit is maar één pagina van de tabel") == true)
                }
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("NL00")!, measure: "GeregistreerdeMisdrijven_1").map(\.value) == [811000])
            }
        }

        @Test("A bulk download: as a folder, or as data file with --metadata; police units and NL01 land on their codes")
        func bulkDownload() async throws {
            try await withTestApp { app in
                let folder = try temporaryFolder()
                try FileManager.default.copyItem(at: bulkMetadata, to: folder.appendingPathComponent("47013NED_metadata.csv"))
                let data = folder.appendingPathComponent("47013NED_DataSet.csv")
                try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array("""
                ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1;Aangiften_2;Internetaangiften_3\r
                0;0.0.0 ;NL01  ;2025MM01;66210;33016;10523\r
                1;1.1.1 ;RE10  ;2025MM01;160;151;.\r
                2;1.1.1 ;GM0222;2025MM01;9;8;0\r

                """.utf8)).write(to: data)
                let first = try await DataImport.run(folder, into: app.statistics)
                #expect(first.layout == .bulkDownload)
                #expect(first.table.title == "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente 2025")
                #expect(first.outcome.observations == 9)
                let second = try await DataImport.run(data, metadata: folder.appendingPathComponent("47013NED_metadata.csv"), into: app.statistics)
                #expect(second.layout == .dataSet)
                #expect(second.outcome.revision == 2)
                // The data file alone finds the metadata file beside it.
                let third = try await DataImport.run(data, into: app.statistics)
                #expect(third.table.identifier == "47013NED" && third.outcome.revision == 3)
                #expect(try await app.statistics.observations(table: "47013NED", region: RegionCode("RE10")!, measure: "Aangiften_2").map(\.value) == [151])
                #expect(try await app.statistics.observations(table: "47013NED", region: RegionCode("NL01")!, measure: "Internetaangiften_3").map(\.value) == [10523])
                let table = try #require(try await app.statistics.table("47013NED"))
                #expect(try await app.statistics.regionNames(table: "47013NED", regions: .codes([RegionCode("RE10")!]))[RegionCode("RE10")!] == "Limburg (RE)")
                #expect(Set(table.measures.map(\.key)) == ["GeregistreerdeMisdrijven_1", "Aangiften_2", "Internetaangiften_3"])
            }
        }

        @Test("The real Veiligheidsmonitor export is stored under 'veiligheidsmonitor' with measures, units and margins")
        func veiligheidsmonitor() async throws {
            try await withTestApp { app in
                let result = try await DataImport.run(fixtures.appendingPathComponent("statline-export-veiligheidsmonitor-regio.csv"), into: app.statistics)
                #expect(result.layout == .veiligheidsmonitor)
                #expect(result.outcome.observations == 540)
                let groningen = try await app.statistics.observations(table: "veiligheidsmonitor", region: RegionCode("PV20")!, measure: "voelt-zich-wel-eens-onveilig")
                #expect(groningen.map(\.value) == [34.9, 32.2, 32.9, 33.4, 33.7])
                let table = try #require(try await app.statistics.table("veiligheidsmonitor"))
                #expect(table.measures.first { $0.key == "rapportcijfer-veiligheid-in-buurt" }?.unit == "rapportcijfer")
                #expect(table.measures.contains { $0.key == "voelt-zich-wel-eens-onveilig_marge" })
                #expect(try await app.statistics.regionNames(table: "veiligheidsmonitor", regions: .codes([RegionCode("PV20")!]))[RegionCode("PV20")!] == "Groningen (PV)")
            }
        }

        @Test("A wide StatLine export with --metadata is stored under the table's identifier")
        func wideExport() async throws {
            try await withTestApp { app in
                let url = try temporaryFile("export.csv", """
                "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers"
                "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven"
                "Soort misdrijf";"Totaal misdrijven";"Totaal misdrijven"
                "Perioden";"2022";"2023*"
                "Regio's";"aantal";"aantal"
                "Doetinchem";"3100";"2950"
                "Bron: Politie"
                """)
                let result = try await DataImport.run(url, metadata: fixtures.appendingPathComponent("politie-47018NED"), into: app.statistics)
                #expect(result.layout == .statLineWide)
                #expect(result.table.identifier == "47018NED")
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1").map(\.value) == [3100, 2950])
            }
        }

        @Test("The example own-series file imports as eigen-GM0222; a bad file stores nothing and says why")
        func ownSeries() async throws {
            try await withTestApp { app in
                let example = repositoryRoot.appendingPathComponent("examples/eigen-reeksen-voorbeeld.csv")
                let result = try await DataImport.run(example, into: app.statistics)
                #expect(result.layout == .ownSeries)
                #expect(result.table.identifier == "eigen-GM0222")
                #expect(result.outcome.revision == 1)
                let e33 = try await app.statistics.observations(table: "eigen-GM0222", region: RegionCode("GM0222")!, measure: "meldingen-verward-gedrag-e33")
                #expect(e33.map(\.period) == (1...6).map { .month(2024, $0) })
                #expect(e33.last?.value == nil)
                let table = try #require(try await app.statistics.table("eigen-GM0222"))
                #expect(table.measures.map(\.title).contains("Woningsluitingen (art. 13b Opiumwet)"))

                let bad = try temporaryFile("reeksen.csv", "regio;periode;reeks;waarde\nGM0222;2025;Jeugdoverlast;3\nGM0222;2025-14;Jeugdoverlast;3\n")
                do {
                    _ = try await DataImport.run(bad, into: app.statistics)
                    Issue.record("should fail")
                } catch let error as ImportProblems {
                    #expect(error.problems.map(\.description) == [
                        "reeksen.csv, regel 3: \"2025-14\" in kolom periode is geen periode (schrijf 2024, 2024-03, 2024-K1 of 2024MM03)",
                    ])
                }
                #expect(try await app.statistics.observations(table: "eigen-GM0222", region: RegionCode("GM0222")!, measure: "jeugdoverlast").isEmpty)

                let two = try temporaryFile("reeksen.csv", "regio;periode;reeks;waarde\nGM0222;2025;Jeugdoverlast;3\nGM0037;2025;Jeugdoverlast;3\n")
                do {
                    _ = try await DataImport.run(two, into: app.statistics)
                    Issue.record("should fail")
                } catch let error as ImportProblems {
                    #expect(error.problems.map(\.message) == ["de reeksen gaan over meer dan één gemeente (GM0037, GM0222); geef met --tabel aan onder welke naam ze horen"])
                }
                let named = try await DataImport.run(two, identifier: "eigen-basisteam", into: app.statistics)
                #expect(named.table.identifier == "eigen-basisteam" && named.outcome.observations == 2)
            }
        }
    }
}
