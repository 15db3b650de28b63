import Foundation
import Testing
@testable import RegieCore
@testable import RegieImporter
@testable import RegiePersistence
@testable import RegieWeb

/// A copy of the 85984NED fixture folder (the real metadata, Meierijstad's neighbourhoods).
func table85984(removing removed: [String] = [], tableInfos: String? = nil) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-85984-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("cbs-85984NED-wijken-buurten"), to: directory)
    for name in removed { try FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
    if let tableInfos { try tableInfos.write(to: directory.appendingPathComponent("TableInfos.csv"), atomically: true, encoding: .utf8) }
    return directory
}

@Suite("Tables without a period dimension")
struct NoPeriodTableTests {
    @Test("The reference date comes from TableInfos: Peildatum, then Period, then a year in Title")
    func referenceDate() {
        let period = ODataMetadata.referencePeriod(in: ["Period": "2024", "Title": "Kerncijfers 2023", "Modified": "2024-08-16T02:00:00"], file: "TableInfos.csv")
        #expect(period == .init(period: .year(2024), text: "1 januari 2024", source: "TableInfos, veld Period"))
        #expect(period?.note == "Deze tabel heeft geen perioden; Regie gebruikt de peildatum uit de metadata: 1 januari 2024 (TableInfos, veld Period).")
        let dated = ODataMetadata.referencePeriod(in: ["Peildatum": "2023-01-01", "Period": "2024"], file: "TableInfos.json")
        #expect(dated == .init(period: .year(2023), text: "1 januari 2023", source: "TableInfos, veld Peildatum"))
        let titled = ODataMetadata.referencePeriod(in: ["Period": "", "Title": "Kerncijfers wijken en buurten 2022"], file: "TableInfos.csv")
        #expect(titled?.period == .year(2022) && titled?.source == "TableInfos, jaartal in veld Title")
        // The publication date is not the date the figures describe.
        #expect(ODataMetadata.referencePeriod(in: ["Modified": "2024-08-16T02:00:00", "ReasonDelivery": "Nieuw", "Title": "Kerncijfers"], file: "TableInfos.csv") == nil)
    }

    @Test("The real metadata of 85984NED reads as a table without periods, dated 2024")
    func realMetadata() throws {
        let metadata = try ODataMetadata.read(from: fixtures.appendingPathComponent("cbs-85984NED-wijken-buurten"))
        #expect(metadata.identifier == "85984NED")
        #expect(metadata.timeDimension == nil)
        #expect(metadata.regionDimension?.key == "WijkenEnBuurten")
        #expect(metadata.referencePeriod?.period == .year(2024))
        #expect(metadata.measures.contains { $0.key == "AantalInwoners_5" })
    }
}

extension DatabaseTests {
    @Suite("Importing a table without periods")
    struct NoPeriodImportTests {
        @Test("The neighbourhood key figures land in 2024 and give the districts' inhabitants")
        func neighbourhoods() async throws {
            try await withTestApp { app in
                let result = try await DataImport.run(try table85984(), into: app.statistics)
                #expect(result.layout == .odataFolder)
                #expect(result.table.identifier == "85984NED")
                #expect(result.notes == ["Deze tabel heeft geen perioden; Regie gebruikt de peildatum uit de metadata: 1 januari 2024 (TableInfos, veld Period)."])
                #expect(result.summary.rows == 93 && result.summary.observations == 93)
                #expect(result.summary.periods == [.year(2024)])
                let stored = try await app.statistics.observations(ObservationQuery(
                    table: "85984NED", measure: "AantalInwoners_5", regions: .codes([RegionCode("BU19480101")!])))
                #expect(stored.map(\.period) == [.year(2024)] && stored.map(\.value) == [575])

                // With the district crime of 47018NED the districts get their inhabitants, added
                // up from the neighbourhoods (Veghel: 34,460 on 1 January 2024).
                _ = try await ODataImport.run(directory: try table47018(meierijstadRows), into: app.statistics)
                _ = try await ODataImport.run(file: fixtures.appendingPathComponent("cbs-37230ned-bevolking-gemeenten-typeddataset.csv"),
                                              identifier: nil, into: app.statistics)
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(
                    AnalysisArea(name: "Meierijstad", municipalities: [MunicipalityCode("GM1948")!]),
                    series: [SeriesCatalogue.resolve("woninginbraak", in: SeriesCatalogue.defaults)!])
                let burglary = try #require(analysis.series.first)
                #expect(burglary.districtPopulationYear == 2024)
                let population = Dictionary(uniqueKeysWithValues: burglary.districts.map { ($0.name, $0.population) })
                #expect(population == ["Sint-Oedenrode": 18_485, "Veghel": 34_460, "Schijndel": 24_045, "Erp": 7_310])
            }
        }

        @Test("--periode overrides the reference date, and is refused for a table with periods")
        func periodOption() async throws {
            try await withTestApp { app in
                let result = try await DataImport.run(try table85984(), period: 2023, into: app.statistics)
                #expect(result.summary.periods == [.year(2023)])
                #expect(result.notes == ["Deze tabel heeft geen perioden; Regie gebruikt het opgegeven jaar: 2023 (--periode)."])
                await #expect { try await DataImport.run(try table47018(meierijstadRows), period: 2023, into: app.statistics) } throws: { error in
                    (error as? ImportProblems)?.problems.map(\.message).first?.contains("--periode 2023 kan alleen bij een tabel zonder perioden") == true
                }
            }
        }

        @Test("Without a date in the metadata the import is refused and suggests --periode")
        func noDate() async throws {
            try await withTestApp { app in
                let undated = try table85984(tableInfos: "\"ID\",\"Title\",\"Identifier\",\"Modified\"\n0,\"Kerncijfers wijken en buurten\",\"85984NED\",\"2024-08-16T02:00:00\"\n")
                await #expect { try await DataImport.run(undated, into: app.statistics) } throws: { error in
                    (error as? ImportProblems)?.problems.map(\.description) == [
                        "TypedDataSet.csv: deze tabel heeft geen perioden en de metadata noemt geen peildatum (geen Peildatum, Period of jaartal in de titel in TableInfos); geef het jaar waarover de cijfers gaan met --periode JAAR, bijv. --periode 2024",
                    ]
                }
                #expect(try await app.statistics.tables().isEmpty)
            }
        }

        @Test("The published inhabitants file, whose columns a third party renamed, is refused with the columns named")
        func renamedColumns() async throws {
            try await withTestApp { app in
                let folder = try table85984(removing: ["TypedDataSet.csv"])
                // The first lines of inwoners-per-buurt-2024.csv exactly as published.
                try "\"\",\"nhood_id\",\"population\"\n\"1\",\"BU16800000\",3455\n\"2\",\"BU16800009\",140\n"
                    .write(to: folder.appendingPathComponent("inwoners-per-buurt-2024.csv"), atomically: true, encoding: .utf8)
                await #expect { try await DataImport.run(folder, into: app.statistics) } throws: { error in
                    (error as? ImportProblems)?.problems.map(\.description) == [
                        "inwoners-per-buurt-2024.csv, regel 1: kolom WijkenEnBuurten (Wijken en buurten) ontbreekt",
                        "inwoners-per-buurt-2024.csv, regel 1: kolommen \"nhood_id\", \"population\" hoort niet bij deze tabel",
                        "inwoners-per-buurt-2024.csv, regel 1: het bestand heeft geen kolom met cijfers van deze tabel",
                        "inwoners-per-buurt-2024.csv: dit bestand lijkt niet bij tabel 85984NED te horen; er is niets ingelezen",
                    ]
                }
                #expect(try await app.statistics.tables().isEmpty)
            }
        }

        @Test("The data file saved under its own name beside the metadata, and as OData JSON")
        func ownNameAndJSON() async throws {
            try await withTestApp { app in
                let folder = try table85984()
                let data = try String(contentsOf: folder.appendingPathComponent("TypedDataSet.csv"), encoding: .utf8)
                try FileManager.default.removeItem(at: folder.appendingPathComponent("TypedDataSet.csv"))
                try data.write(to: folder.appendingPathComponent("inwoners-per-buurt-2024.csv"), atomically: true, encoding: .utf8)
                let named = try await DataImport.run(folder.appendingPathComponent("inwoners-per-buurt-2024.csv"), into: app.statistics)
                #expect(named.layout == .dataSet && named.summary.periods == [.year(2024)] && named.summary.observations == 93)
                let whole = try await DataImport.run(folder, into: app.statistics)
                #expect(whole.layout == .odataFolder && whole.summary.observations == 93)

                try FileManager.default.removeItem(at: folder.appendingPathComponent("inwoners-per-buurt-2024.csv"))
                let json = #"{"odata.metadata":"https://opendata.cbs.nl/ODataApi/OData/85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet","value":["#
                    + #"{"ID":0,"WijkenEnBuurten":"BU19480101  ","AantalInwoners_5":575},{"ID":1,"WijkenEnBuurten":"BU19480102  ","AantalInwoners_5":null}]}"#
                try json.write(to: folder.appendingPathComponent("TypedDataSet.json"), atomically: true, encoding: .utf8)
                let fromJSON = try await DataImport.run(folder, into: app.statistics)
                #expect(fromJSON.summary.rows == 2 && fromJSON.summary.missingValues == 1 && fromJSON.summary.periods == [.year(2024)])
                #expect(fromJSON.notes.count == 1)
            }
        }
    }
}
