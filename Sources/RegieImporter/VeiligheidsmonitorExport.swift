import Foundation
import RegieCore

/// Reads a CBS Veiligheidsmonitor export from StatLine: columns `Marges`, `Perioden`,
/// `Regio's`, then one column per figure with a long hierarchical title and its unit in
/// brackets, such as
/// `(On)veiligheidsbeleving /Buurt/Onveiligheidsgevoelens/Voelt zich wel eens onveilig in buurt (%)`.
/// Rows whose `Marges` is `Waarde` hold the figures; rows with `Marge` hold the margins. An
/// export downloaded without the `Marges` column holds figures only. Decimal commas, `.` for a
/// missing figure.
///
/// Each column becomes a measure keyed by a slug of the last part of its title without the
/// unit (`voelt-zich-wel-eens-onveilig-in-buurt`); when two columns end alike, the part before
/// is put in front. Its title is the full column title and its unit the first word in the
/// brackets (`%`, `rapportcijfer`). Margins are stored as the measure `<key>_marge`.
public enum VeiligheidsmonitorReader {
    /// The identifier under which the export is stored unless the user names another.
    public static let identifier = "veiligheidsmonitor"
    static let marginHeader = "Marges"

    /// Whether a header row is a Veiligheidsmonitor export: periods, regions, and either a
    /// `Marges` column or only hierarchical figure titles ("Buurt/…/… (%)"), as when the
    /// margins were left out of the download.
    static func matches(_ header: [String]) -> Bool {
        guard header.contains(where: StatLineExportReader.periodHeaders.contains),
              header.contains(where: StatLineExportReader.regionHeaders.contains) else { return false }
        let titles = valueTitles(header)
        return header.contains(marginHeader) || (!titles.isEmpty && titles.allSatisfy { $0.contains("/") && unit($0) != nil })
    }

    /// The column titles of the figures: all but margins, periods and regions.
    static func valueTitles(_ header: [String]) -> [String] {
        header.filter { $0 != marginHeader && !StatLineExportReader.periodHeaders.contains($0) && !StatLineExportReader.regionHeaders.contains($0) }
    }

    /// The value measures (with their margin measures) of the columns in a header row.
    public static func measures(_ header: [String]) -> [StatisticsMeasure] {
        let titles = valueTitles(header)
        let keys = keys(titles)
        return zip(titles, keys).flatMap { title, key in
            let unit = unit(title)
            let name = title.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            return [StatisticsMeasure(key: key, title: name, unit: unit),
                    StatisticsMeasure(key: key + "_marge", title: "\(name), marge", unit: unit)]
        }
    }

    /// The unit in a title's last brackets: `%`, `rapportcijfer`, or the bracket's first word.
    static func unit(_ title: String) -> String? {
        guard let range = title.range(of: #"\(([^()]|\([^()]*\))*\)\s*$"#, options: .regularExpression) else { return nil }
        let inner = title[range].trimmingCharacters(in: .whitespaces).dropFirst().dropLast()
        if inner.hasPrefix("%") { return "%" }
        return inner.split(separator: " ").first.map(String.init)
    }

    /// Keys for column titles: the slug of the last part without unit, made unique by adding
    /// the parts before it where two columns end alike.
    static func keys(_ titles: [String]) -> [String] {
        let parts = titles.map { title in
            title.replacingOccurrences(of: #"\s*\(([^()]|\([^()]*\))*\)\s*$"#, with: "", options: .regularExpression)
                .split(separator: "/").map { slug(String($0)) }.filter { !$0.isEmpty }
        }
        var depth = Array(repeating: 1, count: titles.count)
        while true {
            let keys = zip(parts, depth).map { parts, depth in parts.suffix(depth).joined(separator: "-") }
            var seen: [String: [Int]] = [:]
            for (index, key) in keys.enumerated() { seen[key, default: []].append(index) }
            let clashing = seen.values.filter { $0.count > 1 }.flatMap { $0 }.filter { depth[$0] < parts[$0].count }
            if clashing.isEmpty { return keys }
            for index in clashing { depth[index] += 1 }
        }
    }

    public static func read(_ url: URL, codes: CodeBook,
                            consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        let name = url.lastPathComponent
        let file = try openDelimited(url)
        guard matches(file.header), let periodColumn = file.header.firstIndex(where: StatLineExportReader.periodHeaders.contains),
              let regionColumn = file.header.firstIndex(where: StatLineExportReader.regionHeaders.contains) else {
            throw ImportProblems([ImportProblem(file: name, line: 1, message:
                "dit lijkt geen Veiligheidsmonitor-export: de kolommen \"Perioden\" en \"Regio's\" en kolommen met cijfers (met \"Marges\", of met titels als \"Buurt/…/… (%)\") zijn nodig")])
        }
        let marginColumn = file.header.firstIndex(of: marginHeader)
        let valueColumns = file.header.indices.filter { ![marginColumn, periodColumn, regionColumn].contains($0) }
        let keys = keys(valueColumns.map { file.header[$0] })
        var collector = ImportCollector(file: name)
        while let (line, fields) = file.nextRow(&collector) {
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if fields.count == 1, fields[0].hasPrefix("Bron") { continue }
            collector.summary.rows += 1
            guard fields.count == file.header.count else {
                collector.report(line, file.lastRowEndsFile && fields.count < file.header.count
                                 ? DelimitedFile.fieldCount(fields.count, expected: file.header.count, atEndOfFile: true)
                                 : "deze regel heeft \(fields.count) velden in plaats van \(file.header.count)")
                continue
            }
            let margin = marginColumn.map { fields[$0].trimmingCharacters(in: .whitespaces) } ?? "Waarde"
            guard let suffix = suffix(margin) else {
                collector.report(line, "\"\(margin)\" in kolom Marges is onbekend (verwacht: Waarde of Marge)")
                continue
            }
            let periodLabel = fields[periodColumn].trimmingCharacters(in: .whitespaces)
            guard let period = StatLineExportReader.period(periodLabel) else {
                collector.report(line, "\"\(periodLabel)\" is geen periode die Regie kent (bijv. 2023 of 2023*)")
                continue
            }
            guard let region = collector.region(fields[regionColumn].trimmingCharacters(in: .whitespaces), year: period.year, line: line, in: codes) else { continue }
            var observations: [Observation] = []
            for (column, key) in zip(valueColumns, keys) {
                let text = fields[column].trimmingCharacters(in: .whitespaces)
                let value: Double?
                // Survey outcomes and their margins are percentages and marks: decimals.
                switch Figures.read(text, as: .decimal) {
                case .value(let number): value = number
                case .missing: value = nil
                case .invalid(let reason):
                    collector.report(line, "\"\(text)\" in kolom \(column + 1) (\(key)) \(reason)")
                    continue
                }
                observations.append(Observation(region: region, period: period, measure: key + suffix, value: value))
            }
            try await collector.add(observations, line: line, consume: consume)
        }
        return try await collector.finish(codes: codes, consume: consume)
    }

    /// The measure suffix of a `Marges` label: none for the figure itself.
    static func suffix(_ label: String) -> String? {
        let lower = label.lowercased()
        if lower == "waarde" { return "" }
        if lower.hasPrefix("marge") { return "_marge" }
        return nil
    }
}
