import Foundation
import RegieCore

/// What a read of a data set found.
public struct DataSetSummary: Sendable, Equatable {
    public var rows = 0
    public var observations = 0
    /// Figures the source left empty or marked with `.`.
    public var missingValues = 0
    public var regions: Set<RegionCode> = []
    public var periods: Set<StatisticsPeriod> = []

    public init() {}
}

/// Rows of an OData data set in some container: the column keys and, one by one, each row's
/// fields in header order with the line the row starts on.
public protocol DataSetRows: AnyObject {
    /// The file, as the user named it.
    var name: String { get }
    var header: [String] { get }
    /// The next row, or nil at the end. Throws ``ImportProblem`` when the container is broken.
    func next() throws -> (line: Int, fields: [String])?
}

extension DelimitedFile: DataSetRows {
    public var name: String { url.lastPathComponent }
}

/// Reads the data set of an OData table (`data.csv`, the TypedDataSet as common clients save
/// it) against its metadata. Rows are streamed to `consume`; every row is checked, and problems
/// are collected (up to a limit) rather than stopping at the first. When any row is wrong the
/// reader throws at the end, so a caller that stores inside a transaction stores nothing.
public enum ODataDataSetReader {
    public static let maximumProblems = 100
    /// Observations handed to `consume` at a time.
    public static let batchSize = 5_000

    /// Reads `url` and hands the observations to `consume` in batches. `progress` is called with
    /// the number of rows read, every 100,000 rows and at the end.
    public static func read(_ url: URL, metadata: ODataMetadata,
                            progress: (Int) -> Void = { _ in },
                            consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        let file: DelimitedFile
        do { file = try DelimitedFile(url) } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
            throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: nil, message: "het bestand kan niet worden gelezen")])
        }
        return try await read(rows: file, metadata: metadata, progress: progress, consume: consume)
    }

    /// Reads rows from any container of OData rows (a CSV file, the `value` array of an OData
    /// JSON data set) with the same checks as ``read(_:metadata:progress:consume:)``.
    public static func read(rows file: some DataSetRows, metadata: ODataMetadata,
                            progress: (Int) -> Void = { _ in },
                            consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        let name = file.name
        let columns = try columns(of: file, metadata: metadata)

        var summary = DataSetSummary()
        var problems: [ImportProblem] = []
        var problemCount = 0
        func report(_ line: Int, _ message: String) {
            problemCount += 1
            if problems.count < maximumProblems { problems.append(ImportProblem(file: name, line: line, message: message)) }
        }

        var batch: [Observation] = []
        batch.reserveCapacity(batchSize)
        func flush(_ line: Int) async throws(ImportProblems) {
            guard !batch.isEmpty, problemCount == 0 else { return }
            do {
                try await consume(batch)
            } catch {
                throw ImportProblems([ImportProblem(file: name, line: line, message:
                    "opslaan mislukte bij het blok regels dat hier eindigt; staat dezelfde combinatie van regio, periode en categorie twee keer in het bestand? Er is niets ingelezen")])
            }
            batch.removeAll(keepingCapacity: true)
        }

        while true {
            let row: (line: Int, fields: [String])?
            do { row = try file.next() } catch let problem as ImportProblem {
                report(problem.line ?? 0, problem.message)
                break
            } catch { break }
            guard let (line, fields) = row else { break }
            summary.rows += 1
            guard fields.count == file.header.count else {
                if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
                report(line, "deze regel heeft \(fields.count) velden in plaats van \(file.header.count); is het bestand afgebroken of een veld niet goed afgesloten?")
                continue
            }
            guard let region = columns.region.code(fields, line, report), let period = columns.period.code(fields, line, report) else { continue }
            var categories: [String: String] = [:]
            var valid = true
            for category in columns.categories {
                guard let key = category.key(fields, line, report) else { valid = false; continue }
                categories[category.dimension.key] = key
            }
            guard valid, let regionCode = RegionCode(region) else {
                if valid { report(line, "\"\(region)\" is geen regiocode die Regie kent (NL00, PVnn, GMnnnn, WKnnnnnn of BUnnnnnnnn)") }
                continue
            }
            guard let statisticsPeriod = StatisticsPeriod(period) else {
                report(line, "\"\(period)\" is geen periode die Regie kent (bijv. 2023JJ00, 2023KW01 of 2023MM04)")
                continue
            }
            var observations: [Observation] = []
            for (topic, index) in columns.topics {
                let text = fields[index].trimmingCharacters(in: .whitespaces)
                guard let value = number(text) else {
                    report(line, "\"\(text)\" in kolom \(topic.key) is geen getal")
                    valid = false
                    continue
                }
                if value == nil { summary.missingValues += 1 }
                observations.append(Observation(region: regionCode, period: statisticsPeriod, categories: categories,
                                                measure: topic.key, value: value ?? nil))
            }
            if summary.rows % 100_000 == 0 { progress(summary.rows) }
            guard valid, problemCount == 0 else { continue }
            batch.append(contentsOf: observations)
            summary.observations += observations.count
            summary.regions.insert(regionCode)
            summary.periods.insert(statisticsPeriod)
            if batch.count >= batchSize { try await flush(line) }
        }
        try await flush(summary.rows + 1)
        progress(summary.rows)
        if summary.rows == 0, problemCount == 0 { report(2, "het bestand bevat geen cijfers, alleen een kopregel") }
        if problemCount > 0 {
            if problemCount > problems.count {
                problems.append(ImportProblem(file: name, line: nil, message: "en nog \(problemCount - problems.count) problemen; er is niets ingelezen"))
            }
            throw ImportProblems(problems)
        }
        return summary
    }

    /// A number as the tables write it: `1234`, `12.5` or `12,5`; `.` or empty for a missing
    /// figure (returned as `.some(nil)`); nil when the text is not a number at all.
    static func number(_ text: String) -> Double?? {
        if text.isEmpty || text == "." { return .some(nil) }
        var normalised = text
        if !normalised.contains("."), normalised.filter({ $0 == "," }).count == 1 {
            normalised = normalised.replacingOccurrences(of: ",", with: ".")
        }
        guard let value = Double(normalised), value.isFinite else { return nil }
        return .some(value)
    }

    // MARK: Columns

    struct DimensionColumn {
        var dimension: ODataMetadata.Dimension
        var index: Int

        /// The trimmed key in this column when the code list knows it; else reports and returns nil.
        func key(_ fields: [String], _ line: Int, _ report: (Int, String) -> Void) -> String? {
            let key = fields[index].trimmingCharacters(in: .whitespaces)
            // Without a code list (metadata inferred from the data) the form is checked later.
            guard dimension.codes.isEmpty || dimension.codes[key] != nil else {
                report(line, "\"\(key)\" staat niet in de codelijst van \(dimension.title) (\(dimension.codeListFile ?? "\(dimension.key).csv"))")
                return nil
            }
            return key
        }

        func code(_ fields: [String], _ line: Int, _ report: (Int, String) -> Void) -> String? {
            key(fields, line, report)
        }
    }

    struct Columns {
        var region: DimensionColumn
        var period: DimensionColumn
        var categories: [DimensionColumn]
        var topics: [(ODataMetadata.Topic, Int)]
    }

    /// Finds the metadata's dimensions and topics in the header; a file of another table says so.
    static func columns(of file: some DataSetRows, metadata: ODataMetadata) throws(ImportProblems) -> Columns {
        let name = file.name
        var problems: [ImportProblem] = []
        var dimensionColumns: [DimensionColumn] = []
        for dimension in metadata.dimensions {
            if let index = file.header.firstIndex(of: dimension.key) {
                dimensionColumns.append(DimensionColumn(dimension: dimension, index: index))
            } else {
                problems.append(ImportProblem(file: name, line: 1, message: "kolom \(dimension.key) (\(dimension.title)) ontbreekt"))
            }
        }
        let topics = metadata.measures.compactMap { topic in file.header.firstIndex(of: topic.key).map { (topic, $0) } }
        let known = Set(metadata.dimensions.map(\.key) + metadata.topics.map(\.key) + ["ID"])
        let unknown = file.header.filter { !known.contains($0) && !$0.isEmpty }
        if !unknown.isEmpty {
            problems.append(ImportProblem(file: name, line: 1, message: "kolom" + (unknown.count == 1 ? " " : "men ")
                + unknown.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + " hoort niet bij deze tabel"))
        }
        if topics.isEmpty {
            problems.append(ImportProblem(file: name, line: 1, message: "het bestand heeft geen kolom met cijfers van deze tabel"))
        }
        if !problems.isEmpty {
            if file.header.count == 1 {
                problems.append(ImportProblem(file: name, line: 1, message: "de kopregel bevat maar één kolom; is het scheidingsteken anders dan ; of , ?"))
            }
            let table = metadata.identifier.map { "tabel \($0)" } ?? "deze tabel"
            problems.append(ImportProblem(file: name, line: nil, message: "dit bestand lijkt niet bij \(table) te horen; er is niets ingelezen"))
            throw ImportProblems(problems)
        }
        let region = dimensionColumns.first { $0.dimension.kind == .region }!
        let period = dimensionColumns.first { $0.dimension.kind == .time }!
        return Columns(region: region, period: period,
                       categories: dimensionColumns.filter { $0.dimension.kind == .category }, topics: topics)
    }
}
