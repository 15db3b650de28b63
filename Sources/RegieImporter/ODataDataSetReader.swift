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
///
/// National tables have tens of millions of rows but few distinct codes, so each distinct
/// region, period and category field is checked once and its result kept, keyed by the field's
/// bytes; a row then costs a few table look-ups, a number parse and one ``Observation`` that
/// shares its strings and category dictionary with the rows before it.
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
        let columns = try columns(of: file, metadata: metadata)
        let name = file.name, columnCount = file.header.count
        // The records go to the checking thread, which from then on is their only user.
        let check: @Sendable (_ emit: (CheckedBatch) -> Bool) -> CheckOutcome
        if let delimited = file as? DelimitedFile {
            let records = Handover(value: delimited.records)
            check = { Self.check(records.value, name: name, columnCount: columnCount, columns: columns, emit: $0) }
        } else {
            let records = Handover(value: FieldRecords(file))
            check = { Self.check(records.value, name: name, columnCount: columnCount, columns: columns, emit: $0) }
        }
        return try await store(checkedBy: check, name: name, dimensions: columns.categories.map(\.dimension.key),
                               progress: progress, consume: consume)
    }

    /// Runs `check` on a thread of its own while the caller's task stores the batches already
    /// checked: with national tables, checking and storing each keep a core busy. Batches are
    /// stored in file order, and a failure to store names the block's last line, as when
    /// everything ran in turn.
    static func store(checkedBy check: @escaping @Sendable (_ emit: (CheckedBatch) -> Bool) -> CheckOutcome, name: String,
                      dimensions: [String] = [], progress: (Int) -> Void,
                      consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        let readAhead = ReadAhead<CheckedBatch, CheckOutcome>(check)
        var reported = 0
        while let batch = await readAhead.next() {
            if !batch.observations.isEmpty {
                do {
                    try await consume(batch.observations)
                } catch {
                    readAhead.stop()
                    throw ImportProblems([.storing(error, file: name, line: batch.line, dimensions: dimensions)])
                }
            }
            while reported + progressInterval <= batch.rows {
                reported += progressInterval
                progress(reported)
            }
        }
        guard var outcome = readAhead.result else { preconditionFailure("the read-ahead thread ended without a result") }
        progress(outcome.summary.rows)
        if outcome.summary.rows == 0, outcome.problemCount == 0 {
            outcome.problems.append(ImportProblem(file: name, line: 2, message: "het bestand bevat geen cijfers, alleen een kopregel"))
            outcome.problemCount = 1
        }
        if outcome.problemCount > 0 {
            if outcome.problemCount > outcome.problems.count {
                outcome.problems.append(ImportProblem(file: name, line: nil,
                    message: "en nog \(outcome.problemCount - outcome.problems.count) problemen; er is niets ingelezen"))
            }
            throw ImportProblems(outcome.problems)
        }
        return outcome.summary
    }

    static let progressInterval = 100_000

    /// Observations checked and ready to store (none when only progress is told), the line the
    /// block ends on and the rows read so far.
    struct CheckedBatch: Sendable {
        var observations: [Observation]
        var line: Int
        var rows: Int
    }

    struct CheckOutcome: Sendable {
        var summary = DataSetSummary()
        var problems: [ImportProblem] = []
        var problemCount = 0
    }

    /// The checking loop over records as bytes. Hands full batches to `emit` while no problem
    /// has been found; after the first problem it goes on only to find the others. Stops when
    /// `emit` returns false.
    static func check(_ records: some DelimitedRecords, name: String, columnCount: Int, columns: Columns,
                      emit: (CheckedBatch) -> Bool) -> CheckOutcome {
        var outcome = CheckOutcome()
        func report(_ line: Int, _ message: String) {
            outcome.problemCount += 1
            if outcome.problems.count < maximumProblems { outcome.problems.append(ImportProblem(file: name, line: line, message: message)) }
        }
        var batch: [Observation] = []
        batch.reserveCapacity(batchSize + columns.topics.count)
        /// False when the consumer stopped.
        func flush(_ line: Int) -> Bool {
            guard outcome.problemCount == 0 else { return true }
            let full = batch
            batch = []
            batch.reserveCapacity(batchSize + columns.topics.count)
            return emit(CheckedBatch(observations: full, line: line, rows: outcome.summary.rows))
        }

        var regions = CachedColumn(index: columns.region.index) { text in
            CodeCheck(columns.region.check(text), parse: RegionCode.init) {
                "\"\($0)\" is geen regiocode die Regie kent (NL00, PVnn, GMnnnn, WKnnnnnn of BUnnnnnnnn)"
            }
        }
        let fixedPeriod = columns.fixedPeriod.map { CodeCheck<StatisticsPeriod>.valid($0) }
        var periods = CachedColumn(index: columns.period?.index ?? 0) { text in
            CodeCheck(columns.period!.check(text), parse: StatisticsPeriod.init) {
                "\"\($0)\" is geen periode die Regie kent (bijv. 2023JJ00, 2023KW01 of 2023MM04)"
            }
        }
        var categories = columns.categories.map { column in
            CachedColumn(index: column.index) { text in CodeCheck(column.check(text), parse: { $0 }, unparsable: { $0 }) }
        }
        var regionSeen: [Bool] = [], periodSeen: [Bool] = []
        let dimensionKeys = columns.categories.map(\.dimension.key)
        var combinations: [UInt64: [String: String]] = [:]
        var categoryNumbers = [Int](repeating: 0, count: categories.count)
        var categoryKeys = [String](repeating: "", count: categories.count)
        var values: [Double?] = Array(repeating: nil, count: columns.topics.count)
        let topicKeys = columns.topics.map(\.0.key), topicIndexes = columns.topics.map(\.1), topicKinds = columns.topics.map(\.0.kind)

        while true {
            do {
                guard try records.next() else { break }
            } catch let problem as ImportProblem {
                report(problem.line ?? records.record.line, problem.message)
                break
            } catch {
                report(records.record.line, "het bestand kan niet verder worden gelezen")
                break
            }
            let record = records.record
            let line = record.line
            outcome.summary.rows += 1
            if outcome.problemCount > 0, outcome.summary.rows % progressInterval == 0 {
                guard emit(CheckedBatch(observations: [], line: line, rows: outcome.summary.rows)) else { break }
            }
            if record.unterminatedQuote {
                report(line, DelimitedFile.unterminatedQuote)
                continue
            }
            if !record.isASCII, record.strings() == nil {
                report(line, DelimitedFile.invalidUTF8)
                break
            }
            guard record.count == columnCount else {
                // A blank line is no row (a trailing empty line must not count against RecordCount).
                if record.count == 1, record.isBlank(0) { outcome.summary.rows -= 1; continue }
                report(line, DelimitedFile.fieldCount(record.count, expected: columnCount, atEndOfFile: record.endsWithoutLineEnd))
                continue
            }

            // The same checks in the same order as a row read field by field: region and period
            // in the code lists, then every category, then the form of region and period codes.
            let (region, regionNumber) = regions.lookup(record)
            if case .unlisted(let message) = region {
                report(line, message)
                continue
            }
            let (period, periodNumber) = columns.period == nil ? (fixedPeriod!, 0) : periods.lookup(record)
            if case .unlisted(let message) = period {
                report(line, message)
                continue
            }
            var valid = true
            for index in categories.indices {
                let (category, number) = categories[index].lookup(record)
                switch category {
                case .valid(let key):
                    categoryKeys[index] = key
                    categoryNumbers[index] = number
                case .unlisted(let message), .unparsable(let message):
                    report(line, message)
                    valid = false
                }
            }
            guard valid else { continue }
            guard case .valid(let regionCode) = region else {
                if case .unparsable(let message) = region { report(line, message) }
                continue
            }
            guard case .valid(let statisticsPeriod) = period else {
                if case .unparsable(let message) = period { report(line, message) }
                continue
            }

            for (position, index) in topicIndexes.enumerated() {
                switch record.figure(index, as: topicKinds[position]) {
                case .value(let value):
                    values[position] = value
                case .missing:
                    outcome.summary.missingValues += 1
                    values[position] = nil
                case .invalid(let reason):
                    let text = (record.string(index) ?? "").trimmingCharacters(in: .whitespaces)
                    report(line, "\"\(text)\" in kolom \(topicKeys[position]) \(reason)")
                    valid = false
                }
            }
            guard valid, outcome.problemCount == 0 else { continue }

            let categoryValues: [String: String]
            switch categories.count {
            case 0:
                categoryValues = [:]
            case 1:
                categoryValues = categories[0].dictionary(categoryNumbers[0], key: dimensionKeys[0], value: categoryKeys[0])
            default:
                // Several category dimensions: one dictionary per combination seen, while the
                // code numbers fit in 16 bits each.
                var combination: UInt64? = categories.count <= 4 ? 0 : nil
                for number in categoryNumbers {
                    if number < 0 || number >= 1 << 16 { combination = nil; break }
                    combination = combination.map { $0 << 16 | UInt64(number) }
                }
                if let combination, let known = combinations[combination] {
                    categoryValues = known
                } else {
                    let built = Dictionary(uniqueKeysWithValues: zip(dimensionKeys, categoryKeys))
                    if let combination, combinations.count < 1 << 16 { combinations[combination] = built }
                    categoryValues = built
                }
            }
            for (position, key) in topicKeys.enumerated() {
                batch.append(Observation(region: regionCode, period: statisticsPeriod, categories: categoryValues,
                                         measure: key, value: values[position]))
            }
            outcome.summary.observations += topicKeys.count
            if !seen(regionNumber, in: &regionSeen) { outcome.summary.regions.insert(regionCode) }
            if !seen(periodNumber, in: &periodSeen) { outcome.summary.periods.insert(statisticsPeriod) }
            if batch.count >= batchSize {
                guard flush(line) else { break }
            }
        }
        if !batch.isEmpty { _ = flush(records.record.line) }
        return outcome
    }

    /// Whether code number `number` was seen before, marking it seen; codes without a number
    /// (beyond the cache) count as unseen, which only costs a set insert.
    @inline(__always)
    private static func seen(_ number: Int, in seen: inout [Bool]) -> Bool {
        guard number >= 0 else { return false }
        if number >= seen.count { seen.append(contentsOf: repeatElement(false, count: number + 1 - seen.count)) }
        defer { seen[number] = true }
        return seen[number]
    }

    // MARK: Columns

    struct DimensionColumn {
        var dimension: ODataMetadata.Dimension
        var index: Int

        /// The trimmed key when the code list knows it (or there is no code list: metadata
        /// inferred from the data, whose form is checked later); else the problem, in Dutch.
        func check(_ text: String) -> Result<String, CodeProblem> {
            let key = text.trimmingCharacters(in: .whitespaces)
            guard dimension.codes.isEmpty || dimension.codes[key] != nil else {
                return .failure(CodeProblem(message: "\"\(key)\" staat niet in de codelijst van \(dimension.title) (\(dimension.codeListFile ?? "\(dimension.key).csv"))"))
            }
            return .success(key)
        }
    }

    struct CodeProblem: Error {
        var message: String
    }

    struct Columns {
        var region: DimensionColumn
        /// The period column; nil for a table without periods, whose rows all get ``fixedPeriod``.
        var period: DimensionColumn?
        var fixedPeriod: StatisticsPeriod?
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
        let period = dimensionColumns.first { $0.dimension.kind == .time }
        guard period != nil || metadata.referencePeriod != nil else {
            throw ImportProblems([ImportProblem(file: name, line: nil, message:
                "deze tabel heeft geen perioden en er is geen peildatum bekend; geef het jaar met --periode JAAR")])
        }
        return Columns(region: region, period: period, fixedPeriod: metadata.referencePeriod?.period,
                       categories: dimensionColumns.filter { $0.dimension.kind == .category }, topics: topics)
    }
}

/// The outcome of checking one code: usable, not in the code list (reported at once), or in the
/// list but not a code Regie can read (reported after the other columns, as a row read field by
/// field would).
enum CodeCheck<Value> {
    case valid(Value)
    case unlisted(String)
    case unparsable(String)

    init(_ listed: Result<String, ODataDataSetReader.CodeProblem>, parse: (String) -> Value?, unparsable: (String) -> String) {
        switch listed {
        case .failure(let problem): self = .unlisted(problem.message)
        case .success(let key): self = parse(key).map { .valid($0) } ?? .unparsable(unparsable(key))
        }
    }
}

/// One code column with the check of every distinct field value kept, keyed by its bytes.
struct CachedColumn<Value> {
    let index: Int
    let check: (String) -> CodeCheck<Value>
    private var table = ByteKeyTable()
    private var results: [CodeCheck<Value>] = []
    /// Category dictionaries (`[dimension: key]`) per code number, made on first use.
    private var dictionaries: [[String: String]?] = []
    /// Distinct values kept at most; beyond that (a broken file) values are checked each time.
    static var limit: Int { 1 << 20 }

    init(index: Int, check: @escaping (String) -> CodeCheck<Value>) {
        self.index = index
        self.check = check
    }

    /// The check of this column's field in the current record and the value's number (-1 when
    /// not kept).
    @inline(__always)
    mutating func lookup(_ record: FieldRecord) -> (CodeCheck<Value>, Int) {
        let range = record.range(index)
        return record.bytes.withUnsafeBufferPointer { all in
            let key = UnsafeBufferPointer(rebasing: all[range])
            if let number = table.find(key) { return (results[number], number) }
            let result = check(FieldRecord.decode(key, ascii: record.isASCII) ?? "")
            guard table.count < Self.limit else { return (result, -1) }
            let number = table.insert(key)
            results.append(result)
            return (result, number)
        }
    }

    /// The one-dimension category dictionary for code number `number`, shared by every row.
    mutating func dictionary(_ number: Int, key: String, value: String) -> [String: String] {
        guard number >= 0 else { return [key: value] }
        if number >= dictionaries.count { dictionaries.append(contentsOf: repeatElement(nil, count: number + 1 - dictionaries.count)) }
        if let known = dictionaries[number] { return known }
        let made = [key: value]
        dictionaries[number] = made
        return made
    }
}

extension FieldRecord {
    /// Field `index` read as a figure of `kind` (``Figures``).
    @inline(__always)
    func figure(_ index: Int, as kind: FigureKind) -> FigureReading {
        let range = range(index)
        return bytes.withUnsafeBufferPointer { Figures.read(UnsafeBufferPointer(rebasing: $0[range]), as: kind) }
    }
}

/// Rows that come as strings (an OData JSON document) as records.
final class FieldRecords: DelimitedRecords {
    let rows: any DataSetRows
    private(set) var record = FieldRecord()

    init(_ rows: any DataSetRows) {
        self.rows = rows
    }

    func next() throws -> Bool {
        guard let (line, fields) = try rows.next() else { return false }
        record.line = line
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        for field in fields {
            record.bytes.append(contentsOf: field.utf8)
            record.ends.append(record.bytes.count)
        }
        record.isASCII = !record.bytes.contains { $0 >= 0x80 }
        return true
    }
}
