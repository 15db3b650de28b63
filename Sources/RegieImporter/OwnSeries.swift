import Foundation
import RegieCore

/// Reads a municipality's own series (reports of confused behaviour, youth nuisance, house
/// closures, …) from the template documented in `docs/data-import.md`:
///
/// ```
/// regio;periode;reeks;waarde
/// GM0222;2024-03;Meldingen verward gedrag (E33);41
/// WK022201;2024-K1;Meldingen jeugdoverlast;12,5
/// ```
///
/// `;` or `,` between fields (a decimal comma then needs quotes), columns in any order.
/// `regio` is a municipality, district or neighbourhood code; `periode` a year (`2024`), month
/// (`2024-03`), quarter (`2024-K1`) or CBS code (`2024MM03`); `reeks` a free name, stored under
/// a stable key (its slug, ``slug(_:)``) with the name as title; `waarde` a number, empty or `.`
/// when there is no figure.
public enum OwnSeriesReader {
    static let columns = ["regio", "periode", "reeks", "waarde"]

    /// What a read found beyond the summary: the series and the municipalities they cover.
    public struct Content: Sendable {
        public var summary: DataSetSummary
        /// Series by key, with the title as first written.
        public var measures: [StatisticsMeasure]
        public var municipalities: Set<MunicipalityCode>
    }

    /// Whether a header row is the template's.
    static func matches(_ header: [String]) -> Bool {
        Set(header.map { $0.lowercased() }.filter { !$0.isEmpty }) == Set(columns)
    }

    /// The identifier of the series of one municipality: `eigen-GM0222`.
    public static func identifier(for municipality: MunicipalityCode) -> String { "eigen-\(municipality)" }

    /// Reads and checks the file, handing its observations to `consume` in batches.
    public static func read(_ url: URL, consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> Content {
        let name = url.lastPathComponent
        let file = try openDelimited(url)
        let lower = file.header.map { $0.lowercased() }
        guard matches(file.header), lower.filter({ !$0.isEmpty }).count == columns.count else {
            throw ImportProblems([ImportProblem(file: name, line: 1, message:
                "de kopregel moet precies de kolommen regio, periode, reeks en waarde hebben (gevonden: \(file.header.joined(separator: ", ")))")])
        }
        let index = columns.map { column in lower.firstIndex(of: column)! }
        var collector = ImportCollector(file: name)
        var measures: [StatisticsMeasure] = []
        var municipalities: Set<MunicipalityCode> = []
        var seen: [String: Int] = [:] // region|period|series -> line
        while let (line, fields) = file.nextRow(&collector) {
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            collector.summary.rows += 1
            guard fields.count == file.header.count else {
                collector.report(line, file.lastRowEndsFile && fields.count < file.header.count
                    ? DelimitedFile.fieldCount(fields.count, expected: file.header.count, atEndOfFile: true)
                    : "deze regel heeft \(fields.count) velden in plaats van \(file.header.count)"
                        + (file.delimiter == "," ? "; staat er een decimale komma zonder aanhalingstekens in (schrijf \"12,5\")?" : ""))
                continue
            }
            let value = { (column: Int) in fields[index[column]].trimmingCharacters(in: .whitespaces) }
            var valid = true
            let region = RegionCode(value(0))
            if region?.municipality == nil {
                collector.report(line, "\"\(value(0))\" in kolom regio is geen code van een gemeente, wijk of buurt (zoals GM0222, WK022201 of BU02220101)")
                valid = false
            }
            let period = period(value(1))
            if period == nil {
                collector.report(line, "\"\(value(1))\" in kolom periode is geen periode (schrijf 2024, 2024-03, 2024-K1 of 2024MM03)")
                valid = false
            }
            let title = value(2)
            let key = slug(title)
            if key.isEmpty {
                collector.report(line, "de kolom reeks is leeg; geef de reeks een naam, bijv. \"Meldingen verward gedrag (E33)\"")
                valid = false
            }
            // A municipality's own series may be counts or marks (7,4): decimals.
            var figure: Double??
            switch Figures.read(value(3), as: .decimal) {
            case .value(let number): figure = .some(number)
            case .missing: figure = .some(nil)
            case .invalid(let reason):
                collector.report(line, "\"\(value(3))\" in kolom waarde \(reason) (schrijf bijv. 41 of 12,5; leeg of . als er geen cijfer is)")
                valid = false
            }
            guard valid, let region, let period, let figure, let municipality = region.municipality else { continue }
            let identity = "\(region)|\(period)|\(key)"
            if let earlier = seen[identity] {
                collector.report(line, "\(region), \(period), reeks \"\(title)\" staat al op regel \(earlier)")
                continue
            }
            seen[identity] = line
            if !measures.contains(where: { $0.key == key }) { measures.append(StatisticsMeasure(key: key, title: title)) }
            municipalities.insert(municipality)
            try await collector.add([Observation(region: region, period: period, measure: key, value: figure)], line: line, consume: consume)
        }
        let summary = try await collector.finish(codes: CodeBook(), consume: consume)
        return Content(summary: summary, measures: measures, municipalities: municipalities)
    }

    /// `2024`, `2024-03`, `2024-K1` (or `2024-Q1`), or a CBS code such as `2024MM03`.
    static func period(_ text: String) -> StatisticsPeriod? {
        if let period = StatisticsPeriod(text) { return period }
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        switch parts.count {
        case 1: return StatisticsPeriod(String(format: "%04dJJ00", year))
        case 2 where parts[1].count <= 2 && Int(parts[1]) != nil:
            return StatisticsPeriod(String(format: "%04dMM%02d", year, Int(parts[1])!))
        case 2 where parts[1].count == 2 && (parts[1].hasPrefix("K") || parts[1].hasPrefix("Q")):
            return Int(parts[1].dropFirst()).flatMap { StatisticsPeriod(String(format: "%04dKW%02d", year, $0)) }
        default: return nil
        }
    }
}
