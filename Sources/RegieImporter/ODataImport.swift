import Foundation
import RegieCore

/// Imports an OData table as saved in a folder: the metadata files beside one data file.
public enum ODataImport {
    /// Names under which clients save the data set itself, as CSV or as the service's JSON.
    public static let dataFileNames = ["data.csv", "TypedDataSet.csv", "UntypedDataSet.csv",
                                       "data.json", "TypedDataSet.json", "UntypedDataSet.json"]

    public struct Result: Sendable {
        public var table: StatisticsTable
        public var summary: DataSetSummary
        public var outcome: StatisticsImportOutcome
        /// What the user should know about how the file was read (the period of a table
        /// without periods), in Dutch.
        public var notes: [String] = []
    }

    /// Reads the metadata and the data file in `directory` and stores every observation in
    /// one transaction. Nothing is stored when any row is wrong. `identifier` overrides the
    /// table's own.
    /// - Throws: ``ImportProblems`` with every problem found (up to a limit).
    /// `period` (`--periode`) is the year of a table without periods.
    public static func run(directory: URL, identifier: String? = nil, period: Int? = nil, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ImportProblems) -> Result {
        let metadata = try ODataMetadata.read(from: directory)
        let dataFile = try self.dataFile(in: directory, metadata: metadata)
        return try await run(dataFile: dataFile, metadata: metadata, identifier: identifier, period: period, mode: mode, into: repository, progress: progress)
    }

    /// The data file in a table's folder: one of ``dataFileNames``, or else the one CSV or JSON
    /// file that is not a metadata file (a download saved under its own name, such as
    /// `inwoners-per-buurt-2024.csv`).
    static func dataFile(in directory: URL, metadata: ODataMetadata) throws(ImportProblems) -> URL {
        if let named = dataFileNames.map({ directory.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            return named
        }
        let metadataNames = Set((["TableInfos", "DataProperties", "CategoryGroups"] + metadata.dimensions.map(\.key)).map { $0.lowercased() })
        let others = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["csv", "json"].contains($0.pathExtension.lowercased()) }
            .filter { !metadataNames.contains($0.deletingPathExtension().lastPathComponent.lowercased()) }
        guard others.count == 1 else {
            throw ImportProblems([ImportProblem(file: directory.lastPathComponent, line: nil, message: others.isEmpty
                ? "de map bevat geen databestand (" + dataFileNames.joined(separator: ", ") + ")"
                : "de map bevat meer dan één databestand (" + others.map(\.lastPathComponent).sorted().joined(separator: ", ")
                    + "); geef het databestand zelf, de metadata ernaast wordt dan gelezen")])
        }
        return others[0]
    }

    /// Imports a data set saved without its metadata files, inferring its structure
    /// (``ODataMetadata/infer(from:identifier:sampleRows:)``). The identifier comes from
    /// `identifier` or else from the file name (`…37230ned…`).
    public static func run(file: URL, identifier: String?, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ImportProblems) -> Result {
        guard let identifier = identifier ?? ODataMetadata.identifier(inFileName: file.lastPathComponent) else {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil,
                message: "geef de tabelcode op (bijv. --tabel 37230ned); die staat niet in de bestandsnaam en er is geen TableInfos.csv")])
        }
        let metadata = try ODataMetadata.infer(from: file, identifier: identifier)
        return try await run(dataFile: file, metadata: metadata, mode: mode, into: repository, progress: progress)
    }

    /// Imports a StatLine website export (names instead of codes), matching names through the
    /// metadata in `metadataDirectory` (a saved OData table of the same family). The identifier
    /// comes from `identifier` or else from the file name (`…47013NED…`).
    public static func run(export file: URL, metadataDirectory: URL, identifier: String?, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository)
        async throws(ImportProblems) -> Result {
        guard let identifier = identifier ?? ODataMetadata.identifier(inFileName: file.lastPathComponent) else {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil,
                message: "geef de tabelcode op (bijv. --tabel 47013NED); die staat niet in de bestandsnaam")])
        }
        return try await run(export: file, metadata: try ODataMetadata.read(from: metadataDirectory), identifier: identifier, mode: mode, into: repository)
    }

    /// ``run(export:metadataDirectory:identifier:into:)`` with metadata already read (from a
    /// folder or a bulk metadata file).
    public static func run(export file: URL, metadata: ODataMetadata, identifier: String, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository)
        async throws(ImportProblems) -> Result {
        let codes = CodeBook(metadata: metadata, table: identifier)
        var table = metadata.statisticsTable(identifier: identifier)
        // Without the table's own region list, names come from the built-in lists.
        if metadata.regionDimension?.codes.isEmpty ?? true { table.regionNames = codes.regionNames }
        let dimensions = table.categoryDimensions
        return try await store(table, from: file, mode: mode, into: repository) { store in
            try await StatLineExportReader.read(file, codes: codes, measures: metadata.measures,
                                                categoryDimensions: dimensions) { try await store($0) }
        }
    }

    /// Reads a data set (CSV, or OData JSON when its name ends in `.json`) against `metadata`
    /// and stores it. `identifier` overrides the metadata's own.
    static func run(dataFile: URL, metadata: ODataMetadata, identifier: String? = nil, period: Int? = nil, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository,
                    progress: @escaping @Sendable (Int) -> Void) async throws(ImportProblems) -> Result {
        let metadata = try metadata.forImport(year: period, file: dataFile.lastPathComponent)
        let notes = metadata.referencePeriod.map { [$0.note] } ?? []
        var result = try await read(dataFile: dataFile, metadata: metadata, identifier: identifier, mode: mode, into: repository, progress: progress)
        result.notes = notes
        return result
    }

    private static func read(dataFile: URL, metadata: ODataMetadata, identifier: String?, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository,
                             progress: @escaping @Sendable (Int) -> Void) async throws(ImportProblems) -> Result {
        guard let identifier = identifier ?? metadata.identifier, !identifier.isEmpty else {
            throw ImportProblems([ImportProblem(file: "TableInfos.csv", line: nil,
                message: "de tabelcode (Identifier) ontbreekt; zonder TableInfos weet Regie niet welke tabel dit is (geef --tabel)")])
        }
        let table = metadata.statisticsTable(identifier: identifier)
        guard dataFile.pathExtension.lowercased() == "json" else {
            return try await store(table, from: dataFile, mode: mode, into: repository) { store in
                let summary = try await ODataDataSetReader.read(dataFile, metadata: metadata, progress: progress) { try await store($0) }
                // A bulk download is the whole table; its metadata may say how many rows that is.
                if metadata.isWholeTable, let declared = metadata.recordCount, summary.rows != declared {
                    throw ImportProblems([ImportProblem(file: dataFile.lastPathComponent, line: nil, message:
                        "de metadata van de tabel zegt \(declared) rijen (RecordCount in TableInfos), maar het bestand bevat er \(summary.rows); "
                        + (summary.rows < declared ? "het is waarschijnlijk afgebroken. " : "")
                        + "Er is niets ingelezen; download het bestand opnieuw")])
                }
                return summary
            }
        }
        return try await store(table, from: dataFile, mode: mode, into: repository) { store in
            let rows: ODataJSONRows
            do throws(ImportProblem) { rows = try ODataJSONRows(dataFile) } catch { throw ImportProblems([error]) }
            let summary = try await ODataDataSetReader.read(rows: rows, metadata: metadata, progress: progress) { try await store($0) }
            if rows.nextLink != nil {
                throw ImportProblems([ImportProblem(file: dataFile.lastPathComponent, line: nil, message:
                    "dit is maar één pagina van de tabel (het bestand heeft een odata.nextLink); download de hele tabel "
                    + "(bijv. via de bulkdownload als CSV) en probeer het opnieuw. Er is niets ingelezen")])
            }
            if let declared = rows.declaredCount, rows.rowsRead != declared {
                throw ImportProblems([ImportProblem(file: dataFile.lastPathComponent, line: nil, message:
                    "het bestand zegt \(declared) rijen te hebben (odata.count), maar bevat er \(rows.rowsRead); "
                    + (rows.rowsRead < declared ? "het is waarschijnlijk afgebroken. " : "")
                    + "Er is niets ingelezen; download het bestand opnieuw")])
            }
            return summary
        }
    }

    /// Stores what `read` hands to its store as `table`, added up or replacing it (`mode`), in
    /// one transaction, and turns storage failures into a Dutch problem.
    static func store(_ table: StatisticsTable, from file: URL, mode: StatisticsImportMode = .addUp, into repository: any StatisticsRepository,
                              read: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> DataSetSummary)
        async throws(ImportProblems) -> Result {
        guard isValidIdentifier(table.identifier) else {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil, message:
                "\"\(table.identifier)\" kan geen tabelcode zijn: gebruik letters, cijfers, punt, - of _ (hoogstens 80 tekens), bijv. --tabel 47018NED")])
        }
        let summary = SummaryBox()
        do {
            let outcome = try await repository.store(table, source: file.lastPathComponent, mode: mode) { store in
                await summary.set(try await read(store))
            }
            return Result(table: table, summary: await summary.value, outcome: outcome)
        } catch let problems as ImportProblems {
            throw problems
        } catch {
            // A refusal outside the blocks of rows: starting the import or switching it in.
            throw ImportProblems([.storing(error, file: file.lastPathComponent, line: nil, dimensions: table.categoryDimensions)])
        }
    }
}

/// Whether `identifier` may name a stored table: letters, digits, `.`, `-` and `_`, starting
/// with a letter or digit, at most 80 characters (and so never the staging separator).
func isValidIdentifier(_ identifier: String) -> Bool {
    guard (1...80).contains(identifier.count), let first = identifier.unicodeScalars.first,
          first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
    return identifier.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
}

private actor SummaryBox {
    var value = DataSetSummary()
    func set(_ summary: DataSetSummary) { value = summary }
}
