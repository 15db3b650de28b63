import Foundation
import RegieCore
import RegieImporter
import RegiePersistence
import Testing
import VaporTesting

/// A folder as a client saves table 47018NED: the real metadata beside `data.csv` with `rows`.
func table47018(_ rows: [String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-47018-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: fixtures.appendingPathComponent("politie-47018NED"), to: directory)
    let header = "\"ID\";\"SoortMisdrijf\";\"WijkenEnBuurten\";\"Perioden\";\"GeregistreerdeMisdrijven_1\";\"Gemeentenaam_2\";\"SoortRegio_3\""
    try ([header] + rows).joined(separator: "\r\n").write(to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
    return directory
}

extension DatabaseTests {
    @Suite("Imported statistics")
    struct StatisticsStorageTests {
        @Test("An imported table lands in the database, figures where they belong")
        func importTable() async throws {
            try await withTestApp { app in
                let folder = try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2022JJ00\";140;\"Doetinchem\";\"Gemeente\"",
                    "1;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                    "2;\"0.0.0 \";\"GM0222    \";\"2023JJ00\";3100;\"Doetinchem\";\"Gemeente\"",
                    "3;\"1.1.1 \";\"WK022201  \";\"2023JJ00\";\".\";\"Doetinchem\";\"Wijk\"",
                ])
                let result = try await ODataImport.run(directory: folder, into: app.statistics)
                #expect(result.outcome.revision == 1 && result.outcome.observations == 4 && result.outcome.previousObservations == nil)
                #expect(result.outcome.changes == StatisticsRevisionCounts(added: 4) && result.outcome.newRegions == 2)
                #expect(result.summary.missingValues == 1)
                let figures = try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(figures.map(\.value) == [140, 3100, 121])
                #expect(figures.map(\.period) == [.year(2022), .year(2023), .year(2023)])
                #expect(figures[1].categories == ["SoortMisdrijf": "0.0.0"])
                let district = try await app.statistics.observations(table: "47018NED", region: RegionCode("WK022201")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(district.count == 1 && district[0].value == nil)
            }
        }

        @Test("A revised table replaces the earlier import with --vervang and counts a revision; nothing is doubled")
        func reimport() async throws {
            try await withTestApp { app in
                _ = try await ODataImport.run(directory: try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                    "1;\"1.1.1 \";\"GM0037    \";\"2023JJ00\";44;\"Stadskanaal\";\"Gemeente\"",
                ]), into: app.statistics)
                let second = try await ODataImport.run(directory: try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";125;\"Doetinchem\";\"Gemeente\"",
                ]), mode: .replace, into: app.statistics)
                #expect(second.outcome.revision == 2 && second.outcome.observations == 1 && second.outcome.previousObservations == 2)
                #expect(second.outcome.changes == StatisticsRevisionCounts(added: 0, revised: 1, unchanged: 0, kept: 0, removed: 1))
                let figures = try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(figures.map(\.value) == [125])
                #expect(try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0037")!, measure: "GeregistreerdeMisdrijven_1").isEmpty)
            }
        }

        @Test("A file with one bad row, even after thousands of good ones, changes nothing")
        func allOrNothing() async throws {
            try await withTestApp { app in
                _ = try await ODataImport.run(directory: try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                ]), into: app.statistics)
                let types = ["0.0.0", "1.1.1", "1.2.1", "1.4.5", "2.2.1"]
                let municipalities = try ODataMetadata.read(from: fixtures.appendingPathComponent("politie-47018NED"))
                    .regionDimension!.codes.keys.filter { $0.hasPrefix("GM") && $0 != "GM0222" }.sorted()
                var rows = (0..<12_000).map { i in
                    "\(i);\"\(types[i % 5]) \";\"\(municipalities[(i / 60) % municipalities.count])\";\"\(2012 + (i / 5) % 12)JJ00\";\(i);\"\";\"Gemeente\""
                }
                rows.append("12000;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";veel;\"Doetinchem\";\"Gemeente\"")
                let folder = try table47018(rows)
                do {
                    _ = try await ODataImport.run(directory: folder, into: app.statistics)
                    Issue.record("the import should fail")
                } catch let error as ImportProblems {
                    #expect(error.problems.map(\.description) == ["data.csv, regel 12002: \"veel\" in kolom GeregistreerdeMisdrijven_1 is geen getal"])
                }
                let figures = try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(figures.map(\.value) == [121])
            }
        }

        @Test("The same figure twice in one file is refused in Dutch, and nothing is stored")
        func duplicateRows() async throws {
            try await withTestApp { app in
                let folder = try table47018([
                    "0;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";121;\"Doetinchem\";\"Gemeente\"",
                    "1;\"1.1.1 \";\"GM0222    \";\"2023JJ00\";122;\"Doetinchem\";\"Gemeente\"",
                ])
                do {
                    _ = try await ODataImport.run(directory: folder, into: app.statistics)
                    Issue.record("the import should fail")
                } catch let error as ImportProblems {
                    #expect(error.problems.count == 1)
                    #expect(error.problems[0].message.contains("twee keer in het bestand"))
                }
                let figures = try await app.statistics.observations(table: "47018NED", region: RegionCode("GM0222")!, measure: "GeregistreerdeMisdrijven_1")
                #expect(figures.isEmpty)
            }
        }
    }
}
