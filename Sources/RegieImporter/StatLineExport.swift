import Foundation
import RegieCore

/// Names to codes, for files that carry names instead of codes (the StatLine website's CSV
/// export). Built from the table's metadata when given, on top of Regie's built-in code lists
/// (``CodeLists``): the country, the provinces, the police tables' other regions and every
/// municipality with the years its name was valid.
public struct CodeBook: Sendable {
    /// Region names as StatLine writes them ("Groningen (gemeente)", "Drenthe (PV)") to codes,
    /// from the metadata and the lists of larger regions; municipalities come from ``lists``.
    public var regions: [String: RegionCode] = [:]
    /// Per category dimension, by its title (as in the export's header): the dimension's key
    /// and its labels to codes.
    public var categories: [String: (dimension: String, labels: [String: String])] = [:]
    /// Names that more than one region of the metadata carries; the built-in lists decide them
    /// by period, or they cannot be matched.
    public var ambiguousRegions: Set<String> = []
    /// The table the names belong to, when known, for its own region list.
    public var table: String?
    let lists: CodeLists
    /// ``regions`` by their ``normalized(_:)`` form.
    private var normalizedRegions: [String: RegionCode] = [:]
    /// Municipalities by the normalized form of their names.
    private var municipalities: [String: [CodeLists.Municipality]] = [:]

    /// The outcome of looking a region name up.
    public enum Match: Sendable, Equatable {
        case code(RegionCode)
        /// The name belonged to more than one municipality in the period (or to several, none in it).
        case ambiguous([RegionCode])
        case unknown
    }

    /// - Parameters:
    ///   - metadata: the table's own metadata (`--metadata`); its names win over the lists.
    ///   - table: the table identifier, for the table's own spellings in the built-in lists.
    public init(metadata: ODataMetadata? = nil, table: String? = nil, lists: CodeLists = .shipped) {
        self.lists = lists
        self.table = table ?? metadata?.identifier
        regions["Nederland"] = RegionCode("NL00")
        for province in lists.provinces { regions[province.statLineName] = province.code }
        regions["Fryslân (PV)"] = RegionCode("PV21")
        if let table = self.table {
            for region in lists.tableRegions.first(where: { $0.key.lowercased() == table.lowercased() })?.value ?? [] {
                regions[region.name] = region.code
            }
        }
        var seen: [String: RegionCode] = [:]
        for (key, title) in metadata?.regionDimension?.codes ?? [:] {
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
        for (name, code) in seen where !ambiguousRegions.contains(name) {
            regions[name] = code
        }
        for name in ambiguousRegions { regions[name] = nil }
        for (name, code) in regions { normalizedRegions[Self.normalized(name)] = code }
        for municipality in lists.municipalities {
            municipalities[Self.normalized(municipality.name), default: []].append(municipality)
        }
        for dimension in metadata?.categoryDimensions ?? [] {
            var labels: [String: String] = [:]
            for (key, title) in dimension.codes { labels[title.trimmingCharacters(in: .whitespaces)] = key }
            categories[dimension.title] = (dimension.key, labels)
        }
    }

    /// A name for comparing: lower case, accents and runs of spaces folded, typographic
    /// apostrophes as `'`.
    static func normalized(_ name: String) -> String {
        name.replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL")).lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The code of `name` in `year` (the row's period): the table's own names first, then the
    /// built-in lists, case and spacing insensitive; a municipality's name resolves to the code
    /// it belonged to in that year, so reorganised names land right.
    public func region(_ name: String, year: Int? = nil) -> Match {
        if let code = regions[name] ?? normalizedRegions[Self.normalized(name)] { return .code(code) }
        var key = Self.normalized(name)
        if municipalities[key] == nil, key.hasSuffix(" (gemeente)") { key = String(key.dropLast(" (gemeente)".count)) }
        guard let candidates = municipalities[key] else { return .unknown }
        let codes = Set(candidates.map(\.code)).sorted()
        if codes.count == 1 { return .code(codes[0]) }
        guard let year else { return .ambiguous(codes) }
        let valid = Set(candidates.filter { $0.isValid(in: year) }.map(\.code)).sorted()
        return valid.count == 1 ? .code(valid[0]) : .ambiguous(valid.isEmpty ? codes : valid)
    }

    /// Every region name Regie knows, for suggestions.
    var knownNames: [String] {
        Array(Set(regions.keys).union(lists.municipalities.map(\.name))).sorted()
    }

    /// Names of the regions Regie knows, for the stored table: the metadata's and the lists'
    /// (a municipality under its latest name).
    var regionNames: [RegionCode: String] {
        var names: [RegionCode: String] = [:]
        for municipality in lists.municipalities.sorted(by: { ($0.lastYear ?? .max) < ($1.lastYear ?? .max) }) {
            names[municipality.code] = municipality.name
        }
        for (name, code) in regions.sorted(by: { $0.key > $1.key }) where names[code] == nil || code.level == .municipality {
            names[code] = name
        }
        return names
    }

    /// The nearest known names to `name`, best first: the official name of a name in common use
    /// ("Den Haag" → 's-Gravenhage), then names that differ in few letters or contain it.
    func suggestions(for name: String, limit: Int = 3) -> [String] {
        var found: [String] = []
        if let official = lists.commonNames.first(where: { Self.normalized($0.key) == Self.normalized(name) })?.value { found.append(official) }
        var bySlug: [Key: String] = [:]
        for known in knownNames { if let key = Key(Key.slug(known)), bySlug[key] == nil { bySlug[key] = known } }
        for key in Key.nearest(to: name, in: Array(bySlug.keys), limit: limit) {
            if let known = bySlug[key], !found.contains(known) { found.append(known) }
        }
        return Array(found.prefix(limit))
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
        var unmatched: [String: (line: Int, year: Int?)] = [:] // name -> first line
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
            let periodLabel = fields[periodColumn].trimmingCharacters(in: .whitespaces)
            let period = period(periodLabel)
            guard case .code(let region) = codes.region(regionName, year: period?.year) else {
                if unmatched[regionName] == nil { unmatched[regionName] = (line, period?.year) }
                continue
            }
            guard let period else {
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
            problems.insert(contentsOf: codes.unmatchedProblems(unmatched, file: name), at: 0)
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

