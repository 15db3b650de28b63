import Foundation
import RegieCore
@testable import RegieImporter
import Testing

/// A wide StatLine export of 47013NED per municipality, as the website writes it: BOM, `;`,
/// every field quoted, title lines holding the table's title, the "Onderwerp", "Perioden" and
/// "Regio's" header lines, "." for a missing figure, `*` after a provisional period and the
/// "Bron: Politie" footer. `rows` are the region lines.
func wide47013NEDExport(_ rows: [String], name: String = "Geregistreerde_misdrijven_en_aangiften.csv") throws -> URL {
    try temporaryFile(name, ([
        "\"Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente, per maand\"",
        "\"Soort misdrijf: Totaal misdrijven\"",
        "\"Onderwerp\";\"Geregistreerde misdrijven\";\"Geregistreerde misdrijven\";\"Geregistreerde misdrijven\"",
        "\"Perioden\";\"2003\";\"2020\";\"2024*\"",
        "\"Regio's\";\"aantal\";\"aantal\";\"aantal\"",
    ] + rows + ["\"Bron: Politie\"", ""]).joined(separator: "\r\n"), bom: true)
}

@Suite("Built-in code lists")
struct CodeListTests {
    let lists = CodeLists.shipped

    @Test("The shipped lists hold every municipality with its years, the provinces, the police units, crime types and the catalogue")
    func shipped() throws {
        #expect(lists.version == "versie 2025-1")
        #expect(Set(lists.municipalities.map(\.code)).count == 788)
        // Haaren ended on 1 January 2021: its own years run to 2020.
        let haaren = try #require(lists.municipalities.first { $0.name == "Haaren" })
        #expect(haaren.code == RegionCode("GM0788") && haaren.lastYear == 2020)
        // Sluis was GM0713 until 1995 and is GM1714 since 2003.
        #expect(lists.municipalities.filter { $0.name == "Sluis" }.map { "\($0.code) \($0.firstYear)-\($0.lastYear.map(String.init) ?? "")" }.sorted()
                == ["GM0713 1970-1994", "GM1714 2003-"])
        #expect(lists.provinces.count == 13 && lists.provinces.contains { $0.code == RegionCode("PV21") && $0.statLineName == "Friesland (PV)" })
        #expect(lists.tableRegions["47013NED"]?.contains { $0.code == RegionCode("RE06") && $0.name == "Den Haag (RE)" } == true)
        #expect(lists.crimeTypes.keys.sorted() == ["47013NED", "47018NED", "47022NED"])
        #expect(lists.crimeTypes.values.allSatisfy { $0.count == 59 })
        #expect(lists.crimeTypes["47013NED"]?["1.4.1"] == "1.4.1 Zedendelicten" && lists.crimeTypes["47018NED"]?["1.4.1"] == "1.4.1 Zedenmisdrijf")
        #expect(lists.tables.map(\.identifier) == ["47013NED", "47018NED", "85984NED"])
        let table = try #require(lists.table("47013ned"))
        #expect(table.metadata.dimensions.map(\.key) == ["SoortMisdrijf", "RegioS", "Perioden"])
        #expect(table.metadata.measures.map(\.key) == ["GeregistreerdeMisdrijven_1", "Aangiften_2", "Internetaangiften_3"])
    }

    @Test("The files are small and the script that makes them is in the repository")
    func provenance() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/RegieImporter/CodeLists")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let size = try files.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($1).path)[.size] as? Int ?? 0) }
        #expect(size < 300_000)
        let sources = try String(contentsOf: folder.appendingPathComponent("BRONNEN.md"), encoding: .utf8)
        for file in files where file.hasSuffix(".csv") { #expect(sources.contains("`\(file)`"), "BRONNEN.md describes \(file)") }
        #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("scripts/make-code-lists.py").path))
    }

    @Test("Names resolve without metadata: official and StatLine spellings, case and spacing, and the code valid in the row's year")
    func names() {
        let codes = CodeBook()
        #expect(codes.region("Doetinchem") == .code(RegionCode("GM0222")!))
        #expect(codes.region("'s-Gravenhage", year: 2024) == .code(RegionCode("GM0518")!))
        #expect(codes.region("'S-GRAVENHAGE  (gemeente)") == .code(RegionCode("GM0518")!))
        #expect(codes.region("\u{2019}s-Hertogenbosch") == .code(RegionCode("GM0796")!))
        #expect(codes.region("Groningen (PV)") == .code(RegionCode("PV20")!))
        #expect(codes.region("Groningen") == .code(RegionCode("GM0014")!))
        #expect(codes.region("Friesland (PV)") == .code(RegionCode("PV21")!))
        #expect(codes.region("Fryslân (PV)") == .code(RegionCode("PV21")!))
        #expect(codes.region("Nederland") == .code(RegionCode("NL00")!))
        // Reorganised names: the code valid in the year; an ended municipality keeps its own years.
        #expect(codes.region("Sluis", year: 1993) == .code(RegionCode("GM0713")!))
        #expect(codes.region("Sluis", year: 2020) == .code(RegionCode("GM1714")!))
        #expect(codes.region("Sluis", year: 1999) == .ambiguous([RegionCode("GM0713")!, RegionCode("GM1714")!]))
        #expect(codes.region("Hengelo", year: 2020) == .code(RegionCode("GM0164")!))
        #expect(codes.region("Hengelo", year: 2003) == .ambiguous([RegionCode("GM0164")!, RegionCode("GM0248")!]))
        #expect(codes.region("Haaren", year: 2020) == .code(RegionCode("GM0788")!))
        #expect(codes.region("Atlantis") == .unknown)
        // The table's own list: 47013NED codes the country NL01 and has police units.
        let police = CodeBook(table: "47013NED")
        #expect(police.region("Nederland") == .code(RegionCode("NL01")!))
        #expect(police.region("Den Haag (RE)") == .code(RegionCode("RE06")!))
        #expect(police.region("Buitenland") == .code(RegionCode("GM0998")!))
        #expect(CodeBook().region("Buitenland") == .unknown)
    }

    @Test("The table is recognised from an export's title, else from the file name")
    func tableFromTitle() throws {
        #expect(lists.table(titled: "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente, per maand")?.identifier == "47013NED")
        #expect(lists.table(titled: "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente 2025")?.identifier == "47013NED")
        #expect(lists.table(titled: "geregistreerde misdrijven;  soort misdrijf, wijk, buurt, jaarcijfers")?.identifier == "47018NED")
        #expect(lists.table(titled: "Misdrijven per wijk en buurt per jaar")?.identifier == "47018NED")
        #expect(lists.table(titled: "Geregistreerde misdrijven; soort misdrijf, regio") == nil)
        let url = try wide47013NEDExport(["\"Doetinchem\";\"4100\";\"3000\";\"2950\""], name: "export.csv")
        #expect(StatLineWideExportReader.title(url) == "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente, per maand")
    }

    @Test("Unknown names are listed with their line and the nearest known names, at most ten, with the total")
    func unknownNames() async throws {
        let url = try wide47013NEDExport(["\"Den Haag\";\"1\";\"2\";\"3\"", "\"Doetinchm\";\"1\";\"2\";\"3\"", "\"Hengelo\";\"1\";\"2\";\"3\""])
        let codes = CodeBook(metadata: lists.table("47013NED")!.metadata, table: "47013NED")
        let found = await problems { () async throws(ImportProblems) in try await StatLineWideExportReader.read(url, codes: codes) { _ in } }
        #expect(found == [
            "Geregistreerde_misdrijven_en_aangiften.csv, regel 6: \"Den Haag\" is geen regionaam die Regie kent; bedoelde u 's-Gravenhage, Den Ham of Den Haag (RE)?",
            "Geregistreerde_misdrijven_en_aangiften.csv, regel 7: \"Doetinchm\" is geen regionaam die Regie kent; bedoelde u Doetinchem?",
            "Geregistreerde_misdrijven_en_aangiften.csv, regel 8: \"Hengelo\" was in 2003 de naam van meer dan één gemeente (GM0164, GM0248); Regie weet niet welke bedoeld is. Kies in StatLine de gemeentelijke indeling van één jaar, of geef met --metadata de metadata van de tabel",
            "Geregistreerde_misdrijven_en_aangiften.csv: 3 regionamen zijn onbekend; er is niets ingelezen",
        ])
        let many = try wide47013NEDExport((1...12).map { "\"Gemeente \($0)\";\"1\";\"2\";\"3\"" })
        let listed = await problems { () async throws(ImportProblems) in try await StatLineWideExportReader.read(many, codes: codes) { _ in } }
        #expect(listed.count == 11)
        #expect(listed.first == "Geregistreerde_misdrijven_en_aangiften.csv, regel 6: \"Gemeente 1\" is geen regionaam die Regie kent")
        #expect(listed.last == "Geregistreerde_misdrijven_en_aangiften.csv: en nog 2 onbekende regionamen (12 in totaal); er is niets ingelezen")
    }
}

/// Review finding: a missing or damaged shipped list stops loading with the file and line.
@Suite("Damaged code lists")
struct DamagedCodeListTests {
    /// A copy of the shipped lists in which `file`'s line `line` (counting from 1) is `text`.
    func damaged(_ file: String, line: Int, _ text: String) throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("CodeLists")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Sources/RegieImporter/CodeLists"), to: folder)
        let url = folder.appendingPathComponent(file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        lines[line - 1] = text
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return folder
    }

    func problem(_ folder: URL?) -> String? {
        do {
            _ = try CodeLists.load(from: folder)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("The lists in the repository pass the strict reading")
    func intact() throws {
        let lists = try CodeLists.load(from: repositoryRoot.appendingPathComponent("Sources/RegieImporter/CodeLists"))
        #expect(Set(lists.municipalities.map(\.code)).count == 788)
        #expect(lists.municipalityName(MunicipalityCode("GM1948")!) == "Meierijstad")
        // Haaren no longer exists: its last name still names the code.
        #expect(lists.municipalityName(MunicipalityCode("GM0788")!) == "Haaren")
        #expect(lists.municipalityName(MunicipalityCode("GM9999")!) == nil)
    }

    @Test("A damaged row names the file, the line and what is wrong; nothing is skipped silently")
    func damagedRows() throws {
        #expect(problem(try damaged("gemeenten.csv", line: 5, "GM0007;Bellingwedde;PV20;1968-01-01;2018-01-01;19x0;2018"))
                == "gemeenten.csv, regel 5: \"19x0\" in kolom eerste_jaar is geen jaartal")
        #expect(problem(try damaged("gemeenten.csv", line: 5, "GX0007;Bellingwedde;PV20;1968-01-01;2018-01-01;1990;2018"))
                == "gemeenten.csv, regel 5: \"GX0007\" in kolom code is geen geldige regiocode")
        #expect(problem(try damaged("provincies.csv", line: 3, "PV20;Groningen"))
                == "provincies.csv, regel 3: deze regel heeft 2 velden in plaats van 3; is het bestand afgebroken of een veld niet goed afgesloten?")
        #expect(problem(try damaged("soort-misdrijf.csv", line: 1, "tabel;sleutel;titel"))
                == "soort-misdrijf.csv, regel 1: de kopregel mist de kolom code (gevonden: tabel, sleutel, titel)")
        #expect(problem(try damaged("regios-per-tabel.csv", line: 4, "47013NED;RE;Noord-Nederland (LD)"))?
            .hasPrefix("regios-per-tabel.csv, regel 4: \"RE\" in kolom code") == true)
    }

    @Test("A missing folder or file says which; the message the program stops with says what to do")
    func missing() throws {
        #expect(problem(nil) == "CodeLists: de map met ingebouwde codelijsten ontbreekt in de installatie")
        let folder = try damaged("roepnamen.csv", line: 1, "naam;officiele_naam")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tabellen.csv"))
        #expect(problem(folder) == "tabellen.csv: het bestand bestaat niet")
        let message = CodeLists.loadFailure(ImportProblem(file: "gemeenten.csv", line: 5, message: "\"19x0\" in kolom eerste_jaar is geen jaartal"))
        #expect(message.hasPrefix("Regie kan de ingebouwde codelijsten (gemeenten, provincies, misdrijfsoorten) niet lezen: gemeenten.csv, regel 5: \"19x0\""))
        #expect(message.contains("installeer Regie opnieuw"))
    }
}

@Suite("Files that are not figures with codes")
struct NotFiguresTests {
    func message(_ url: URL) -> String {
        do { return "\(try ImportLayout.detect(url))" } catch { return error.description }
    }

    @Test("A code list saved alone says which list it is, how many codes, the table and what to do")
    func codeLists() {
        let crime = message(fixtures.appendingPathComponent("politie-47022NED-soortmisdrijf-bom-crlf.csv"))
        #expect(crime.hasPrefix("politie-47022NED-soortmisdrijf-bom-crlf.csv: dit is een codelijst, geen bestand met cijfers: de lijst Soort misdrijf van tabel 47022NED met 59 codes."))
        #expect(crime.contains("Regie kent de codelijsten van de politietabellen al") && crime.contains("--metadata"))
        #expect(!crime.contains("onbekend"))
        let folder = fixtures.appendingPathComponent("politie-47018NED")
        #expect(message(folder.appendingPathComponent("SoortMisdrijf.csv")).hasPrefix(
            "SoortMisdrijf.csv: dit is een codelijst, geen bestand met cijfers: de lijst Soort misdrijf (gelijk aan die van de tabellen 47018NED en 47022NED) met 59 codes."))
        #expect(message(folder.appendingPathComponent("Perioden.csv")).hasPrefix("Perioden.csv: dit is een codelijst, geen bestand met cijfers: de lijst Perioden met 12 codes."))
        #expect(message(folder.appendingPathComponent("WijkenEnBuurten.csv")).hasPrefix(
            "WijkenEnBuurten.csv: dit is een codelijst, geen bestand met cijfers: de lijst regio-indeling (343 gemeenten, 3394 wijken, 14575 buurten) met 18313 codes."))
        #expect(message(folder.appendingPathComponent("DataProperties.csv")).contains("dit is de beschrijving van een tabel"))
    }

    @Test("Processed figures without codes get the columns found and what Regie needs")
    func processedFigures() {
        for (file, columns) in [("NL_Crime.csv", "\"incident_type_code\", \"year\", \"incident_count\""), ("NL_Disorder.csv", "\"incident_type_code\", \"year\", \"incident_count\"")] {
            let text = message(fixtures.appendingPathComponent("politie-47018NED-nederland/\(file)"))
            #expect(text.contains("Gevonden kolommen: \(columns)."), "\(text)")
            #expect(text.contains("in dit bestand ontbreekt een kolom met de regio"))
            #expect(!text.contains("ontbreekt een kolom met de regio (een code zoals GM0222 of een naam zoals Doetinchem) en een kolom met de periode"))
            #expect(text.contains("Download de tabel zelf van StatLine"))
        }
    }
}

extension DatabaseTests {
    @Suite("StatLine exports without metadata")
    struct ExportWithoutMetadataTests {
        @Test("The real provinces export of 47013NED imports as downloaded, with no metadata")
        func provinces() async throws {
            try await withTestApp { app in
                let result = try await DataImport.run(fixtures.appendingPathComponent("statline-export-47013NED-provincies-2013-2018.csv"), into: app.statistics)
                #expect(result.layout == .statLineLong)
                #expect(result.table.identifier == "47013NED")
                #expect(result.outcome.observations == 780)
                func values(_ region: String, _ crime: String) async throws -> [Double?] {
                    try await app.statistics.observations(table: "47013NED", region: RegionCode(region)!, measure: "GeregistreerdeMisdrijven_1")
                        .filter { $0.categories["SoortMisdrijf"] == crime }.map(\.value)
                }
                #expect(try await values("NL01", "0.0.0") == [1078439, 1001181, 959962, 912940, 815525, 768099])
                #expect(try await values("PV20", "0.0.0").first == 33753)
                #expect(try await values("PV21", "0.0.0").first == 28288)
                #expect(try await values("PV31", "2.5.2").last == 2309)
                let table = try #require(try await app.statistics.table("47013NED"))
                #expect(table.categoryDimensions == ["SoortMisdrijf"])
                #expect(table.categoryTitles["SoortMisdrijf"]?["2.5.2"] == "Winkeldiefstal")
                #expect(try await app.statistics.regionNames(table: "47013NED", regions: .codes([RegionCode("PV20")!]))[RegionCode("PV20")!] == "Groningen (PV)")
            }
        }

        @Test("A wide municipality export of 47013NED: the table from its title, names by period, figures under the right codes")
        func wideMunicipalities() async throws {
            try await withTestApp { app in
                let url = try wide47013NEDExport([
                    "\"'s-Gravenhage (gemeente)\";\"61000\";\"52000\";\"49000\"",
                    "\"Groningen (gemeente)\";\"16200\";\"14100\";\".\"",
                    "\"Sluis\";\"700\";\"610\";\"590\"",
                    "\"Haaren\";\"300\";\"280\";\".\"",
                    "\"Bergen (NH.)\";\"900\";\"850\";\"800\"",
                    "\"Doetinchem\";\"4100\";\"3000\";\"2950\"",
                ].map { $0.replacingOccurrences(of: "\"Sluis\";\"700\"", with: "\"Sluis\";\".\"") })
                let result = try await DataImport.run(url, into: app.statistics)
                #expect(result.layout == .statLineWide)
                #expect(result.table.identifier == "47013NED")
                #expect(result.summary.missingValues == 3)
                func values(_ region: String) async throws -> [Double?] {
                    try await app.statistics.observations(table: "47013NED", region: RegionCode(region)!, measure: "GeregistreerdeMisdrijven_1").map(\.value)
                }
                #expect(try await values("GM0518") == [61000, 52000, 49000])
                #expect(try await values("GM0014") == [16200, 14100, nil])
                #expect(try await values("GM1714") == [nil, 610, 590])
                #expect(try await values("GM0788") == [300, 280, nil])
                #expect(try await values("GM0373") == [900, 850, 800])
                #expect(try await values("GM0222") == [4100, 3000, 2950])
                let stored = try await app.statistics.observations(table: "47013NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(stored.map(\.period) == [.year(2003), .year(2020), .year(2024)])
                #expect(stored.allSatisfy { $0.categories == ["SoortMisdrijf": "0.0.0"] })
                #expect(try await app.statistics.regionNames(table: "47013NED", regions: .codes([RegionCode("GM0518")!]))[RegionCode("GM0518")!] != nil)
            }
        }

        @Test("An export whose table cannot be known says where to find the code and names --tabel and --metadata")
        func unknownTable() async throws {
            try await withTestApp { app in
                let url = try temporaryFile("export.csv", """
                "Misdrijven in mijn regio"
                "Onderwerp";"Geregistreerde misdrijven"
                "Perioden";"2023"
                "Regio's";"aantal"
                "Doetinchem";"3100"
                "Bron: Politie"
                """, bom: true)
                let found = await problems { () async throws(ImportProblems) in try await DataImport.run(url, into: app.statistics) }
                #expect(found.count == 1)
                #expect(found.first?.contains("--tabel") == true && found.first?.contains("--metadata") == true)
                #expect(found.first?.contains("adres van de tabel op StatLine") == true)
                // With --tabel it imports, the names resolving through the built-in lists.
                let named = try await DataImport.run(url, identifier: "mijn-export", into: app.statistics)
                #expect(named.outcome.observations == 1)
            }
        }
    }
}
