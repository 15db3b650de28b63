import Foundation
import RegieCore

/// Reads the "wide" CSV the StatLine website exports when periods (and topics) are laid out as
/// columns:
///
/// ```
/// "Geregistreerde misdrijven; soort misdrijf, regio"      title line(s)
/// "Onderwerp";"Geregistreerde misdrijven";"Geregistreerde misdrijven"
/// "Soort misdrijf";"Totaal misdrijven";"Totaal misdrijven"   (a category, when chosen as column)
/// "Perioden";"2022";"2023*"
/// "Regio's";"aantal";"aantal"                              units; the last header line
/// "Doetinchem";"3100";"."
/// "Bron: Politie"                                          footer
/// ```
///
/// A category fixed for the whole export may also stand in a title line as
/// `"Soort misdrijf: Totaal misdrijven"`. Names are matched through a ``CodeBook``; names that
/// match nothing are listed with their line, and nothing is read.
public enum StatLineWideExportReader {
    static let topicHeaders: Set<String> = ["Onderwerp", "Onderwerpen"]

    /// The structure found in the header lines.
    public struct Header: Sendable {
        /// The export's first title line, as the table's title.
        public var title: String?
        /// The measures of the columns, in order of first appearance.
        public var measures: [StatisticsMeasure]
        var columns: [Column]
        /// Fields in a data row.
        var width: Int
    }

    struct Column: Sendable {
        var measure: String
        var period: StatisticsPeriod
        var categories: [String: String]

        /// Counts (crimes, population) are whole numbers; other figures decimals.
        var kind: FigureKind { Figures.kind(ofMeasure: measure) }
    }

    /// Whether `start` (the first bytes of a file) looks like a wide export: a line starting
    /// with the topic header, followed by a periods line.
    static func matches(_ start: String) -> Bool { headerLine(start) != nil }

    /// The topic header line in `start`, from which the delimiter is sniffed.
    static func headerLine(_ start: String) -> Substring? {
        let lines = start.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        guard let index = lines.prefix(30).firstIndex(where: { line in
            topicHeaders.contains { line.hasPrefix("\"\($0)\"") || line.hasPrefix("\($0);") || line.hasPrefix("\($0),") }
        }) else { return nil }
        let next = lines.dropFirst(index + 1).prefix(4)
        return next.contains { line in StatLineExportReader.periodHeaders.contains { line.contains("\"\($0)\"") || line.hasPrefix($0) } }
            ? lines[index] : nil
    }

    /// The export's first title line (the table's title on StatLine), when it has one.
    public static func title(_ url: URL) -> String? {
        let start = String(decoding: (try? FileHandle(forReadingFrom: url).read(upToCount: 64 * 1024)) ?? Data(), as: UTF8.self)
        guard let headerLine = headerLine(start) else { return nil }
        let lines = start.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
        guard let first = lines.first, first != headerLine else { return nil }
        let delimiter = Character(DelimitedFile.sniffDelimiter(Data(headerLine.utf8)))
        var text = first.drop { $0 == "\u{FEFF}" }.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\"") {
            // A quoted field: up to the closing quote ("" stands for one quote).
            var field = "", rest = text.dropFirst()
            while let quote = rest.firstIndex(of: "\"") {
                field += rest[..<quote]
                rest = rest[rest.index(after: quote)...]
                guard rest.first == "\"" else { break }
                field += "\""
                rest = rest.dropFirst()
            }
            text = field
        } else {
            text = String(text.split(separator: delimiter, maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        let title = text.trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? nil : title
    }

    /// Reads the title and header lines only, to describe the table before storing.
    public static func header(_ url: URL, codes: CodeBook, measures: [ODataMetadata.Topic] = []) throws(ImportProblems) -> Header {
        var collector = ImportCollector(file: url.lastPathComponent)
        return try open(url, codes: codes, measures: measures, collector: &collector).header
    }

    /// Opens the export and reads up to its last header line.
    static func open(_ url: URL, codes: CodeBook, measures: [ODataMetadata.Topic],
                     collector: inout ImportCollector) throws(ImportProblems) -> (file: DelimitedFile, header: Header) {
        let name = url.lastPathComponent
        let start = String(decoding: (try? FileHandle(forReadingFrom: url).read(upToCount: 64 * 1024)) ?? Data(), as: UTF8.self)
        guard let headerLine = headerLine(start) else {
            throw ImportProblems([ImportProblem(file: name, line: nil, message:
                "dit lijkt geen brede StatLine-export: een regel \"Onderwerp\" gevolgd door een regel \"Perioden\" ontbreekt")])
        }
        let file = try openDelimited(url, delimiter: DelimitedFile.sniffDelimiter(Data(headerLine.utf8)))
        // The first line is a title, unless the export starts with the topic line.
        let startsWithTopic = topicHeaders.contains(file.header.first ?? "")
        var titleLines: [String] = startsWithTopic ? [] : [file.header.first ?? ""]
        var headerRows: [(line: Int, fields: [String])] = startsWithTopic ? [(1, file.header)] : []
        // Title lines up to the topic line, then header lines up to the units line (the one
        // that starts with the region header).
        while let row = file.nextRow(&collector) {
            let first = row.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
            if headerRows.isEmpty, !topicHeaders.contains(first) {
                titleLines.append(first)
                continue
            }
            headerRows.append(row)
            if StatLineExportReader.regionHeaders.contains(first) { break }
        }
        let (columns, found) = try columns(headerRows, titleLines: titleLines, codes: codes, measures: measures, file: name)
        return (file, Header(title: titleLines.first { !$0.isEmpty }, measures: found, columns: columns,
                             width: headerRows.last?.fields.count ?? 0))
    }

    /// Reads the export and hands its observations to `consume`.
    public static func read(_ url: URL, codes: CodeBook, measures: [ODataMetadata.Topic] = [],
                            consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        var collector = ImportCollector(file: url.lastPathComponent)
        let (file, header) = try open(url, codes: codes, measures: measures, collector: &collector)
        let width = header.width
        while let (line, fields) = file.nextRow(&collector) {
            let nonEmpty = fields.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            // Empty lines and the footer ("Bron: Politie", notes) carry one text at most.
            let cutOff = file.lastRowEndsFile && fields.count < width
            // A last line cut off after the region's name is not a footer.
            let cutAfterRegion = cutOff && nonEmpty.count == 1 && codes.region(nonEmpty[0].trimmingCharacters(in: .whitespaces)) != .unknown
            if nonEmpty.count <= 1, !cutAfterRegion, fields.count < width || nonEmpty.first?.hasPrefix("Bron") != false { continue }
            collector.summary.rows += 1
            guard fields.count == width else {
                collector.report(line, cutOff ? DelimitedFile.fieldCount(fields.count, expected: width, atEndOfFile: true)
                                              : "deze regel heeft \(fields.count) velden in plaats van \(width)")
                continue
            }
            let regionName = fields[0].trimmingCharacters(in: .whitespaces)
            // A reorganised name belongs to the code of each column's year.
            var regionByYear: [Int: RegionCode] = [:]
            for year in Set(header.columns.map(\.period.year)) {
                guard let region = collector.region(regionName, year: year, line: line, in: codes) else { break }
                regionByYear[year] = region
            }
            guard regionByYear.count == Set(header.columns.map(\.period.year)).count else { continue }
            var observations: [Observation] = []
            for (index, column) in zip(1..., header.columns) {
                let region = regionByYear[column.period.year]!
                let text = fields[index].trimmingCharacters(in: .whitespaces)
                let value: Double?
                switch Figures.read(text, as: column.kind) {
                case .value(let number): value = number
                case .missing: value = nil
                case .invalid(let reason):
                    collector.report(line, "\"\(text)\" in kolom \(index + 1) (\(column.measure), \(column.period)) \(reason)")
                    continue
                }
                observations.append(Observation(region: region, period: column.period, categories: column.categories,
                                                measure: column.measure, value: value))
            }
            try await collector.add(observations, line: line, consume: consume)
        }
        return try await collector.finish(codes: codes, consume: consume)
    }

    /// Each value column's measure, period and categories, from the header lines.
    static func columns(_ rows: [(line: Int, fields: [String])], titleLines: [String], codes: CodeBook,
                        measures topics: [ODataMetadata.Topic], file: String) throws(ImportProblems) -> (columns: [Column], measures: [StatisticsMeasure]) {
        var problems: [ImportProblem] = []
        guard let units = rows.last, StatLineExportReader.regionHeaders.contains(units.fields[0].trimmingCharacters(in: .whitespaces)) else {
            throw ImportProblems([ImportProblem(file: file, line: rows.last?.line, message:
                "na de kopregels \"Onderwerp\" en \"Perioden\" wordt een regel \"Regio's\" met de eenheden verwacht")])
        }
        let width = units.fields.count
        /// A header line's cells, a cell left empty repeating the one before (merged cells).
        func cells(_ fields: [String]) -> [String] {
            var last = ""
            return (1..<width).map { index in
                let text = index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
                if !text.isEmpty { last = text }
                return last
            }
        }
        var topicCells: [String] = []
        var periodCells: [(line: Int, cells: [String])] = []
        var categoryCells: [(dimension: String, title: String, line: Int, cells: [String])] = []
        for row in rows.dropLast() {
            let first = row.fields[0].trimmingCharacters(in: .whitespaces)
            if topicHeaders.contains(first) {
                topicCells = cells(row.fields)
            } else if StatLineExportReader.periodHeaders.contains(first) {
                periodCells.append((row.line, cells(row.fields)))
            } else if let dimension = codes.categories[first] {
                categoryCells.append((dimension.dimension, first, row.line, cells(row.fields)))
            } else {
                problems.append(ImportProblem(file: file, line: row.line, message:
                    "kopregel \"\(first)\" is geen dimensie van deze tabel (verwacht: Onderwerp, Perioden, "
                    + codes.categories.keys.sorted().map { "\($0), " }.joined() + "Regio's)"))
            }
        }
        guard let periods = periodCells.first else {
            throw ImportProblems(problems + [ImportProblem(file: file, line: nil, message: "de kopregel \"Perioden\" ontbreekt")])
        }
        // A category fixed for the whole export, in a title line "Soort misdrijf: Totaal misdrijven".
        var fixed: [String: String] = [:]
        for line in titleLines {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let dimension = codes.categories[parts[0]], !categoryCells.contains(where: { $0.title == parts[0] }) {
                if let key = codes.categoryKey(parts[1], in: parts[0]) {
                    fixed[dimension.dimension] = key
                } else {
                    problems.append(ImportProblem(file: file, line: nil, message: "\"\(parts[1])\" staat niet in de codelijst van \(parts[0])"))
                }
            }
        }
        for (title, dimension) in codes.categories where fixed[dimension.dimension] == nil && !categoryCells.contains(where: { $0.title == title }) {
            problems.append(ImportProblem(file: file, line: nil, message:
                "de export noemt geen \(title); kies die dimensie als kolom of regel in StatLine, of zet er één vast"))
        }

        var columns: [Column] = []
        var measures: [StatisticsMeasure] = []
        let unitCells = cells(units.fields)
        for index in 0..<(width - 1) {
            let topic = topicCells.isEmpty ? (topics.count == 1 ? topics[0].title : "") : topicCells[index]
            guard !topic.isEmpty else {
                problems.append(ImportProblem(file: file, line: nil, message: "kolom \(index + 2) heeft geen onderwerp (regel \"Onderwerp\")"))
                continue
            }
            let matched = StatLineExportReader.measureKey(topic, measures: topics)
            let key = matched == topic ? slug(topic) : matched
            if !measures.contains(where: { $0.key == key }) {
                let unit = unitCells[index].isEmpty ? nil : unitCells[index]
                measures.append(topics.first { $0.key == key }.map { StatisticsMeasure(key: $0.key, title: $0.title, unit: $0.unit ?? unit) }
                                ?? StatisticsMeasure(key: key, title: topic, unit: unit))
            }
            guard let period = StatLineExportReader.period(periods.cells[index]) else {
                problems.append(ImportProblem(file: file, line: periods.line, message:
                    "\"\(periods.cells[index])\" in kolom \(index + 2) is geen periode die Regie kent (bijv. 2023, 2023*, 2023 januari of 2023 1e kwartaal)"))
                continue
            }
            var categories = fixed
            for category in categoryCells {
                if let key = codes.categoryKey(category.cells[index], in: category.title) {
                    categories[category.dimension] = key
                } else {
                    problems.append(ImportProblem(file: file, line: category.line, message:
                        "\"\(category.cells[index])\" in kolom \(index + 2) staat niet in de codelijst van \(category.title)"))
                }
            }
            columns.append(Column(measure: key, period: period, categories: categories))
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        return (columns, measures)
    }
}
