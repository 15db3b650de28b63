import Foundation
import RegieCore

/// Names to codes, for files that carry names instead of codes (the StatLine website's CSV
/// export). Built from the metadata of the same table family, plus the country and the twelve
/// provinces, whose CBS codes are fixed.
public struct CodeBook: Sendable {
    /// Region names as StatLine writes them ("Groningen (gemeente)", "Drenthe (PV)") to codes.
    public var regions: [String: RegionCode] = [:]
    /// Per category dimension, by its title (as in the export's header): the dimension's key
    /// and its labels to codes.
    public var categories: [String: (dimension: String, labels: [String: String])] = [:]
    /// Names that more than one region carries; they cannot be matched.
    public var ambiguousRegions: Set<String> = []

    static let provinces: [(String, String)] = [
        ("PV20", "Groningen"), ("PV21", "Friesland"), ("PV22", "Drenthe"), ("PV23", "Overijssel"),
        ("PV24", "Flevoland"), ("PV25", "Gelderland"), ("PV26", "Utrecht"), ("PV27", "Noord-Holland"),
        ("PV28", "Zuid-Holland"), ("PV29", "Zeeland"), ("PV30", "Noord-Brabant"), ("PV31", "Limburg"),
    ]

    /// Only the country and the twelve provinces, for files without metadata.
    public init() {
        self.init(metadata: ODataMetadata(identifier: nil, title: nil, dimensions: [], topics: []))
    }

    public init(metadata: ODataMetadata) {
        regions["Nederland"] = RegionCode("NL00")
        for (code, name) in Self.provinces {
            regions["\(name) (PV)"] = RegionCode(code)
        }
        regions["Fryslân (PV)"] = RegionCode("PV21")
        var seen: [String: RegionCode] = [:]
        for (key, title) in metadata.regionDimension?.codes ?? [:] {
            guard let code = RegionCode(key) else { continue }
            let name = title.trimmingCharacters(in: .whitespaces)
            // Larger regions carry their level in the name ("Groningen (PV)", "Oost-Nederland
            // (RE)"); the table's own code wins (bulk metadata code the country NL01).
            guard code.level == .municipality else {
                if code.level != .district, code.level != .neighbourhood { regions[name] = code }
                continue
            }
            // StatLine adds "(gemeente)" where a municipality shares its name with a province.
            regions["\(name) (gemeente)"] = code
            if let other = seen[name], other != code { ambiguousRegions.insert(name) }
            seen[name] = code
        }
        for (name, code) in seen where !ambiguousRegions.contains(name) && regions[name] == nil {
            regions[name] = code
        }
        for dimension in metadata.categoryDimensions {
            var labels: [String: String] = [:]
            for (key, title) in dimension.codes { labels[title.trimmingCharacters(in: .whitespaces)] = key }
            categories[dimension.title] = (dimension.key, labels)
        }
    }
}

extension CodeBook {
    /// The key of a category label ("1.1.1 Diefstal/inbraak woning", "Totaal misdrijven") in the
    /// dimension titled `dimension`, matched by title or by the code the label starts with.
    func categoryKey(_ label: String, in dimension: String) -> String? {
        guard let labels = categories[dimension]?.labels else { return nil }
        return labels[label] ?? StatLineExportReader.leadingCode(label).flatMap { code in labels.values.first { $0 == code } }
    }
}

/// Reads the CSV that the StatLine website exports: one column per dimension with labels
/// (region names, "2018*" for provisional years, crime types with their titles) and one column
/// per figure, `.` for a missing figure, decimal commas. Names are matched to codes through a
/// ``CodeBook``; names that do not match are reported together.
public enum StatLineExportReader {
    /// Headers that name the region and period columns in StatLine exports.
    static let regionHeaders: Set<String> = ["Regio's", "Regio", "Gemeenten", "Wijken en buurten", "Regioaanduiding"]
    static let periodHeaders: Set<String> = ["Perioden", "Periode"]

    /// - Parameter categoryDimensions: the table's category dimensions in stored order, to name
    ///   a doubled figure's categories.
    public static func read(_ url: URL, codes: CodeBook, measures: [ODataMetadata.Topic] = [], categoryDimensions: [String] = [],
                            consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        let name = url.lastPathComponent
        let file: DelimitedFile
        do { file = try DelimitedFile(url) } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
            throw ImportProblems([ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")])
        }
        guard let regionColumn = file.header.firstIndex(where: regionHeaders.contains),
              let periodColumn = file.header.firstIndex(where: periodHeaders.contains) else {
            throw ImportProblems([ImportProblem(file: name, line: 1,
                message: "dit lijkt geen StatLine-export: een kolom \"Regio's\" en een kolom \"Perioden\" zijn nodig")])
        }
        let categoryColumns = file.header.indices.filter { codes.categories[file.header[$0]] != nil }
        let measureColumns = file.header.indices.filter { ![regionColumn, periodColumn].contains($0) && !categoryColumns.contains($0) && !file.header[$0].isEmpty }
        let measureKeys = measureColumns.map { measureKey(file.header[$0], measures: measures) }

        var summary = DataSetSummary()
        var problems: [ImportProblem] = []
        var unmatched: [String: Int] = [:] // name -> first line
        var batch: [Observation] = []
        var lastLine: Int?
        func report(_ line: Int?, _ message: String) {
            if problems.count < ODataDataSetReader.maximumProblems { problems.append(ImportProblem(file: name, line: line, message: message)) }
        }
        while true {
            let row: (line: Int, fields: [String])?
            do { row = try file.next() } catch let problem as ImportProblem { report(problem.line, problem.message); break } catch { break }
            guard let (line, fields) = row else { break }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            // The export's footer ("Bron: CBS") is a single field.
            if fields.count == 1, fields[0].hasPrefix("Bron:") { continue }
            summary.rows += 1
            guard fields.count == file.header.count else {
                report(line, file.lastRowEndsFile && fields.count < file.header.count
                       ? DelimitedFile.fieldCount(fields.count, expected: file.header.count, atEndOfFile: true)
                       : "deze regel heeft \(fields.count) velden in plaats van \(file.header.count)")
                continue
            }
            let regionName = fields[regionColumn].trimmingCharacters(in: .whitespaces)
            guard let region = codes.regions[regionName] else {
                if unmatched[regionName] == nil { unmatched[regionName] = line }
                continue
            }
            let periodLabel = fields[periodColumn].trimmingCharacters(in: .whitespaces)
            guard let period = period(periodLabel) else {
                report(line, "\"\(periodLabel)\" is geen periode die Regie kent (bijv. 2023, 2023*, 2023 januari of 2023 1e kwartaal)")
                continue
            }
            var categories: [String: String] = [:]
            var valid = true
            for column in categoryColumns {
                let label = fields[column].trimmingCharacters(in: .whitespaces)
                let title = file.header[column]
                guard let dimension = codes.categories[title] else { continue }
                if let key = codes.categoryKey(label, in: title) {
                    categories[dimension.dimension] = key
                } else {
                    report(line, "\"\(label)\" staat niet in de codelijst van \(title)")
                    valid = false
                }
            }
            for (column, measure) in zip(measureColumns, measureKeys) {
                let text = fields[column].trimmingCharacters(in: .whitespaces)
                let value: Double?
                switch Figures.read(text, as: Figures.kind(ofMeasure: measure)) {
                case .value(let number): value = number
                case .missing:
                    summary.missingValues += 1
                    value = nil
                case .invalid(let reason):
                    report(line, "\"\(text)\" in kolom \(file.header[column]) \(reason)")
                    valid = false
                    continue
                }
                if valid {
                    batch.append(Observation(region: region, period: period, categories: categories, measure: measure, value: value))
                }
            }
            guard valid else { continue }
            lastLine = line
            summary.observations += measureColumns.count
            summary.regions.insert(region)
            summary.periods.insert(period)
            if batch.count >= ODataDataSetReader.batchSize, problems.isEmpty, unmatched.isEmpty {
                do { try await consume(batch) } catch {
                    throw ImportProblems([.storing(error, file: name, line: line, dimensions: categoryDimensions)])
                }
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !unmatched.isEmpty {
            problems.insert(codes.unmatchedProblem(unmatched, file: name), at: 0)
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        if !batch.isEmpty {
            do { try await consume(batch) } catch {
                throw ImportProblems([.storing(error, file: name, line: lastLine, dimensions: categoryDimensions)])
            }
        }
        return summary
    }

    /// "2018", "2018*" (provisional), "2023 januari", "2023 1e kwartaal".
    static func period(_ label: String) -> StatisticsPeriod? {
        let text = label.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces).lowercased()
        let parts = text.split(separator: " ")
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        if parts.count == 1 { return StatisticsPeriod(String(format: "%04dJJ00", year)) }
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        if parts.count == 2, let month = months.firstIndex(of: String(parts[1])) {
            return .month(year, month + 1)
        }
        if parts.count == 3, parts[2] == "kwartaal", let quarter = Int(parts[1].prefix(1)), (1...4).contains(quarter) {
            return .quarter(year, quarter)
        }
        return nil
    }

    /// The crime-type code at the start of a label such as "1.1.1 Diefstal/inbraak woning".
    static func leadingCode(_ label: String) -> String? {
        guard let range = label.range(of: #"^[0-9]+(\.[0-9]+)+"#, options: .regularExpression) else { return nil }
        return String(label[range])
    }

    /// The topic key for a column title such as "Geregisteerde misdrijven (aantal)": the topic
    /// whose title matches when the unit in brackets is left off (allowing a small typo, as the
    /// real exports have), else the title itself.
    static func measureKey(_ header: String, measures: [ODataMetadata.Topic]) -> String {
        let title = header.replacingOccurrences(of: #"\s*\([^)]*\)\s*$"#, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces).lowercased()
        let best = measures.min { editDistance(title, $0.title.lowercased()) < editDistance(title, $1.title.lowercased()) }
        if let best, editDistance(title, best.title.lowercased()) <= 2 { return best.key }
        return header
    }
}

