import Foundation
import RegieCore
@testable import RegieImporter
import Testing

/// Every record of `bytes` as (line, fields, unterminated quote), read with chunks of `chunkSize`.
private func records(_ bytes: [UInt8], delimiter: Character = ",", chunkSize: Int = 1 << 20) throws -> [(line: Int, fields: [String], open: Bool)] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("regie-fast-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let reader = DelimitedRecordReader(handle: try FileHandle(forReadingFrom: url), delimiter: delimiter.asciiValue!, chunkSize: chunkSize)
    var result: [(line: Int, fields: [String], open: Bool)] = []
    while try reader.next() {
        let record = reader.record
        result.append((record.line, try #require(record.strings()), record.unterminatedQuote))
    }
    return result
}

private func records(_ text: String, delimiter: Character = ",", chunkSize: Int = 1 << 20) throws -> [(line: Int, fields: [String], open: Bool)] {
    try records(Array(text.utf8), delimiter: delimiter, chunkSize: chunkSize)
}

@Suite("Byte-level CSV reader")
struct FastReaderTests {
    @Test("Quoted fields: delimiters, doubled quotes, empty fields and text after the closing quote")
    func quoting() throws {
        let found = try records("\"a,b\",\"say \"\"hi\"\"\",,\"\",plain\nx\"y,\"z\"w,\"\"\"\"\"\"\n")
        #expect(found.count == 2)
        #expect(found[0].fields == ["a,b", "say \"hi\"", "", "", "plain"])
        // A quote inside an unquoted field is text; text after a closing quote joins the field.
        #expect(found[1].fields == ["x\"y", "zw", "\"\""])
    }

    @Test("Line numbers count line breaks inside quoted fields, LF, CRLF and CR alike")
    func lineNumbers() throws {
        let found = try records("h1,h2\r\n\"two\r\nlines\",1\r\n\"three\nlines\nhere\",2\n3,4\r5,6\r\n")
        #expect(found.map(\.line) == [1, 2, 4, 7, 8])
        #expect(found[1].fields == ["two\r\nlines", "1"])
        #expect(found[2].fields == ["three\nlines\nhere", "2"])
        #expect(found[3].fields == ["3", "4"])
        #expect(found[4].fields == ["5", "6"])
    }

    @Test("A byte order mark is skipped; an empty line is one empty field")
    func byteOrderMarkAndEmptyLines() throws {
        let found = try records([0xEF, 0xBB, 0xBF] + Array("\"Key\";\"Title\"\n\n\"1\";\"één\"\n".utf8), delimiter: ";")
        #expect(found.map(\.fields) == [["Key", "Title"], [""], ["1", "één"]])
        #expect(found.map(\.line) == [1, 2, 3])
    }

    @Test("A last line without a line break is read; a quote left open at the end is flagged")
    func truncated() throws {
        let found = try records("a,b\n1,2")
        #expect(found.map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(found.allSatisfy { !$0.open })
        let open = try records("a,b\n1,\"2\n3")
        #expect(open.last?.fields == ["1", "2\n3"])
        #expect(open.last?.open == true)
        #expect(try records("a,b\n1,").last?.fields == ["1", ""])
        #expect(try records("").isEmpty)
    }

    @Test("Any chunk size gives the same records as one big chunk")
    func chunkBoundaries() throws {
        let text = "\u{FEFF}\"ID\",\"Key\"\r\n0,\"GM0014    \"\r\n1,\"a \"\"quoted\"\"\r\nvalue\"\r\n2,\"\"\r\n\r\n3,x\ry\n4,\"é\"\n5,\"end"
        let reference = try records(text)
        #expect(reference.count == 9)
        for size in 4...19 {
            let found = try records(text, chunkSize: size)
            #expect(found.map(\.fields) == reference.map(\.fields), "chunk size \(size)")
            #expect(found.map(\.line) == reference.map(\.line), "chunk size \(size)")
            #expect(found.map(\.open) == reference.map(\.open), "chunk size \(size)")
        }
    }

    @Test("DelimitedFile reports invalid UTF-8 and an open quote with their line")
    func delimitedFileProblems() throws {
        let latin1 = try temporaryFile("latin1.csv", "")
        try Data(Array("Key;Title\n1;ok\n2;caf".utf8) + [0xE9] + Array("\n".utf8)).write(to: latin1)
        let file = try DelimitedFile(latin1)
        #expect(file.delimiter == ";")
        #expect(try file.next()?.fields == ["1", "ok"])
        #expect(throws: ImportProblem(file: "latin1.csv", line: 3, message: DelimitedFile.invalidUTF8)) { try file.next() }

        let open = try DelimitedFile(try temporaryFile("open.csv", "Key,Title\n1,\"never closed\n"))
        #expect(throws: ImportProblem(file: "open.csv", line: 2, message: DelimitedFile.unterminatedQuote)) { try open.next() }

        #expect(throws: ImportProblem(file: "leeg.csv", line: nil, message: "het bestand is leeg")) {
            try DelimitedFile(try temporaryFile("leeg.csv", ""))
        }
        #expect(throws: ImportProblem(file: "bom.csv", line: 1, message: "het bestand heeft geen kopregel")) {
            try DelimitedFile(try temporaryFile("bom.csv", "", bom: true))
        }
    }

    @Test("Numbers from bytes read as numbers from text do, for counts and decimals")
    func numbers() {
        for text in ["0", "12", " 7 ", "-3", "+4", "12.5", "12,5", "1.234,5", ".", "", "  ", "twaalf", "1e3", "0012",
                     "123456789012345", "1234567890123456789", "nan", "inf", "-", "4 5", "0x10", "999999999", "1000000000", "1000000001"] {
            for kind in [FigureKind.count, .decimal] {
                let fromBytes = Array(text.utf8).withUnsafeBufferPointer { Figures.read($0, as: kind) }
                let fromText = Figures.read(text, as: kind)
                #expect(fromBytes == fromText, "\(text) as \(kind)")
            }
        }
    }

    @Test("The byte-key table numbers keys in the order first seen and finds them after growing")
    func byteKeyTable() {
        var table = ByteKeyTable(capacity: 2)
        let keys = (0..<5_000).map { Array("BU\($0)    ".utf8) } + [[], Array("é".utf8)]
        for (number, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { buffer in
                #expect(table.find(buffer) == nil)
                #expect(table.insert(buffer) == number)
            }
        }
        for (number, key) in keys.enumerated() {
            key.withUnsafeBufferPointer { #expect(table.find($0) == number) }
        }
        #expect(table.count == keys.count)
    }

    @Test("Repeated codes are checked once but every bad row is still reported at its own line")
    func repeatedCodes() async throws {
        let metadata = try ImporterTests.metadata.get()
        var text = "\"ID\",\"WijkenEnBuurten\",\"Perioden\",\"SoortMisdrijf\",\"GeregistreerdeMisdrijven_1\"\n"
        for id in 0..<12_000 {
            text += "\(id),\"GM0222    \",\"\(2012 + id % 12)JJ00\",\"\(id % 2 == 0 ? "1.1.1 " : "0.0.0 ")\",\(id % 7 == 0 ? "\".\"" : String(id % 5))\n"
        }
        var observations: [Observation] = []
        let summary = try await ODataDataSetReader.read(try temporaryFile("data.csv", text), metadata: metadata) { observations += $0 }
        #expect(summary.rows == 12_000)
        #expect(summary.observations == 12_000)
        #expect(summary.regions == [RegionCode("GM0222")!])
        #expect(summary.periods.count == 12)
        #expect(summary.missingValues == (0..<12_000).filter { $0 % 7 == 0 }.count)
        #expect(observations[1] == Observation(region: RegionCode("GM0222")!, period: .year(2013), categories: ["SoortMisdrijf": "0.0.0"],
                                               measure: "GeregistreerdeMisdrijven_1", value: 1))
        #expect(observations[11_999].period == .year(2023))

        let bad = try temporaryFile("data.csv", """
        "ID","WijkenEnBuurten","Perioden","SoortMisdrijf","GeregistreerdeMisdrijven_1"
        0,"GM9999    ","2023JJ00","1.1.1 ",1
        1,"GM0222    ","2023JJ00","1.1.1 ",1
        2,"GM9999    ","2023JJ00","1.1.1 ",1
        3,"GM0222    ","2023JJ00","1.1.1 ","1
        """)
        do {
            _ = try await ODataDataSetReader.read(bad, metadata: metadata) { _ in }
            Issue.record("the read should fail")
        } catch {
            #expect(error.problems.map(\.description) == [
                "data.csv, regel 2: \"GM9999\" staat niet in de codelijst van Wijken en buurten (WijkenEnBuurten.csv)",
                "data.csv, regel 4: \"GM9999\" staat niet in de codelijst van Wijken en buurten (WijkenEnBuurten.csv)",
                "data.csv, regel 5: \(DelimitedFile.unterminatedQuote)",
            ])
        }
    }

    @Test("A data set with CRLF, a BOM, semicolons and a multi-line ID keeps its line numbers")
    func lineNumbersInDataSet() async throws {
        let metadata = try ImporterTests.metadata.get()
        let data = try temporaryFile("data.csv", "\"ID\";\"WijkenEnBuurten\";\"Perioden\";\"SoortMisdrijf\";\"GeregistreerdeMisdrijven_1\"\r\n"
            + "\"0\r\nzero\";\"GM0222    \";\"2023JJ00\";\"1.1.1 \";1\r\n"
            + "1;\"GM0222    \";\"2023JJ00\";\"1.1.1 \";één\r\n", bom: true)
        do {
            _ = try await ODataDataSetReader.read(data, metadata: metadata) { _ in }
            Issue.record("the read should fail")
        } catch {
            #expect(error.problems.map(\.description) == ["data.csv, regel 4: \"één\" in kolom GeregistreerdeMisdrijven_1 is geen getal"])
        }
    }

    @Test("With the wrong delimiter the header is one column and the reader says so")
    func wrongDelimiter() async throws {
        let metadata = try ImporterTests.metadata.get()
        let piped = try temporaryFile("data.csv", "ID\u{7C}WijkenEnBuurten\u{7C}Perioden\u{7C}SoortMisdrijf\u{7C}GeregistreerdeMisdrijven_1\n0|GM0222|2023JJ00|1.1.1|5\n")
        do {
            _ = try await ODataDataSetReader.read(piped, metadata: metadata) { _ in Issue.record("no rows") }
            Issue.record("the read should fail")
        } catch {
            #expect(error.problems.contains { $0.line == 1 && $0.message.contains("scheidingsteken") })
        }
    }

    @Test("Several category dimensions share one dictionary per combination")
    func severalCategories() async throws {
        func dimension(_ key: String, _ kind: ODataMetadata.Dimension.Kind) -> ODataMetadata.Dimension {
            ODataMetadata.Dimension(key: key, title: key, kind: kind, codes: [:])
        }
        let metadata = ODataMetadata(identifier: "eigen", title: nil,
                                     dimensions: [dimension("Regio", .region), dimension("Soort", .category),
                                                  dimension("Plaats", .category), dimension("Perioden", .time)],
                                     topics: [ODataMetadata.Topic(key: "Aantal_1", title: "Aantal", unit: nil, decimals: nil, isNumeric: true),
                                              ODataMetadata.Topic(key: "Aandeel_2", title: "Aandeel", unit: "%", decimals: 1, isNumeric: true)])
        let data = try temporaryFile("data.csv", """
        Regio;Soort;Plaats;Perioden;Aantal_1;Aandeel_2
        GM0222;A;straat;2023MM01;3;12,5
        GM0222;B;straat;2023MM01;4;
        GM0222;A;straat;2023MM02;5;1.5
        """)
        var observations: [Observation] = []
        let summary = try await ODataDataSetReader.read(data, metadata: metadata) { observations += $0 }
        #expect(summary.observations == 6)
        #expect(observations.map(\.categories) == [["Soort": "A", "Plaats": "straat"], ["Soort": "A", "Plaats": "straat"],
                                                   ["Soort": "B", "Plaats": "straat"], ["Soort": "B", "Plaats": "straat"],
                                                   ["Soort": "A", "Plaats": "straat"], ["Soort": "A", "Plaats": "straat"]])
        #expect(observations.map(\.value) == [3, 12.5, 4, nil, 5, 1.5])
        #expect(observations.map(\.measure) == ["Aantal_1", "Aandeel_2", "Aantal_1", "Aandeel_2", "Aantal_1", "Aandeel_2"])
    }
}

extension DatabaseTests {
    @Suite("Bulk writing of observations")
    struct ObservationWriterTests {
        @Test("Thousands of figures with two measures, two category dimensions and missing values come back as written")
        func roundTrip() async throws {
            try await withTestApp { app in
                let table = StatisticsTable(identifier: "eigen", title: "Eigen reeks", categoryDimensions: ["Soort", "Plaats"],
                                            measures: [StatisticsMeasure(key: "Aantal_1", title: "Aantal"),
                                                       StatisticsMeasure(key: "Aandeel_2", title: "Aandeel", unit: "%")])
                // 420 neighbourhoods: more distinct texts per statement than SQLite's fast path
                // for repeated variables, and more rows than one statement holds.
                var written: [Observation] = []
                for neighbourhood in 0..<420 {
                    let region = RegionCode(String(format: "BU0222%04d", neighbourhood))!
                    for month in 1...3 {
                        for (index, kind) in ["A", "B"].enumerated() {
                            let categories = ["Soort": kind, "Plaats": neighbourhood % 2 == 0 ? "straat" : "woning"]
                            let count = neighbourhood * 7 + month + index
                            written.append(Observation(region: region, period: .month(2023, month), categories: categories,
                                                       measure: "Aantal_1", value: count % 11 == 0 ? nil : Double(count)))
                            written.append(Observation(region: region, period: .month(2023, month), categories: categories,
                                                       measure: "Aandeel_2", value: Double(count) / 8))
                        }
                    }
                }
                let batches = stride(from: 0, to: written.count, by: 1_700).map { Array(written[$0..<min($0 + 1_700, written.count)]) }
                let outcome = try await app.statistics.replace(table, source: "eigen.csv") { store in
                    for batch in batches { try await store(batch) }
                }
                #expect(outcome.observations == written.count)
                for measure in ["Aantal_1", "Aandeel_2"] {
                    let stored = try await app.statistics.observations(ObservationQuery(table: "eigen", measure: measure, regions: .level(.neighbourhood)))
                    let key = { (o: Observation) in "\(o.region.rawValue) \(o.period) \(o.categories["Soort"]!) \(o.categories["Plaats"]!)" }
                    let expected = written.filter { $0.measure == measure }.sorted { key($0) < key($1) }
                    #expect(stored.sorted { key($0) < key($1) } == expected)
                }
            }
        }
    }
}
