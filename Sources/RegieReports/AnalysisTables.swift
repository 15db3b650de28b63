import Foundation
import RegieHTML
import RegieCore

/// A table of figures that a page shows and a CSV download repeats, built once so both agree.
public struct FigureTable: Sendable {
    public var caption: String
    public var headers: [String]
    /// Each row: a heading cell and then values (nil = unknown).
    public var rows: [(label: String, values: [Double?])]
    /// Decimals per value column (0 for counts, 1–2 for rates).
    public var digits: [Int]
    /// Optional text columns after the values (such as a judgement).
    public var notes: [[String]] = []
    public var noteHeaders: [String] = []
    /// The "Bron: …" line the CSV download ends with (the page shows its sources itself).
    public var source: String?

    /// The CSV file: `;`-separated with decimal commas and a BOM, as Dutch spreadsheet programs
    /// expect; unknown values are left empty.
    public var csv: String {
        var lines = [(headers + noteHeaders).map(Self.quote).joined(separator: ";")]
        for (index, row) in rows.enumerated() {
            var cells = [Self.quote(row.label)]
            for (column, value) in row.values.enumerated() {
                cells.append(value.map { Self.csvNumber($0, digits: digits[min(column, digits.count - 1)]) } ?? "")
            }
            if index < notes.count { cells += notes[index].map(Self.quote) }
            lines.append(cells.joined(separator: ";"))
        }
        if let source { lines += ["", Self.quote(source)] }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func quote(_ text: String) -> String {
        // A leading =, +, - or @ would be read as a formula by spreadsheet programs.
        let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csvNumber(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }

    var html: HTMLNode {
        .table(.class("figures"),
            .caption(.text(caption)),
            .thead(.tr(.forEach(Array((headers + noteHeaders).enumerated())) { index, header in
                .th(.attribute(named: "scope", value: "col"), .if(index > 0 && index <= rows.first.map { $0.values.count } ?? 0, .class("num")), .text(header))
            })),
            .tbody(.forEach(Array(rows.enumerated())) { index, row in
                .tr(
                    .th(.attribute(named: "scope", value: "row"), .text(row.label)),
                    .forEach(Array(row.values.enumerated())) { column, value in
                        .td(.class("num"), .text(value.map { Format.decimal($0, digits: digits[min(column, digits.count - 1)]) } ?? "–"))
                    },
                    .forEach(index < notes.count ? notes[index] : []) { .td(.text($0)) }
                )
            })
        )
    }
}

/// The tables of an analysis, by the file names under which they are downloaded.
public enum AnalysisTables {
    /// Yearly counts and rates of the area and each comparison.
    public static func years(_ analysis: SeriesAnalysis) -> FigureTable {
        let regions = [analysis.area] + analysis.comparisons
        var headers = ["Jaar"]
        var digits: [Int] = []
        var columns: [(RegionSeries, Bool)] = []
        for region in regions {
            headers.append("\(region.name): aantal")
            // Police counts are whole numbers; a series imported with decimals keeps them.
            digits.append(Format.decimals(in: region.years.map(\.count)))
            columns.append((region, false))
            if region.years.contains(where: { $0.ratePerThousand != nil }) {
                headers.append("\(region.name): per 1.000 inwoners")
                digits.append(2)
                columns.append((region, true))
            }
        }
        let years = analysis.area.years.map(\.year)
        let rows = years.map { year in
            (label: String(year), values: columns.map { region, rate -> Double? in
                let figure = region.years.first { $0.year == year }
                return rate ? figure?.ratePerThousand : figure?.count
            })
        }
        var table = FigureTable(caption: "\(analysis.series.title): geregistreerde misdrijven per jaar", headers: headers, rows: rows, digits: digits)
        table.source = AnalysisWording.csvSource(AnalysisWording.sources(analysis))
        return table
    }

    /// Each crime type of a series: first and last year, and the judgement of the change.
    public static func parts(_ analysis: SeriesAnalysis) -> FigureTable? {
        // The first and last year with a figure of any part: a chosen period may run past the data.
        let known = analysis.parts.flatMap { $0.series.years.filter { $0.count != nil }.map(\.year) }
        guard !analysis.parts.isEmpty, let first = known.min() ?? analysis.area.years.first?.year,
              let last = known.max() ?? analysis.area.years.last?.year else { return nil }
        var table = FigureTable(caption: "\(analysis.series.title) per misdrijfsoort", headers: ["Misdrijfsoort", String(first), String(last)],
                                rows: analysis.parts.map { part in
                                    (label: "\(part.code) \(part.title)", values: [part.series.years.first { $0.year == first }?.count,
                                                                                     part.series.years.first { $0.year == last }?.count])
                                }, digits: [0, 0])
        table.noteHeaders = ["Ontwikkeling \(first)–\(last)"]
        table.notes = analysis.parts.map { [$0.series.trend.label] }
        table.source = AnalysisWording.csvSource(AnalysisWording.sources(analysis, kinds: [.years]))
        return table
    }

    public static func districts(_ analysis: SeriesAnalysis) -> FigureTable {
        var table = FigureTable(
            caption: "\(analysis.series.title) per wijk in \(analysis.districtYear.map(String.init) ?? "")"
                + (analysis.districtPopulationYear.map { " (inwoners op 1 januari \($0))" } ?? ""),
            headers: ["Wijk", "Aantal", "Inwoners", "Per 1.000 inwoners"],
            rows: analysis.districts.map { (label: $0.name, values: [$0.count, $0.population, $0.ratePerThousand]) },
            digits: [0, 0, 2])
        table.noteHeaders = ["Vergeleken met de rest van de gemeente"]
        table.notes = analysis.districts.map { [AnalysisWording.standing($0.standing)] }
        table.source = AnalysisWording.csvSource(AnalysisWording.sources(analysis, kinds: [.districts, .districtPopulation]))
        return table
    }

    public static func months(_ analysis: SeriesAnalysis) -> FigureTable? {
        guard let pattern = analysis.monthly else { return nil }
        let years = pattern.years.count == 1 ? "\(pattern.years[0])" : "\(pattern.years.first!)–\(pattern.years.last!)"
        var table = FigureTable(caption: "\(analysis.series.title) per kalendermaand, opgeteld over \(years)",
                                headers: ["Maand", "Aantal"],
                                rows: pattern.counts.enumerated().map { (label: AnalysisWording.monthName($0.offset + 1), values: [$0.element]) },
                                digits: [0])
        table.source = AnalysisWording.csvSource(AnalysisWording.sources(analysis, kinds: [.months]))
        return table
    }

    /// One row per series: the latest year, the rate, the country's rate and the development.
    public static func overview(_ analysis: SafetyAnalysis) -> FigureTable {
        overview(of: analysis.series.filter(\.hasFigures), caption: "Overzicht per reeks, laatste jaar met cijfers")
    }

    /// The overview of `withFigures`, one row per series.
    static func overview(of withFigures: [SeriesAnalysis], caption: String) -> FigureTable {
        var table = FigureTable(caption: caption, headers: ["Reeks", "Aantal", "Per 1.000 inwoners", "Nederland per 1.000"],
                                rows: withFigures.map { series in
                                    let latest = series.area.years.last { $0.count != nil }
                                    let country = series.comparisons.first { $0.role == .country }?.years.first { $0.year == latest?.year }
                                    return (label: series.series.title, values: [latest?.count, latest?.ratePerThousand, country?.ratePerThousand])
                                }, digits: [0, 2, 2])
        // The page shows the sources below the table; the download has them in a column.
        table.noteHeaders = ["Jaar", "Ontwikkeling", "Bron"]
        table.notes = withFigures.map { series in
            [series.area.years.last { $0.count != nil }.map { String($0.year) } ?? "", series.trend.label,
             AnalysisWording.overviewSource(series)]
        }
        return table
    }

    /// A survey outcome or own series per period, with its margin when published.
    public static func measure(_ analysis: MeasureAnalysis) -> FigureTable {
        let hasMargins = analysis.figures.contains { $0.margin != nil }
        let unit = analysis.measure.unit.map { " (\($0))" } ?? ""
        return FigureTable(caption: analysis.measure.title + unit + " – " + analysis.table.title,
                           headers: ["Periode", "Waarde"] + (hasMargins ? ["Foutmarge (95 %)"] : []),
                           rows: analysis.figures.map { (label: Format.period($0.period), values: [$0.value] + (hasMargins ? [$0.margin] : [])) },
                           digits: [valueDigits(analysis), Format.decimals(in: analysis.figures.map(\.margin), minimum: 1)])
    }

    /// The decimals of a measure's values as imported: none for whole counts, 46,1 and 12,25 as
    /// written; survey levels always with at least one (17,0 %), as the CBS publishes them.
    static func valueDigits(_ analysis: MeasureAnalysis) -> Int {
        Format.decimals(in: analysis.figures.map(\.value), minimum: analysis.kind == .level ? 1 : 0)
    }

    /// The download name of a measure's table.
    public static func fileName(_ analysis: MeasureAnalysis) -> String {
        "overig-" + Key.slug(analysis.table.identifier) + "-" + Key.slug(analysis.measure.key) + ".csv"
    }

    /// The table behind a download file name, or nil when the name is not one of the analysis's.
    public static func table(named file: String, in analysis: SafetyAnalysis, others: [MeasureAnalysis] = []) -> FigureTable? {
        guard file.hasSuffix(".csv") else { return nil }
        if let other = others.first(where: { fileName($0) == file }) { return measure(other) }
        let name = String(file.dropLast(4))
        if name == "overzicht" { return overview(analysis) }
        for series in analysis.series {
            let key = series.series.key.rawValue
            if name == key { return years(series) }
            if name == key + "-wijken", !series.districts.isEmpty { return districts(series) }
            if name == key + "-maanden" { return months(series) }
            if name == key + "-soorten" { return parts(series) }
        }
        return nil
    }
}
