import Foundation
import RegieCore

/// The file layouts in which users get police and CBS figures, and their own.
public enum ImportLayout: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A folder as OData clients save a table: metadata (CSV or JSON) beside the data set.
    case odataFolder
    /// The CBS bulk download: the observations (CSV) beside the one-file metadata with sections.
    case bulkDownload
    /// An OData JSON data set (`TypedDataSet`/`UntypedDataSet` as saved from the service).
    case odataJSON
    /// A data set (TypedDataSet as CSV) on its own, with codes.
    case dataSet
    /// The StatLine website's CSV export, one column per dimension ("long").
    case statLineLong
    /// The StatLine website's CSV export with periods as columns ("wide").
    case statLineWide
    /// A CBS Veiligheidsmonitor export with values and margins.
    case veiligheidsmonitor
    /// A municipality's own series in Regie's template.
    case ownSeries

    /// The layout's name as shown to the user.
    public var description: String {
        switch self {
        case .odataFolder: "map met een OData-tabel (metadata als CSV of JSON, met het databestand)"
        case .bulkDownload: "CBS-bulkdownload (databestand met het metadatabestand met secties)"
        case .odataJSON: "OData-JSON (TypedDataSet of UntypedDataSet)"
        case .dataSet: "OData-databestand als CSV (TypedDataSet, met codes)"
        case .statLineLong: "StatLine-export (een kolom per dimensie)"
        case .statLineWide: "StatLine-export, brede indeling (perioden als kolommen)"
        case .veiligheidsmonitor: "Veiligheidsmonitor-export (waarden en marges)"
        case .ownSeries: "eigen reeksen volgens het sjabloon (regio;periode;reeks;waarde)"
        }
    }

    /// A Dutch sentence listing the layouts Regie reads.
    public static var readable: String {
        "Regie leest: " + allCases.map(\.description).joined(separator: "; ") + ". Zie docs/data-import.md."
    }

    /// Decides the layout of `url` from its content (and, for a folder, the files in it).
    /// - Throws: a Dutch problem when the layout is none Regie reads, listing those it does.
    public static func detect(_ url: URL) throws(ImportProblems) -> ImportLayout {
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportProblems([ImportProblem(file: name, line: nil, message: "het bestand of de map bestaat niet")])
        }
        if isDirectory.boolValue {
            if ["csv", "json"].contains(where: { FileManager.default.fileExists(atPath: url.appendingPathComponent("DataProperties.\($0)").path) }) {
                return .odataFolder
            }
            if (try? BulkFolder(url)) != nil { return .bulkDownload }
            throw ImportProblems([ImportProblem(file: name, line: nil, message:
                "in deze map staat geen DataProperties.csv of DataProperties.json en geen bulkdownload (databestand met metadatabestand). " + readable)])
        }
        let start = (try? FileHandle(forReadingFrom: url).read(upToCount: 64 * 1024)) ?? Data()
        let text = String(decoding: start.starts(with: [0xEF, 0xBB, 0xBF]) ? start.dropFirst(3) : start, as: UTF8.self)
        if text.drop(while: \.isWhitespace).first == "{" {
            if let rows = try? ODataJSONRows(url), rows.header.contains("Key") || rows.header.contains("Type") {
                throw ImportProblems([ImportProblem(file: name, line: nil, message:
                    "dit is een metadatabestand (JSON); geef de map met de metadata en het databestand, of geef dit bestand met --metadata bij het databestand")])
            }
            return .odataJSON
        }
        if ODataMetadata.isBulkMetadata(url) {
            throw ImportProblems([ImportProblem(file: name, line: nil, message:
                "dit is het metadatabestand van een bulkdownload; geef het databestand en dit bestand met --metadata, of de map met beide")])
        }
        if StatLineWideExportReader.matches(text) { return .statLineWide }
        let file = try openDelimited(url)
        if let part = LayoutAdvice.metadataPart(url, header: file.header) { throw ImportProblems([part]) }
        if VeiligheidsmonitorReader.matches(file.header) { return .veiligheidsmonitor }
        if OwnSeriesReader.matches(file.header) { return .ownSeries }
        if file.header.contains(where: StatLineExportReader.regionHeaders.contains), file.header.contains(where: StatLineExportReader.periodHeaders.contains) {
            return .statLineLong
        }
        // A data set has codes: some column holds a region code and some a period code.
        if let row = try? file.next(), row.fields.contains(where: { RegionCode($0) != nil }) {
            if row.fields.contains(where: { StatisticsPeriod($0) != nil }) { return .dataSet }
            // A table without periods (the neighbourhood key figures) is read through the
            // metadata beside it, which says that it has none.
            let directory = url.deletingLastPathComponent()
            if ["csv", "json"].contains(where: { FileManager.default.fileExists(atPath: directory.appendingPathComponent("DataProperties.\($0)").path) }) {
                return .dataSet
            }
        }
        throw ImportProblems([LayoutAdvice.unknownLayout(url, file: try openDelimited(url))])
    }
}

/// A folder holding a CBS bulk download: one metadata file with sections and one data file.
struct BulkFolder {
    var metadata: URL
    var data: URL

    init(_ directory: URL) throws(ImportProblems) {
        let files = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension.lowercased() == "csv" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        let metadata = files.filter(ODataMetadata.isBulkMetadata)
        let data = files.filter { !metadata.contains($0) }
        guard metadata.count == 1, data.count == 1 else {
            throw ImportProblems([ImportProblem(file: directory.lastPathComponent, line: nil, message:
                "een map met een bulkdownload hoort precies één metadatabestand en één databestand (CSV) te bevatten; gevonden: "
                + "\(metadata.count) metadatabestand(en), \(data.count) ander(e) CSV-bestand(en)")])
        }
        self.metadata = metadata[0]
        self.data = data[0]
    }
}

/// One entry point for every layout: finds the layout of a file or folder and imports it, in
/// one transaction (nothing is stored when anything is wrong).
public enum DataImport {
    public struct Result: Sendable {
        public var layout: ImportLayout
        public var table: StatisticsTable
        public var summary: DataSetSummary
        public var outcome: StatisticsImportOutcome
        /// What the user should know about how the file was read, in Dutch.
        public var notes: [String] = []
    }

    /// Imports `url` (a file or a folder).
    /// - Parameters:
    ///   - identifier: the table identifier to store under (`--tabel`); each layout has a default.
    ///   - metadata: a metadata folder (CSV or JSON) or a bulk metadata file (`--metadata`), for
    ///     files that carry no metadata of their own or names instead of codes.
    ///   - period: the year of a table without periods (`--periode`), overriding its reference
    ///     date; refused for tables and layouts that have periods.
    ///   - mode: whether the file adds to a stored table of the same identifier (the default) or
    ///     replaces it (`--vervang`).
    ///   - example: store the table as invented example data (the demo's `voorbeeld-…` entries).
    public static func run(_ url: URL, identifier: String? = nil, metadata metadataURL: URL? = nil, period: Int? = nil,
                           mode: StatisticsImportMode = .addUp, example: Bool = false, into repository: any StatisticsRepository,
                           progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws(ImportProblems) -> Result {
        let repository: any StatisticsRepository = example ? ExampleTables(base: repository) : repository
        let layout = try ImportLayout.detect(url)
        if let period, ![.odataFolder, .bulkDownload, .odataJSON, .dataSet].contains(layout) {
            throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: nil, message:
                "--periode \(period) kan alleen bij een tabel zonder perioden; dit bestand (\(layout)) heeft zelf perioden. Laat --periode weg")])
        }
        let metadata = try metadataURL.map { url throws(ImportProblems) in try readMetadata(url) }
        var result = try await run(layout, url, identifier: identifier, metadata: metadata, period: period, mode: mode, into: repository, progress: progress)
        result.table.isExample = example
        return Result(layout: layout, table: result.table, summary: result.summary, outcome: result.outcome, notes: result.notes)
    }

    /// Metadata from a folder (CSV or JSON files) or from a bulk download's metadata file.
    public static func readMetadata(_ url: URL) throws(ImportProblems) -> ODataMetadata {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: nil, message: "de metadata (--metadata) bestaat niet")])
        }
        if isDirectory.boolValue { return try ODataMetadata.read(from: url) }
        guard ODataMetadata.isBulkMetadata(url) else {
            throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: 1, message:
                "--metadata moet een map met metadata (DataProperties.csv of .json, codelijsten) zijn, of het metadatabestand van een bulkdownload (begint met TableInfos)")])
        }
        return try ODataMetadata.read(bulkFile: url)
    }

    private static func run(_ layout: ImportLayout, _ url: URL, identifier: String?, metadata: ODataMetadata?, period: Int?,
                            mode: StatisticsImportMode, into repository: any StatisticsRepository,
                            progress: @escaping @Sendable (Int) -> Void) async throws(ImportProblems) -> ODataImport.Result {
        let name = url.lastPathComponent
        switch layout {
        case .odataFolder:
            return try await ODataImport.run(directory: url, identifier: identifier, period: period, mode: mode, into: repository, progress: progress)
        case .bulkDownload:
            let folder = try BulkFolder(url)
            return try await ODataImport.run(dataFile: folder.data, metadata: try ODataMetadata.read(bulkFile: folder.metadata),
                                             identifier: identifier, period: period, mode: mode, into: repository, progress: progress)
        case .odataJSON, .dataSet:
            let sibling = metadata == nil ? try siblingMetadata(of: url) : nil
            if let metadata = metadata ?? sibling {
                return try await ODataImport.run(dataFile: url, metadata: metadata, identifier: identifier ?? metadata.identifier
                                                 ?? ODataMetadata.identifier(inFileName: name), period: period, mode: mode, into: repository, progress: progress)
            }
            guard layout == .odataJSON else { return try await ODataImport.run(file: url, identifier: identifier, mode: mode, into: repository, progress: progress) }
            let identifier = try self.identifier(identifier, file: name)
            let rows: ODataJSONRows
            do throws(ImportProblem) { rows = try ODataJSONRows(url) } catch { throw ImportProblems([error]) }
            let inferred = try ODataMetadata.infer(rows: rows, identifier: identifier)
            return try await ODataImport.run(dataFile: url, metadata: inferred, period: period, mode: mode, into: repository, progress: progress)
        case .statLineLong:
            let identifier = try self.identifier(identifier ?? metadata?.identifier, title: nil, file: name)
            // Without the table's metadata, the built-in lists know the structure of the tables
            // in their catalogue and every region name.
            let known = metadata ?? CodeLists.shipped.table(identifier)?.metadata ?? ODataMetadata(identifier: identifier, title: nil, dimensions: [], topics: [])
            return try await ODataImport.run(export: url, metadata: known, identifier: identifier, mode: mode, into: repository)
        case .statLineWide:
            let identifier = try self.identifier(identifier ?? metadata?.identifier, title: StatLineWideExportReader.title(url), file: name)
            let known = metadata ?? CodeLists.shipped.table(identifier)?.metadata
            let codes = CodeBook(metadata: known, table: identifier)
            let topics = known?.measures ?? []
            let header = try StatLineWideExportReader.header(url, codes: codes, measures: topics)
            var table = known?.statisticsTable(identifier: identifier)
                ?? StatisticsTable(identifier: identifier, title: header.title ?? identifier, categoryDimensions: [], regionNames: codes.regionNames)
            if metadata == nil { table.regionNames = codes.regionNames }
            table.measures = header.measures
            return try await ODataImport.store(table, from: url, mode: mode, into: repository) { store in
                try await StatLineWideExportReader.read(url, codes: codes, measures: topics) { try await store($0) }
            }
        case .veiligheidsmonitor:
            let codes = CodeBook(metadata: metadata)
            let file = try openDelimited(url)
            let table = StatisticsTable(identifier: identifier ?? VeiligheidsmonitorReader.identifier, title: "Veiligheidsmonitor",
                                        categoryDimensions: [], measures: VeiligheidsmonitorReader.measures(file.header),
                                        regionNames: metadata?.statisticsTable(identifier: "").regionNames ?? codes.regionNames)
            return try await ODataImport.store(table, from: url, mode: mode, into: repository) { store in
                try await VeiligheidsmonitorReader.read(url, codes: codes) { try await store($0) }
            }
        case .ownSeries:
            // A first pass checks the file and finds the municipality and the series, which
            // name and describe the table; the second stores.
            let content = try await OwnSeriesReader.read(url) { _ in }
            let municipalities = content.municipalities.sorted { $0.description < $1.description }
            guard let identifier = identifier ?? (municipalities.count == 1 ? OwnSeriesReader.identifier(for: municipalities[0]) : nil) else {
                throw ImportProblems([ImportProblem(file: name, line: nil, message:
                    "de reeksen gaan over meer dan één gemeente (\(municipalities.map(\.description).joined(separator: ", "))); geef met --tabel aan onder welke naam ze horen")])
            }
            let title = municipalities.count == 1 ? "Eigen reeksen \(municipalities[0])" : "Eigen reeksen"
            let table = StatisticsTable(identifier: identifier, title: title, categoryDimensions: [], measures: content.measures)
            return try await ODataImport.store(table, from: url, mode: mode, into: repository) { store in
                try await OwnSeriesReader.read(url) { try await store($0) }.summary
            }
        }
    }

    /// The identifier given, else the table the export's title names (matched against the
    /// catalogue of the built-in code lists), else one in the file name, else a Dutch problem
    /// saying how to find it.
    private static func identifier(_ given: String?, title: String?, file: String) throws(ImportProblems) -> String {
        if let given { return given }
        if let title, let table = CodeLists.shipped.table(titled: title) { return table.identifier }
        if let identifier = ODataMetadata.identifier(inFileName: file) { return identifier }
        throw ImportProblems([ImportProblem(file: file, line: nil, message:
            "Regie kan niet zien uit welke tabel dit bestand komt: de titel en de bestandsnaam noemen geen tabel die Regie kent. "
            + "Geef de tabelcode op met --tabel (bijv. --tabel 47013NED); die staat in het adres van de tabel op StatLine "
            + "(…/dataset/47013NED/… of …/#/CBS/nl/dataset/47013NED/…). Kent Regie de tabel niet, geef dan ook met --metadata "
            + "de metadata van de tabel (de map met DataProperties.csv, of het metadatabestand van de bulkdownload)")])
    }

    /// ``identifier(_:title:file:)`` for layouts without a title.
    private static func identifier(_ given: String?, file: String) throws(ImportProblems) -> String {
        try identifier(given, title: nil, file: file)
    }

    /// Metadata saved beside a data file: `DataProperties.csv`/`.json` in the same folder, or
    /// the metadata file of the bulk download the data file belongs to.
    private static func siblingMetadata(of url: URL) throws(ImportProblems) -> ODataMetadata? {
        let directory = url.deletingLastPathComponent()
        if let bulk = try? BulkFolder(directory), bulk.data.standardizedFileURL == url.standardizedFileURL {
            return try ODataMetadata.read(bulkFile: bulk.metadata)
        }
        guard ["csv", "json"].contains(where: { FileManager.default.fileExists(atPath: directory.appendingPathComponent("DataProperties.\($0)").path) })
        else { return nil }
        return try ODataMetadata.read(from: directory)
    }
}

