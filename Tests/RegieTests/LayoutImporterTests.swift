import Foundation
import RegieCore
@testable import RegieImporter
import Testing

let jsonMetadata = fixtures.appendingPathComponent("politie-47018NED-json")
let bulkMetadata = fixtures.appendingPathComponent("politie-47013NED-bulk-metadata.csv")

/// Reads every observation of `rows` against `metadata`, failing the test on problems.
func observations(_ rows: some DataSetRows, _ metadata: ODataMetadata) async throws -> [Observation] {
    var found: [Observation] = []
    _ = try await ODataDataSetReader.read(rows: rows, metadata: metadata) { found += $0 }
    return found
}

/// The problems a failing read reports, as the user sees them.
func problems(_ read: () async throws(ImportProblems) -> some Any) async -> [String] {
    do {
        _ = try await read()
        Issue.record("the read should fail")
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

@Suite("OData JSON")
struct ODataJSONImporterTests {
    @Test("JSON metadata (DataProperties.json, TableInfos.json, code lists) reads like the CSV files")
    func metadata() throws {
        let metadata = try ODataMetadata.read(from: jsonMetadata)
        #expect(metadata.identifier == "47018NED")
        #expect(metadata.dimensions.map(\.key) == ["SoortMisdrijf", "WijkenEnBuurten", "Perioden"])
        #expect(metadata.measures.map(\.key) == ["GeregistreerdeMisdrijven_1"])
        #expect(metadata.measures.first?.unit == "aantal")
        #expect(metadata.categoryDimensions.first?.codes["1.1.1"] == "1.1.1 Diefstal/inbraak woning")
        #expect(metadata.categoryDimensions.first?.codeListFile == "SoortMisdrijf.json")
        #expect(metadata.regionDimension?.codes["GM0222"] == "Doetinchem")
        #expect(metadata.timeDimension?.codes.count == 12)
        let table = metadata.statisticsTable(identifier: "47018NED")
        #expect(table.categoryTitles["SoortMisdrijf"]?["1.1.1"] == "Diefstal/inbraak woning")
        #expect(table.regionNames[RegionCode("GM0222")!] == "Doetinchem")
    }

    @Test("A folder may mix CSV and JSON metadata files")
    func mixedFolder() throws {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: jsonMetadata.appendingPathComponent("DataProperties.json"), to: folder.appendingPathComponent("DataProperties.json"))
        try FileManager.default.copyItem(at: jsonMetadata.appendingPathComponent("SoortMisdrijf.json"), to: folder.appendingPathComponent("SoortMisdrijf.json"))
        for file in ["TableInfos.csv", "WijkenEnBuurten.csv", "Perioden.csv"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("politie-47018NED/\(file)"), to: folder.appendingPathComponent(file))
        }
        let metadata = try ODataMetadata.read(from: folder)
        #expect(metadata.identifier == "47018NED")
        #expect(metadata.dimensions.map { $0.codeListFile ?? "" } == ["SoortMisdrijf.json", "WijkenEnBuurten.csv", "Perioden.csv"])
        #expect(metadata.regionDimension?.codes.count == 18_313)
        #expect(try ImportLayout.detect(folder) == .odataFolder)
    }

    @Test("A TypedDataSet as the service writes it (one line): figures land, null is missing, rows are counted")
    func typedDataSet() async throws {
        let metadata = try ODataMetadata.read(from: jsonMetadata)
        let url = try temporaryFile("TypedDataSet.json", #"{"odata.metadata":"https://dataderden.cbs.nl/ODataApi/OData/47018NED/$metadata#Cbs.OData.WebAPI.TypedDataSet","value":[{"ID":0,"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"GM0222    ","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":121,"Gemeentenaam_2":"Doetinchem","SoortRegio_3":"Gemeente  "},{"ID":1,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"BU02220101","Perioden":"2022JJ00","GeregistreerdeMisdrijven_1":null,"Gemeentenaam_2":"Doetinchem","SoortRegio_3":"Buurt \u0026 wijk"},{"ID":2,"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"NL00      ","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":15000,"Gemeentenaam_2":"Nederland","SoortRegio_3":"Land"}]}"#)
        let rows = try ODataJSONRows(url)
        #expect(rows.header == ["ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1", "Gemeentenaam_2", "SoortRegio_3"])
        #expect(rows.countsRows)
        let found = try await observations(rows, metadata)
        #expect(found == [
            Observation(region: RegionCode("GM0222")!, period: .year(2023), categories: ["SoortMisdrijf": "1.1.1"], measure: "GeregistreerdeMisdrijven_1", value: 121),
            Observation(region: RegionCode("BU02220101")!, period: .year(2022), categories: ["SoortMisdrijf": "0.0.0"], measure: "GeregistreerdeMisdrijven_1", value: nil),
            Observation(region: RegionCode("NL00")!, period: .year(2023), categories: ["SoortMisdrijf": "1.1.1"], measure: "GeregistreerdeMisdrijven_1", value: 15_000),
        ])
        #expect(rows.nextLink == nil)
    }

    @Test("An UntypedDataSet (numbers as text, \".\" for missing), pretty-printed, reports real lines")
    func untypedDataSet() async throws {
        let metadata = try ODataMetadata.read(from: jsonMetadata)
        let url = try temporaryFile("UntypedDataSet.json", """
        {
          "odata.metadata": "https://dataderden.cbs.nl/ODataApi/OData/47018NED/$metadata#Cbs.OData.WebAPI.UntypedDataSet",
          "value": [
            {"ID": 0, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "WK022201  ", "Perioden": "2023JJ00", "GeregistreerdeMisdrijven_1": "17"},
            {"ID": 1, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "WK022201  ", "Perioden": "2022JJ00", "GeregistreerdeMisdrijven_1": "       ."},
            {"ID": 2, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "GM9999    ", "Perioden": "2022JJ00", "GeregistreerdeMisdrijven_1": "3"},
            {"ID": 3, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "GM0222    ", "Perioden": "2022JJ00", "GeregistreerdeMisdrijven_1": "drie"}
          ]
        }
        """, bom: true)
        let rows = try ODataJSONRows(url)
        #expect(!rows.countsRows)
        let found = await problems { () async throws(ImportProblems) in
            try await ODataDataSetReader.read(rows: rows, metadata: metadata) { _ in }
        }
        #expect(found == [
            "UntypedDataSet.json, regel 6: \"GM9999\" staat niet in de codelijst van Wijken en buurten (WijkenEnBuurten.json)",
            "UntypedDataSet.json, regel 7: \"drie\" in kolom GeregistreerdeMisdrijven_1 is geen getal",
        ])
        let good = try temporaryFile("UntypedDataSet.json", """
        {"value": [
          {"ID": 0, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "WK022201  ", "Perioden": "2023JJ00", "GeregistreerdeMisdrijven_1": "17"},
          {"ID": 1, "SoortMisdrijf": "1.1.1 ", "WijkenEnBuurten": "WK022201  ", "Perioden": "2022JJ00", "GeregistreerdeMisdrijven_1": "       ."}
        ]}
        """)
        let read = try await observations(try ODataJSONRows(good), metadata)
        #expect(read.map(\.value) == [17, nil])
        #expect(read.map(\.region.level) == [.district, .district])
    }

    @Test("Broken JSON is reported with its line and reason")
    func brokenJSON() throws {
        func problem(_ text: String) throws -> String {
            let url = try temporaryFile("TypedDataSet.json", text)
            do {
                let rows = try ODataJSONRows(url)
                while try rows.next() != nil {}
                return "no problem"
            } catch let problem as ImportProblem {
                return problem.description
            }
        }
        #expect(try problem("{\"value\": [\n{\"ID\": 0, \"Perioden\": \"2023JJ00\"},\n{\"ID\": 1, \"Perioden\": \"2023JJ00\"") ==
                "TypedDataSet.json, regel 3: het bestand houdt midden in het JSON-document op; is het afgebroken?")
        #expect(try problem("{\"value\": [\n{\"ID\": 0, \"Perioden\": \"2023JJ00\"},\n{\"ID\": 1}\n]}") ==
                "TypedDataSet.json, regel 3: deze rij heeft andere velden dan de eerste rij; ontbreekt: Perioden")
        #expect(try problem("{\"value\": [\n{\"ID\": 0, \"Perioden\": {\"a\": 1}}]}") ==
                "TypedDataSet.json, regel 2: de waarde van \"Perioden\" is een lijst of object; Regie leest alleen rijen met enkelvoudige waarden")
        #expect(try problem("{\"odata.metadata\": \"x\", \"rows\": []}") ==
                "TypedDataSet.json: het JSON-bestand heeft geen lijst \"value\" met rijen")
        #expect(try problem("[1, 2]") ==
                "TypedDataSet.json, regel 1: het bestand begint niet met { en is dus geen OData-JSON (gevonden: \"[\")")
    }

    @Test("odata.nextLink after the rows is read, nested metadata values are skipped")
    func nextLink() throws {
        let url = try temporaryFile("TypedDataSet.json", #"{"odata.metadata":"x","extra":{"a":[1,{"b":"]}"}]},"value":[{"ID":0,"Perioden":"2023JJ00"}],"odata.nextLink":"https://dataderden.cbs.nl/ODataApi/OData/47018NED/TypedDataSet?$skip=10000"}"#)
        let rows = try ODataJSONRows(url)
        #expect(try rows.next()?.fields == ["0", "2023JJ00"])
        #expect(try rows.next() == nil)
        #expect(rows.nextLink == "https://dataderden.cbs.nl/ODataApi/OData/47018NED/TypedDataSet?$skip=10000")
        let v4 = try ODataJSONRows(try temporaryFile("Observations.json", #"{"@odata.context":"x","value":[{"Id":0}],"@odata.nextLink":"https://odata4.cbs.nl/CBS/47018NED/Observations?$skip=10000"}"#))
        while try v4.next() != nil {}
        #expect(v4.nextLink == "https://odata4.cbs.nl/CBS/47018NED/Observations?$skip=10000")
    }
}

@Suite("CBS bulk download")
struct BulkDownloadImporterTests {
    @Test("The real bulk metadata of 47013NED reads: sections, multi-line texts, RegioS with NL01, LD, PV, RE and GM codes")
    func realBulkMetadata() throws {
        let metadata = try ODataMetadata.read(bulkFile: bulkMetadata)
        #expect(metadata.identifier == "47013NED")
        #expect(metadata.title == "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente 2025")
        #expect(metadata.dimensions.map(\.key) == ["SoortMisdrijf", "RegioS", "Perioden"])
        #expect(metadata.measures.map(\.key) == ["GeregistreerdeMisdrijven_1", "Aangiften_2", "Internetaangiften_3"])
        #expect(metadata.measures.allSatisfy { $0.unit == "aantal" })
        let regions = try #require(metadata.regionDimension).codes
        #expect(regions.keys.allSatisfy { RegionCode($0) != nil })
        #expect(regions["NL01"] == "Nederland")
        #expect(regions["LDG4"] == "West-Nederland, exclusief G4 (LD)")
        #expect(regions["RE10"] == "Limburg (RE)")
        #expect(regions["RE99"] != nil)
        #expect(regions["GM0222"] == "Doetinchem")
        #expect(metadata.categoryDimensions.first?.codes["1.1.1"] == "1.1.1 Diefstal/inbraak woning")
        #expect(metadata.categoryDimensions.first?.codeListFile == "politie-47013NED-bulk-metadata.csv (sectie SoortMisdrijf)")
        #expect(metadata.timeDimension?.codes["2025MM11"] == "2025 november")
        let codes = CodeBook(metadata: metadata)
        #expect(codes.regions["Nederland"] == RegionCode("NL01"))
        #expect(codes.regions["Oost-Nederland (RE)"] == RegionCode("RE02"))
        #expect(codes.regions["Fryslân (PV)"] == RegionCode("PV21"))
    }

    @Test("The observations of a bulk download are checked against its metadata file")
    func bulkData() async throws {
        let metadata = try ODataMetadata.read(bulkFile: bulkMetadata)
        let data = try temporaryFile("47013NED_DataSet.csv", """
        ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1;Aangiften_2;Internetaangiften_3\r
        0;0.0.0 ;NL01  ;2025MM01;66210;33016;10523\r
        1;1.1.1 ;RE10  ;2025MM01;160;151;.\r
        2;1.1.1 ;GM0222;2025MM02;9;8;\r
        3;1.1.1 ;GM0222;2024MM12;9;8;0\r

        """, bom: true)
        var found: [Observation] = []
        let summary = try await ODataDataSetReader.read(data, metadata: metadata) { found += $0 }
        #expect(summary.observations == 12)
        #expect(summary.missingValues == 2)
        #expect(found.first { $0.region.rawValue == "RE10" && $0.measure == "Aangiften_2" }?.value == 151)
        #expect(found.first { $0.region.rawValue == "NL01" && $0.measure == "GeregistreerdeMisdrijven_1" }?.categories == ["SoortMisdrijf": "0.0.0"])
        #expect(found.first { $0.region.rawValue == "GM0222" }?.period == .month(2025, 2))
        _ = found
        let bad = try temporaryFile("47013NED_DataSet.csv", "ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1;Aangiften_2;Internetaangiften_3\n0;9.9.9 ;NL01  ;2025MM01;1;1;1\n")
        #expect(await problems { () async throws(ImportProblems) in try await ODataDataSetReader.read(bad, metadata: metadata) { _ in } } == [
            "47013NED_DataSet.csv, regel 2: \"9.9.9\" staat niet in de codelijst van Soort misdrijf (politie-47013NED-bulk-metadata.csv (sectie SoortMisdrijf))",
        ])
    }

    @Test("The real StatLine export of 47013NED matches through the bulk metadata of the same table")
    func longExportWithBulkMetadata() async throws {
        let metadata = try ODataMetadata.read(bulkFile: bulkMetadata)
        var found: [Observation] = []
        let summary = try await StatLineExportReader.read(fixtures.appendingPathComponent("statline-export-47013NED-provincies-2013-2018.csv"),
                                                          codes: CodeBook(metadata: metadata), measures: metadata.measures) { found += $0 }
        #expect(summary.regions.contains(RegionCode("NL01")!))
        #expect(found.first { $0.region.rawValue == "PV20" && $0.period == .year(2013) && $0.categories["SoortMisdrijf"] == "0.0.0" }?.value == 33753)
        #expect(Set(found.map(\.measure)) == ["GeregistreerdeMisdrijven_1"])
    }
}

@Suite("StatLine wide exports")
struct StatLineWideImporterTests {
    static let metadata = Result { try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED")) }

    @Test("Periods and crime types as columns, names as rows: every figure lands on its code")
    func wide() async throws {
        let metadata = try Self.metadata.get()
        let url = try temporaryFile("Geregistreerde_misdrijven.csv", """
        "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers"
        "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven";"Geregistreerde misdrijven"
        "Soort misdrijf";"Totaal misdrijven";"Totaal misdrijven";"1.1.1 Diefstal/inbraak woning"
        "Perioden";"2022";"2023*";"2023*"
        "Regio's";"aantal";"aantal";"aantal"
        "Doetinchem";"3100";"2950";"121"
        "Groningen (gemeente)";"16200";".";"540"
        "Nederland";"799000";"811000";"22000"
        "Bron: Politie"

        """, bom: true)
        let codes = CodeBook(metadata: metadata)
        let header = try StatLineWideExportReader.header(url, codes: codes, measures: metadata.measures)
        #expect(header.title == "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers")
        #expect(header.measures == [StatisticsMeasure(key: "GeregistreerdeMisdrijven_1", title: "Geregistreerde misdrijven", unit: "aantal")])
        var found: [Observation] = []
        let summary = try await StatLineWideExportReader.read(url, codes: codes, measures: metadata.measures) { found += $0 }
        #expect(summary.rows == 3)
        #expect(summary.observations == 9)
        #expect(summary.missingValues == 1)
        #expect(found[0] == Observation(region: RegionCode("GM0222")!, period: .year(2022), categories: ["SoortMisdrijf": "0.0.0"],
                                        measure: "GeregistreerdeMisdrijven_1", value: 3100))
        #expect(found[2] == Observation(region: RegionCode("GM0222")!, period: .year(2023), categories: ["SoortMisdrijf": "1.1.1"],
                                        measure: "GeregistreerdeMisdrijven_1", value: 121))
        #expect(found[4].region == RegionCode("GM0014") && found[4].value == nil)
        #expect(found[8].region == RegionCode("NL00") && found[8].value == 22000)
    }

    @Test("Months and quarters as columns, a crime type fixed in a title line, provinces without metadata")
    func monthsAndQuarters() async throws {
        let metadata = try Self.metadata.get()
        let url = try temporaryFile("export.csv", """
        "Geregistreerde misdrijven; soort misdrijf, regio"
        "Soort misdrijf: 1.1.1 Diefstal/inbraak woning"
        "Onderwerp";"Geregistreerde misdrijven";"";""
        "Perioden";"2023 januari";"2023 februari";"2023 1e kwartaal"
        "Regio's";"aantal";"aantal";"aantal"
        "Drenthe (PV)";"40";"38";"120"
        "Bron: Politie"
        """)
        var found: [Observation] = []
        _ = try await StatLineWideExportReader.read(url, codes: CodeBook(metadata: metadata), measures: metadata.measures) { found += $0 }
        #expect(found.map(\.period) == [.month(2023, 1), .month(2023, 2), .quarter(2023, 1)])
        #expect(found.allSatisfy { $0.region.rawValue == "PV22" && $0.categories == ["SoortMisdrijf": "1.1.1"] && $0.measure == "GeregistreerdeMisdrijven_1" })
        // Without metadata: provinces still match, the topic becomes a key of its own.
        let plain = try temporaryFile("export.csv", """
        "Onderwerp";"Geregistreerde misdrijven"
        "Perioden";"2023"
        "Regio's";"aantal"
        "Fryslân (PV)";"31000"
        """)
        var other: [Observation] = []
        _ = try await StatLineWideExportReader.read(plain, codes: CodeBook()) { other += $0 }
        #expect(other == [Observation(region: RegionCode("PV21")!, period: .year(2023), measure: "geregistreerde-misdrijven", value: 31000)])
    }

    @Test("Unknown names are listed with their line, bad figures with line and column; nothing is read")
    func problemsAreListed() async throws {
        let metadata = try Self.metadata.get()
        let url = try temporaryFile("export.csv", """
        "Geregistreerde misdrijven"
        "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven"
        "Soort misdrijf";"Totaal misdrijven";"Totaal misdrijven"
        "Perioden";"2022";"2023"
        "Regio's";"aantal";"aantal"
        "Doetinchem";"3100";"veel"
        "Atlantis";"1";"2"
        "Bron: Politie"
        """)
        let found = await problems { () async throws(ImportProblems) in
            try await StatLineWideExportReader.read(url, codes: CodeBook(metadata: metadata), measures: metadata.measures) { _ in Issue.record("nothing may be handed on") }
        }
        #expect(found == [
            "export.csv, regel 7: \"Atlantis\" is geen regionaam die Regie kent",
            "export.csv, regel 6: \"veel\" in kolom 3 (GeregistreerdeMisdrijven_1, 2023JJ00) is geen getal",
        ])
        let noCategory = try temporaryFile("export.csv", "\"Onderwerp\";\"Geregistreerde misdrijven\"\n\"Perioden\";\"2023\"\n\"Regio's\";\"aantal\"\n\"Doetinchem\";\"1\"\n")
        #expect(await problems { () async throws(ImportProblems) in
            try await StatLineWideExportReader.read(noCategory, codes: CodeBook(metadata: metadata), measures: metadata.measures) { _ in }
        } == ["export.csv: de export noemt geen Soort misdrijf; kies die dimensie als kolom of regel in StatLine, of zet er één vast"])
    }
}

@Suite("Veiligheidsmonitor")
struct VeiligheidsmonitorImporterTests {
    let export = fixtures.appendingPathComponent("statline-export-veiligheidsmonitor-regio.csv")

    @Test("The real export: each column a measure with a stable key, its full title and unit; provinces without metadata")
    func realExport() async throws {
        let header = try DelimitedFile(export).header
        let measures = VeiligheidsmonitorReader.measures(header)
        #expect(measures.count == 18)
        #expect(measures[2] == StatisticsMeasure(key: "voelt-zich-wel-eens-onveilig-in-buurt",
            title: "(On)veiligheidsbeleving /Buurt/Onveiligheidsgevoelens/Voelt zich wel eens onveilig in buurt (%)", unit: "%"))
        #expect(measures[3].key == "voelt-zich-wel-eens-onveilig-in-buurt_marge")
        #expect(measures.map(\.key).contains("rapportcijfer-veiligheid-in-buurt"))
        #expect(measures.first { $0.key == "rapportcijfer-veiligheid-in-buurt" }?.unit == "rapportcijfer")
        #expect(measures.first { $0.key == "in-centrum-van-woonplaats" }?.unit == "%")
        #expect(Set(measures.map(\.key)).count == measures.count)
        var found: [Observation] = []
        let summary = try await VeiligheidsmonitorReader.read(export, codes: CodeBook()) { found += $0 }
        #expect(summary.rows == 60)
        #expect(summary.regions.count == 12)
        #expect(summary.periods == Set((2013...2017).map { StatisticsPeriod.year($0) }))
        #expect(found.first { $0.region.rawValue == "PV20" && $0.period == .year(2013) && $0.measure == "voelt-zich-wel-eens-onveilig-in-buurt" }?.value == 17.7)
        #expect(found.first { $0.region.rawValue == "PV31" && $0.period == .year(2017) && $0.measure == "rapportcijfer-veiligheid-in-buurt" }?.value == 7.1)
    }

    @Test("Margin rows become <key>_marge; municipalities match through metadata; bad rows are reported")
    func margins() async throws {
        let metadata = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
        let url = try temporaryFile("vm.csv", """
        "Marges";"Perioden";"Regio's";"(On)veiligheidsbeleving /Buurt/Onveiligheidsgevoelens/Voelt zich wel eens onveilig in buurt (%)";"Slachtofferschap/Totaal/Slachtoffers totaal (%)"
        "Waarde";"2023";"Doetinchem";"14,2";"12,5"
        "Marge";"2023";"Doetinchem";"1,9";"."
        "Waarde";"2023";"Nederland";"18,9";"13,9"

        """, bom: true)
        var found: [Observation] = []
        _ = try await VeiligheidsmonitorReader.read(url, codes: CodeBook(metadata: metadata)) { found += $0 }
        #expect(found == [
            Observation(region: RegionCode("GM0222")!, period: .year(2023), measure: "voelt-zich-wel-eens-onveilig-in-buurt", value: 14.2),
            Observation(region: RegionCode("GM0222")!, period: .year(2023), measure: "slachtoffers-totaal", value: 12.5),
            Observation(region: RegionCode("GM0222")!, period: .year(2023), measure: "voelt-zich-wel-eens-onveilig-in-buurt_marge", value: 1.9),
            Observation(region: RegionCode("GM0222")!, period: .year(2023), measure: "slachtoffers-totaal_marge", value: nil),
            Observation(region: RegionCode("NL00")!, period: .year(2023), measure: "voelt-zich-wel-eens-onveilig-in-buurt", value: 18.9),
            Observation(region: RegionCode("NL00")!, period: .year(2023), measure: "slachtoffers-totaal", value: 13.9),
        ])
        let bad = try temporaryFile("vm.csv", """
        "Marges";"Perioden";"Regio's";"Buurt/Voelt zich wel eens onveilig in buurt (%)"
        "Waarde";"2023";"Doetinchem";"veertien"
        "Betrouwbaarheid";"2023";"Doetinchem";"1,9"
        "Waarde";"twintig";"Doetinchem";"1"
        "Waarde";"2023";"Gotham";"1"
        """)
        let reported = await problems { () async throws(ImportProblems) in try await VeiligheidsmonitorReader.read(bad, codes: CodeBook(metadata: metadata)) { _ in } }
        #expect(reported == [
            "vm.csv, regel 5: \"Gotham\" is geen regionaam die Regie kent",
            "vm.csv, regel 2: \"veertien\" in kolom 4 (voelt-zich-wel-eens-onveilig-in-buurt) is geen getal",
            "vm.csv, regel 3: \"Betrouwbaarheid\" in kolom Marges is onbekend (verwacht: Waarde of Marge)",
            "vm.csv, regel 4: \"twintig\" is geen periode die Regie kent (bijv. 2023 of 2023*)",
        ])
    }

    @Test("An export downloaded without the Marges column is recognised by its titles and holds figures only")
    func withoutMargins() async throws {
        let url = try temporaryFile("vm.csv", """
        "Perioden";"Regio's";"Slachtofferschap/Totaal/Slachtoffers totaal (%)";"Buurt/Rapportcijfer veiligheid in buurt (rapportcijfer)"
        "2023";"Nederland";"13,9";"7,4"
        """)
        #expect(try ImportLayout.detect(url) == .veiligheidsmonitor)
        var found: [Observation] = []
        _ = try await VeiligheidsmonitorReader.read(url, codes: CodeBook()) { found += $0 }
        #expect(found.map(\.measure) == ["slachtoffers-totaal", "rapportcijfer-veiligheid-in-buurt"])
        #expect(found.map(\.value) == [13.9, 7.4])
        let long = try temporaryFile("export.csv", "\"Perioden\";\"Regio's\";\"Geregisteerde misdrijven (aantal)\"\n\"2023\";\"Nederland\";\"1\"\n")
        #expect(try ImportLayout.detect(long) == .statLineLong)
    }

    @Test("Columns that end alike get the part before in their key")
    func clashingKeys() {
        #expect(VeiligheidsmonitorReader.keys(["Buurt/Overlast/Totaal (%)", "Woonplaats/Overlast/Totaal (%)", "Buurt/Rapportcijfer (rapportcijfer)"])
                == ["buurt-overlast-totaal", "woonplaats-overlast-totaal", "rapportcijfer"])
    }
}

@Suite("Own series")
struct OwnSeriesImporterTests {
    @Test("Every period form, both delimiters and decimal commas; series keys are stable slugs with their titles")
    func template() async throws {
        #expect(OwnSeriesReader.period("2024") == .year(2024))
        #expect(OwnSeriesReader.period("2024-03") == .month(2024, 3))
        #expect(OwnSeriesReader.period("2024-K1") == .quarter(2024, 1))
        #expect(OwnSeriesReader.period("2024-k4") == .quarter(2024, 4))
        #expect(OwnSeriesReader.period("2024MM03") == .month(2024, 3))
        #expect(OwnSeriesReader.period("2024-13") == nil)
        #expect(OwnSeriesReader.period("2024-K5") == nil)
        #expect(slug("Woningsluitingen (art. 13b Opiumwet)") == "woningsluitingen-art-13b-opiumwet")
        #expect(slug("Meldingen verward gedrag (E33)") == "meldingen-verward-gedrag-e33")
        let url = try temporaryFile("reeksen.csv", """
        Regio,Periode,Reeks,Waarde
        GM0222,2024-03,Meldingen verward gedrag (E33),41
        WK022201,2024-K1,Jeugdoverlast,"12,5"
        BU02220101,2024,Jeugdoverlast,

        """)
        var found: [Observation] = []
        let content = try await OwnSeriesReader.read(url) { found += $0 }
        #expect(found == [
            Observation(region: RegionCode("GM0222")!, period: .month(2024, 3), measure: "meldingen-verward-gedrag-e33", value: 41),
            Observation(region: RegionCode("WK022201")!, period: .quarter(2024, 1), measure: "jeugdoverlast", value: 12.5),
            Observation(region: RegionCode("BU02220101")!, period: .year(2024), measure: "jeugdoverlast", value: nil),
        ])
        #expect(content.measures == [StatisticsMeasure(key: "meldingen-verward-gedrag-e33", title: "Meldingen verward gedrag (E33)"),
                                     StatisticsMeasure(key: "jeugdoverlast", title: "Jeugdoverlast")])
        #expect(content.municipalities == [MunicipalityCode("GM0222")!])
    }

    @Test("Bad rows are reported with line and reason; nothing is handed on")
    func badRows() async throws {
        let url = try temporaryFile("reeksen.csv", """
        regio;periode;reeks;waarde
        GM0222;2024-03;Meldingen verward gedrag (E33);41
        Doetinchem;2024-03;Meldingen verward gedrag (E33);41
        GM0222;maart 2024;Meldingen verward gedrag (E33);41
        GM0222;2024-04;;41
        GM0222;2024-05;Meldingen verward gedrag (E33);veel
        GM0222;2024-03;Meldingen verward gedrag (E33);40
        PV25;2024;Meldingen verward gedrag (E33);40
        """)
        #expect(await problems { () async throws(ImportProblems) in try await OwnSeriesReader.read(url) { _ in Issue.record("nothing may be handed on") } } == [
            "reeksen.csv, regel 3: \"Doetinchem\" in kolom regio is geen code van een gemeente, wijk of buurt (zoals GM0222, WK022201 of BU02220101)",
            "reeksen.csv, regel 4: \"maart 2024\" in kolom periode is geen periode (schrijf 2024, 2024-03, 2024-K1 of 2024MM03)",
            "reeksen.csv, regel 5: de kolom reeks is leeg; geef de reeks een naam, bijv. \"Meldingen verward gedrag (E33)\"",
            "reeksen.csv, regel 6: \"veel\" in kolom waarde is geen getal (schrijf bijv. 41 of 12,5; leeg of . als er geen cijfer is)",
            "reeksen.csv, regel 7: GM0222, 2024MM03, reeks \"Meldingen verward gedrag (E33)\" staat al op regel 2",
            "reeksen.csv, regel 8: \"PV25\" in kolom regio is geen code van een gemeente, wijk of buurt (zoals GM0222, WK022201 of BU02220101)",
        ])
        let unquoted = try temporaryFile("reeksen.csv", "regio,periode,reeks,waarde\nGM0222,2024,Jeugdoverlast,12,5\n")
        #expect(await problems { () async throws(ImportProblems) in try await OwnSeriesReader.read(unquoted) { _ in } } == [
            "reeksen.csv, regel 2: deze regel heeft 5 velden in plaats van 4; staat er een decimale komma zonder aanhalingstekens in (schrijf \"12,5\")?",
        ])
    }
}

@Suite("Layout detection")
struct LayoutDetectionTests {
    @Test("Each layout is recognised from its content")
    func detect() throws {
        #expect(try ImportLayout.detect(fixtures.appendingPathComponent("politie-47018NED")) == .odataFolder)
        #expect(try ImportLayout.detect(jsonMetadata) == .odataFolder)
        #expect(try ImportLayout.detect(fixtures.appendingPathComponent("statline-export-47013NED-provincies-2013-2018.csv")) == .statLineLong)
        #expect(try ImportLayout.detect(fixtures.appendingPathComponent("statline-export-veiligheidsmonitor-regio.csv")) == .veiligheidsmonitor)
        #expect(try ImportLayout.detect(fixtures.appendingPathComponent("cbs-37230ned-bevolking-gemeenten-typeddataset.csv")) == .dataSet)
        #expect(try ImportLayout.detect(repositoryRoot.appendingPathComponent("examples/eigen-reeksen-voorbeeld.csv")) == .ownSeries)
        #expect(try ImportLayout.detect(try temporaryFile("TypedDataSet.json", "\n {\"value\":[{\"ID\":0}]}")) == .odataJSON)
        #expect(try ImportLayout.detect(try temporaryFile("export.csv", "\"Titel\"\n\"Onderwerp\";\"A\"\n\"Perioden\";\"2023\"\n\"Regio's\";\"aantal\"\n")) == .statLineWide)
        let folder = try temporaryFile("47013NED_DataSet.csv", "ID;SoortMisdrijf;RegioS;Perioden;GeregistreerdeMisdrijven_1\n").deletingLastPathComponent()
        try FileManager.default.copyItem(at: bulkMetadata, to: folder.appendingPathComponent("47013NED_metadata.csv"))
        #expect(try ImportLayout.detect(folder) == .bulkDownload)
    }

    @Test("An unknown layout, a metadata file on its own or a missing path gets a Dutch message")
    func unknown() throws {
        func message(_ url: URL) -> String {
            do { return "\(try ImportLayout.detect(url))" } catch { return error.description }
        }
        let unknown = message(try temporaryFile("cijfers.csv", "Gemeente;Jaar;Aantal\nDoetinchem;2023;12\n"))
        #expect(unknown.hasPrefix("cijfers.csv: de indeling van dit bestand is onbekend. Gevonden kolommen: \"Gemeente\", \"Jaar\", \"Aantal\". Regie heeft nodig: "))
        #expect(unknown.contains("Regie leest: map met een OData-tabel"))
        #expect(unknown.contains("eigen reeksen volgens het sjabloon (regio;periode;reeks;waarde)"))
        #expect(message(bulkMetadata).hasPrefix("politie-47013NED-bulk-metadata.csv: dit is het metadatabestand van een bulkdownload"))
        #expect(message(jsonMetadata.appendingPathComponent("DataProperties.json")).contains("dit is een metadatabestand (JSON)"))
        #expect(message(fixtures.appendingPathComponent("bestaat-niet.csv")) == "bestaat-niet.csv: het bestand of de map bestaat niet")
        #expect(message(fixtures).contains("in deze map staat geen DataProperties.csv"))
    }
}
