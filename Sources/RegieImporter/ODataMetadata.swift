import Foundation
import RegieCore

/// The metadata of a CBS/police OData table, read from the CSV files that common clients save
/// beside the data (`DataProperties.csv`, one code list per dimension such as
/// `SoortMisdrijf.csv`, `WijkenEnBuurten.csv`, `Perioden.csv`, and optionally `TableInfos.csv`).
/// Regie reads the table's structure from here instead of assuming one table's columns.
public struct ODataMetadata: Sendable {
    /// The table identifier, such as `47018NED`, when `TableInfos.csv` is present.
    public var identifier: String?
    public var title: String?
    /// The number of rows the whole table has (`RecordCount` in TableInfos), when given.
    public var recordCount: Int?
    /// Whether the data beside this metadata is the whole table (a bulk download), so it must
    /// have ``recordCount`` rows; data sets saved by clients may be filtered.
    public var isWholeTable = false
    /// Dimensions in column order.
    public var dimensions: [Dimension]
    /// Measures (OData "topics"), such as `GeregistreerdeMisdrijven_1`.
    public var topics: [Topic]
    /// The period a table without a period dimension is about, from its metadata (see
    /// ``referencePeriod(in:)``); nil for tables with periods or when the metadata names none.
    public var referencePeriod: ReferencePeriod? = nil

    /// The period of a table without periods and where Regie found it, for the user.
    public struct ReferencePeriod: Sendable, Equatable {
        public var period: StatisticsPeriod
        /// The date or year as the user reads it ("1 januari 2024", "2024").
        public var text: String
        /// Where it came from ("TableInfos, veld Period", "--periode").
        public var source: String

        public init(period: StatisticsPeriod, text: String, source: String) {
            self.period = period
            self.text = text
            self.source = source
        }

        /// The sentence that tells the user which period was used.
        public var note: String {
            source == ReferencePeriod.optionSource
                ? "Deze tabel heeft geen perioden; Regie gebruikt het opgegeven jaar: \(text) (\(source))."
                : "Deze tabel heeft geen perioden; Regie gebruikt de peildatum uit de metadata: \(text) (\(source))."
        }

        static let optionSource = "--periode"
    }

    public struct Dimension: Sendable {
        public var key: String
        public var title: String
        public var kind: Kind
        /// Allowed keys (trimmed) with their titles, from the dimension's code list.
        public var codes: [String: String]
        /// Where the code list came from (`SoortMisdrijf.csv`, `SoortMisdrijf.json`, a section
        /// of a bulk metadata file), for messages.
        public var codeListFile: String? = nil

        public enum Kind: Sendable, Equatable {
            case region, time, category
        }
    }

    public struct Topic: Sendable {
        public var key: String
        public var title: String
        public var unit: String?
        public var decimals: Int?
        /// False for text columns such as a municipality's name beside its figures.
        public var isNumeric: Bool
        /// Whether the figures are counts (whole, not negative) or decimals (rates, percentages).
        public var kind: FigureKind = .decimal
    }

    /// The topics that hold figures.
    public var measures: [Topic] { topics.filter(\.isNumeric) }

    /// The region dimension (there is exactly one in a table Regie can import).
    public var regionDimension: Dimension? { dimensions.first { $0.kind == .region } }
    public var timeDimension: Dimension? { dimensions.first { $0.kind == .time } }
    public var categoryDimensions: [Dimension] { dimensions.filter { $0.kind == .category } }

    /// The table as Regie stores it, with the titles of its measures and codes and the names
    /// of its regions.
    public func statisticsTable(identifier: String) -> StatisticsTable {
        var regionNames: [RegionCode: String] = [:]
        for (code, name) in regionDimension?.codes ?? [:] {
            if let region = RegionCode(code) { regionNames[region] = name.trimmingCharacters(in: .whitespaces) }
        }
        var categoryTitles: [String: [String: String]] = [:]
        for dimension in categoryDimensions where !dimension.codes.isEmpty {
            categoryTitles[dimension.key] = dimension.codes.mapValues { Self.titleWithoutCode($0) }
        }
        return StatisticsTable(identifier: identifier, title: title ?? identifier,
                               categoryDimensions: categoryDimensions.map(\.key),
                               measures: measures.map { StatisticsMeasure(key: $0.key, title: $0.title, unit: $0.unit) },
                               categoryTitles: categoryTitles, regionNames: regionNames)
    }

    /// Crime-type titles repeat their code (`1.1.1 Diefstal/inbraak woning`); the code is shown
    /// separately, so it is dropped from the title.
    static func titleWithoutCode(_ title: String) -> String {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard let range = trimmed.range(of: #"^[0-9]+(\.[0-9]+)* "#, options: .regularExpression) else { return trimmed }
        return String(trimmed[range.upperBound...])
    }

    /// Reads the metadata files in `directory`, each as CSV (`DataProperties.csv`) or as the
    /// service's JSON (`DataProperties.json`).
    /// - Throws: every problem found, as ``ImportProblem``s.
    public static func read(from directory: URL) throws(ImportProblems) -> ODataMetadata {
        try build { (base: String) throws(ImportProblem) -> MetadataRecords? in
            for (ext, reader) in [("csv", records as (URL) throws(ImportProblem) -> [[String: String]]), ("json", ODataJSONRows.records)] {
                let url = directory.appendingPathComponent("\(base).\(ext)")
                if FileManager.default.fileExists(atPath: url.path) { return MetadataRecords(file: url.lastPathComponent, rows: try reader(url)) }
            }
            return nil
        } missing: { base in
            ImportProblem(file: "\(base).csv", line: nil, message: "het bestand bestaat niet (ook niet als \(base).json)")
        }
    }

    /// The rows of one metadata table and the file (or section) they came from.
    struct MetadataRecords {
        var file: String
        var rows: [[String: String]]
    }

    /// Builds the metadata from its tables, whatever container they came in. `records` returns
    /// a table by name (`TableInfos`, `DataProperties`, a dimension's key), nil when absent.
    static func build(_ records: (String) throws(ImportProblem) -> MetadataRecords?,
                      missing: (String) -> ImportProblem) throws(ImportProblems) -> ODataMetadata {
        var problems: [ImportProblem] = []
        var identifier: String?
        var title: String?
        var recordCount: Int?
        var referencePeriod: ReferencePeriod?
        do {
            if let infos = try records("TableInfos") {
                for row in infos.rows {
                    identifier = row["Identifier"].map { $0.trimmingCharacters(in: .whitespaces) } ?? identifier
                    title = row["Title"] ?? title
                    recordCount = row["RecordCount"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? recordCount
                    referencePeriod = Self.referencePeriod(in: row, file: infos.file) ?? referencePeriod
                }
            }
        } catch {
            problems.append(error)
        }

        var dimensions: [Dimension] = []
        var topics: [Topic] = []
        var propertiesFile = "DataProperties.csv"
        do throws(ImportProblem) {
            guard let properties = try records("DataProperties") else { throw missing("DataProperties") }
            propertiesFile = properties.file
            for row in properties.rows {
                let key = (row["Key"] ?? "").trimmingCharacters(in: .whitespaces)
                let title = row["Title"] ?? key
                switch row["Type"]?.trimmingCharacters(in: .whitespaces) ?? "" {
                case "Dimension":
                    dimensions.append(Dimension(key: key, title: title, kind: .category, codes: [:]))
                case "GeoDimension", "GeoDetail":
                    dimensions.append(Dimension(key: key, title: title, kind: .region, codes: [:]))
                case "TimeDimension":
                    dimensions.append(Dimension(key: key, title: title, kind: .time, codes: [:]))
                case "Topic":
                    let unit = row["Unit"].flatMap { $0.isEmpty ? nil : $0 }
                    let decimals = row["Decimals"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                    topics.append(Topic(key: key, title: title, unit: unit, decimals: decimals,
                                        isNumeric: row["Datatype"]?.trimmingCharacters(in: .whitespaces) != "String",
                                        kind: Figures.kind(ofMeasure: key)))
                default:
                    break // TopicGroup and other structure rows carry no data
                }
            }
        } catch {
            problems.append(error)
        }
        if problems.isEmpty {
            // A table without periods (the neighbourhood key figures) is about one reference
            // date; the period is then taken from TableInfos or given on import.
            if !dimensions.contains(where: { $0.kind == .region }) {
                problems.append(ImportProblem(file: propertiesFile, line: nil,
                    message: "deze tabel heeft geen regiodimensie; Regie leest alleen tabellen met cijfers per regio"))
            }
            if !topics.contains(where: \.isNumeric) {
                problems.append(ImportProblem(file: propertiesFile, line: nil, message: "deze tabel heeft geen onderwerpen (kolommen met cijfers)"))
            }
        }
        for index in dimensions.indices {
            do throws(ImportProblem) {
                guard let list = try records(dimensions[index].key) else { throw missing(dimensions[index].key) }
                dimensions[index].codeListFile = list.file
                for row in list.rows {
                    let key = (row["Key"] ?? "").trimmingCharacters(in: .whitespaces)
                    if !key.isEmpty { dimensions[index].codes[key] = row["Title"] ?? key }
                }
                if dimensions[index].codes.isEmpty {
                    problems.append(ImportProblem(file: list.file, line: nil, message: "de codelijst is leeg"))
                }
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        return ODataMetadata(identifier: identifier, title: title, recordCount: recordCount, dimensions: dimensions, topics: topics,
                             referencePeriod: dimensions.contains(where: { $0.kind == .time }) ? nil : referencePeriod)
    }

    /// The reference date of a table without periods, from one TableInfos row. In order of
    /// preference: a `Peildatum` field (a date, or a year), the `Period` field (the year or
    /// date the figures are about, `2024`), a year in `Title` ("Kerncijfers wijken en buurten
    /// 2024"). `Modified` and `ReasonDelivery` are not used: they say when and why the table
    /// was published, not what date its figures describe. A year counts as 1 January of that
    /// year, as CBS counts inhabitants on 1 January; the period stored is that year.
    static func referencePeriod(in row: [String: String], file: String) -> ReferencePeriod? {
        let table = file.replacingOccurrences(of: #"\.(csv|json)$"#, with: "", options: .regularExpression)
        for field in ["Peildatum", "Period"] {
            guard let text = row[field]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { continue }
            if let found = referenceDate(text) { return ReferencePeriod(period: found.period, text: found.text, source: "\(table), veld \(field)") }
        }
        if let title = row["Title"], let range = title.range(of: #"\b(19|20)[0-9]{2}\b"#, options: .regularExpression),
           let year = Int(title[range]) {
            return ReferencePeriod(period: .year(year), text: "1 januari \(year)", source: "\(table), jaartal in veld Title")
        }
        return nil
    }

    /// A year (`2024`), a period code (`2024JJ00`) or a date (`2024-01-01`, `1-1-2024`) as the
    /// year it falls in and the date in Dutch words.
    static func referenceDate(_ text: String) -> (period: StatisticsPeriod, text: String)? {
        if text.range(of: #"^(19|20)[0-9]{2}$"#, options: .regularExpression) != nil, let year = Int(text) {
            return (.year(year), "1 januari \(year)")
        }
        if let period = StatisticsPeriod(text), case .year(let year) = period { return (.year(year), "1 januari \(year)") }
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        var parts: (year: Int, month: Int, day: Int)?
        if let range = text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}"#, options: .regularExpression) {
            let numbers = text[range].split(separator: "-").compactMap { Int($0) }
            parts = (numbers[0], numbers[1], numbers[2])
        } else if text.range(of: #"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}$"#, options: .regularExpression) != nil {
            let numbers = text.split(separator: "-").compactMap { Int($0) }
            parts = (numbers[2], numbers[1], numbers[0])
        }
        guard let parts, (1...12).contains(parts.month), (1...31).contains(parts.day) else { return nil }
        return (.year(parts.year), "\(parts.day) \(months[parts.month - 1]) \(parts.year)")
    }

    /// This metadata for an import: a table without periods gets `year` (`--periode`) or its
    /// reference date; a table with periods refuses `year`, and one without any date says what to do.
    public func forImport(year: Int?, file: String) throws(ImportProblems) -> ODataMetadata {
        var metadata = self
        if timeDimension != nil {
            guard let year else { return metadata }
            throw ImportProblems([ImportProblem(file: file, line: nil, message:
                "--periode \(year) kan alleen bij een tabel zonder perioden; deze tabel heeft een periodedimensie (\(timeDimension!.key)), dus de perioden komen uit het bestand. Laat --periode weg")])
        }
        if let year {
            metadata.referencePeriod = ReferencePeriod(period: .year(year), text: String(year), source: ReferencePeriod.optionSource)
        }
        guard metadata.referencePeriod != nil else {
            throw ImportProblems([ImportProblem(file: file, line: nil, message:
                "deze tabel heeft geen perioden en de metadata noemt geen peildatum (geen Peildatum, Period of jaartal in de titel in TableInfos); "
                + "geef het jaar waarover de cijfers gaan met --periode JAAR, bijv. --periode 2024")])
        }
        return metadata
    }

    /// Infers the structure of a data set saved without its metadata (as clients often save a
    /// TypedDataSet alone): the column whose values are region codes is the region, the one with
    /// period codes the time, columns of numbers are measures, other text columns categories.
    /// Codes are then checked by their form only, as there is no code list.
    /// - Parameter identifier: the table's identifier, such as `37230ned`.
    public static func infer(from url: URL, identifier: String, sampleRows: Int = 200) throws(ImportProblems) -> ODataMetadata {
        let file: DelimitedFile
        do { file = try DelimitedFile(url) } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
            throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: nil, message: "het bestand kan niet worden gelezen")])
        }
        return try infer(rows: file, identifier: identifier, sampleRows: sampleRows)
    }

    /// ``infer(from:identifier:sampleRows:)`` for rows from any container (CSV, OData JSON).
    public static func infer(rows file: some DataSetRows, identifier: String, sampleRows: Int = 200) throws(ImportProblems) -> ODataMetadata {
        let name = file.name
        var samples: [[String]] = []
        while samples.count < sampleRows, let row = try? file.next() {
            if row.fields.count == file.header.count { samples.append(row.fields.map { $0.trimmingCharacters(in: .whitespaces) }) }
        }
        guard !samples.isEmpty else {
            throw ImportProblems([ImportProblem(file: name, line: 2, message: "het bestand bevat geen cijfers, alleen een kopregel")])
        }
        var dimensions: [Dimension] = []
        var topics: [Topic] = []
        for (index, column) in file.header.enumerated() where column != "ID" && !column.isEmpty {
            let values = samples.map { $0[index] }.filter { !$0.isEmpty && $0 != "." }
            if !values.isEmpty, values.allSatisfy({ RegionCode($0) != nil }) {
                dimensions.append(Dimension(key: column, title: column, kind: .region, codes: [:]))
            } else if !values.isEmpty, values.allSatisfy({ StatisticsPeriod($0) != nil }) {
                dimensions.append(Dimension(key: column, title: column, kind: .time, codes: [:]))
            } else if values.allSatisfy({ if case .invalid = Figures.read($0, as: .decimal) { false } else { true } }) {
                topics.append(Topic(key: column, title: column, unit: nil, decimals: nil, isNumeric: true,
                                    kind: Figures.kind(ofMeasure: column)))
            } else {
                dimensions.append(Dimension(key: column, title: column, kind: .category, codes: [:]))
            }
        }
        var problems: [ImportProblem] = []
        if dimensions.filter({ $0.kind == .region }).count != 1 {
            problems.append(ImportProblem(file: name, line: nil, message: "er is niet precies één kolom met regiocodes (zoals GM0037); zonder metadata kan Regie dit bestand niet lezen"))
        }
        if dimensions.filter({ $0.kind == .time }).count != 1 {
            problems.append(ImportProblem(file: name, line: nil, message: "er is niet precies één kolom met perioden (zoals 2023JJ00); zonder metadata kan Regie dit bestand niet lezen"))
        }
        if topics.isEmpty {
            problems.append(ImportProblem(file: name, line: nil, message: "er is geen kolom met cijfers"))
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        return ODataMetadata(identifier: identifier, title: nil, dimensions: dimensions, topics: topics)
    }

    /// The table identifier in a file name as CBS and its clients name files, such as
    /// `37230ned` in `cbs-37230ned-bevolking.csv`.
    public static func identifier(inFileName name: String) -> String? {
        guard let range = name.range(of: #"[0-9]{5}(NED|ned|ENG|eng)"#, options: .regularExpression) else { return nil }
        return String(name[range])
    }

    /// All rows of a metadata file as dictionaries by column name.
    static func records(_ url: URL) throws(ImportProblem) -> [[String: String]] {
        let file: DelimitedFile
        do { file = try DelimitedFile(url) } catch let problem as ImportProblem { throw problem } catch {
            throw ImportProblem(file: url.lastPathComponent, line: nil, message: "het bestand kan niet worden gelezen")
        }
        var rows: [[String: String]] = []
        while true {
            let next: (line: Int, fields: [String])?
            do { next = try file.next() } catch let problem as ImportProblem { throw problem } catch {
                throw ImportProblem(file: url.lastPathComponent, line: nil, message: "het bestand kan niet worden gelezen")
            }
            guard let (_, fields) = next else { break }
            var row: [String: String] = [:]
            for (name, value) in zip(file.header, fields) { row[name] = value }
            rows.append(row)
        }
        return rows
    }
}

/// Several problems at once.
public struct ImportProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(_ problems: [ImportProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
