import Foundation
import RegieCore

/// Imports an OData table as saved in a folder: the metadata files beside one data file.
public enum ODataImport {
    /// Names under which clients save the data set itself.
    public static let dataFileNames = ["data.csv", "TypedDataSet.csv", "UntypedDataSet.csv"]

    public struct Result: Sendable {
        public var table: StatisticsTable
        public var summary: DataSetSummary
        public var outcome: StatisticsImportOutcome
    }

    /// Reads the metadata and the data file in `directory` and stores every observation in
    /// one transaction. Nothing is stored when any row is wrong.
    /// - Throws: ``ImportProblems`` with every problem found (up to a limit).
    public static func run(directory: URL, into repository: any StatisticsRepository,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ImportProblems) -> Result {
        let metadata = try ODataMetadata.read(from: directory)
        guard let dataFile = dataFileNames.map({ directory.appendingPathComponent($0) })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ImportProblems([ImportProblem(file: directory.lastPathComponent, line: nil,
                message: "de map bevat geen databestand (" + dataFileNames.joined(separator: ", ") + ")")])
        }
        return try await run(dataFile: dataFile, metadata: metadata, into: repository, progress: progress)
    }

    /// Imports a data set saved without its metadata files, inferring its structure
    /// (``ODataMetadata/infer(from:identifier:sampleRows:)``). The identifier comes from
    /// `identifier` or else from the file name (`…37230ned…`).
    public static func run(file: URL, identifier: String?, into repository: any StatisticsRepository,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ImportProblems) -> Result {
        guard let identifier = identifier ?? ODataMetadata.identifier(inFileName: file.lastPathComponent) else {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil,
                message: "geef de tabelcode op (bijv. --tabel 37230ned); die staat niet in de bestandsnaam en er is geen TableInfos.csv")])
        }
        let metadata = try ODataMetadata.infer(from: file, identifier: identifier)
        return try await run(dataFile: file, metadata: metadata, into: repository, progress: progress)
    }

    /// Imports a StatLine website export (names instead of codes), matching names through the
    /// metadata in `metadataDirectory` (a saved OData table of the same family). The identifier
    /// comes from `identifier` or else from the file name (`…47013NED…`).
    public static func run(export file: URL, metadataDirectory: URL, identifier: String?, into repository: any StatisticsRepository)
        async throws(ImportProblems) -> Result {
        guard let identifier = identifier ?? ODataMetadata.identifier(inFileName: file.lastPathComponent) else {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil,
                message: "geef de tabelcode op (bijv. --tabel 47013NED); die staat niet in de bestandsnaam")])
        }
        let metadata = try ODataMetadata.read(from: metadataDirectory)
        let codes = CodeBook(metadata: metadata)
        let table = metadata.statisticsTable(identifier: identifier)
        return try await store(table, from: file, into: repository) { store in
            try await StatLineExportReader.read(file, codes: codes, measures: metadata.measures) { try await store($0) }
        }
    }

    private static func run(dataFile: URL, metadata: ODataMetadata, into repository: any StatisticsRepository,
                            progress: @escaping @Sendable (Int) -> Void) async throws(ImportProblems) -> Result {
        guard let identifier = metadata.identifier, !identifier.isEmpty else {
            throw ImportProblems([ImportProblem(file: "TableInfos.csv", line: nil,
                message: "de tabelcode (Identifier) ontbreekt; zonder TableInfos.csv weet Regie niet welke tabel dit is")])
        }
        let table = metadata.statisticsTable(identifier: identifier)
        return try await store(table, from: dataFile, into: repository) { store in
            try await ODataDataSetReader.read(dataFile, metadata: metadata, progress: progress) { try await store($0) }
        }
    }

    /// Replaces `table` with what `read` hands to its store, in one transaction, and turns
    /// storage failures into a Dutch problem.
    private static func store(_ table: StatisticsTable, from file: URL, into repository: any StatisticsRepository,
                              read: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> DataSetSummary)
        async throws(ImportProblems) -> Result {
        let summary = SummaryBox()
        do {
            let outcome = try await repository.replace(table, source: file.lastPathComponent) { store in
                await summary.set(try await read(store))
            }
            return Result(table: table, summary: await summary.value, outcome: outcome)
        } catch let problems as ImportProblems {
            throw problems
        } catch {
            throw ImportProblems([ImportProblem(file: file.lastPathComponent, line: nil,
                                                message: "opslaan in de database mislukte; er is niets ingelezen")])
        }
    }
}

private actor SummaryBox {
    var value = DataSetSummary()
    func set(_ summary: DataSetSummary) { value = summary }
}
