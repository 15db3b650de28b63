import Foundation
import RegieCore

/// The sentences that go with a series: what the figures say, never stronger than the
/// statistics allow. Small numbers are not called a trend; a difference from the country is
/// only mentioned when chance is an unlikely explanation.
public enum AnalysisWording {
    public static func sentences(_ analysis: SeriesAnalysis, area: String) -> [String] {
        var result: [String] = []
        let area = analysis.area
        if let latest = area.years.last(where: { $0.count != nil }), let count = latest.count {
            var sentence = "In \(latest.year) registreerde de politie \(Format.count(count)) \(count == 1 ? "misdrijf" : "misdrijven") in deze reeks in \(area.name)"
            if let rate = latest.ratePerThousand { sentence += ": \(Format.rate(rate)) per 1.000 inwoners" }
            result.append(sentence + ".")
            if let (year, comparison) = analysis.latestComparisonWithCountry,
               let country = analysis.comparisons.first(where: { $0.role == .country })?.years.first(where: { $0.year == year })?.ratePerThousand {
                switch comparison {
                case .higher: result.append("Dat is duidelijk meer per inwoner dan in heel Nederland (\(Format.rate(country)) per 1.000).")
                case .lower: result.append("Dat is duidelijk minder per inwoner dan in heel Nederland (\(Format.rate(country)) per 1.000).")
                case .similar: result.append("Dat verschilt niet duidelijk van heel Nederland (\(Format.rate(country)) per 1.000): het verschil past bij toeval.")
                case .tooFewData: result.append("Landelijk was dat \(Format.rate(country)) per 1.000 inwoners; voor een vergelijking zijn de aantallen te klein.")
                }
            }
        } else if analysis.parts.contains(where: { $0.series.hasFigures }) {
            result.append("Niet van alle misdrijfsoorten in deze reeks is voor \(area.name) een cijfer gepubliceerd; het totaal is daarom onbekend. De soorten met cijfers staan hieronder.")
            return result
        } else {
            result.append("Voor \(area.name) zijn in deze periode geen cijfers van deze reeks ingelezen.")
            return result
        }
        result.append(trendSentence(area))
        let changes = ([area] + analysis.comparisons).compactMap { series -> String? in
            guard let change = series.change else { return nil }
            if let rate = change.rateChange { return "\(series.name) \(Format.change(rate)) per inwoner" }
            return change.countChange.map { "\(series.name) \(Format.change($0)) in aantal" }
        }
        if let change = area.change, !changes.isEmpty {
            result.append("Van \(change.firstYear) tot \(change.lastYear): " + AnalysisWording.list(changes) + ".")
        }
        return result
    }

    /// What the years with figures say: a trend over three or more years, a comparison of two
    /// years, or the true reason nothing can be said; followed by the years left out.
    static func trendSentence(_ series: RegionSeries, noun: String = "geregistreerde misdrijven") -> String {
        let trend = series.trend
        let judged = trend.judgedYears
        let missing = missingSentence(trend)
        guard let first = judged.first, let last = judged.last else {
            return "Voor deze periode zijn geen cijfers, dus is niets te zeggen over een verandering."
        }
        let span = "\(first)–\(last)"
        let relative = trend.relativeToPopulation ? " per inwoner" : ""
        var sentence: String
        switch (trend.judgement, trend.method) {
        case (.tooFewData, _):
            switch trend.shortfall {
            case .oneYear(let year):
                sentence = "Alleen over \(year) zijn cijfers; over één jaar is niets te zeggen over een verandering."
            case .fewRegistrations(let total):
                sentence = "\(span): te weinig registraties om iets over een verandering te zeggen: \(Format.count(total)) in totaal, minstens \(TrendAnalysis.minimumTotalCount) nodig."
            case .noFigures, nil:
                sentence = "\(span): met deze cijfers is niets te zeggen over een verandering."
            }
        case (.increase, .comparison), (.decrease, .comparison), (.noClearChange, .comparison):
            let from = series.years.first { $0.year == first }!, to = series.years.first { $0.year == last }!
            let values = trend.relativeToPopulation
                ? "van \(Format.rate(from.ratePerThousand)) naar \(Format.rate(to.ratePerThousand)) per 1.000 inwoners"
                : "van \(Format.count(from.count)) naar \(Format.count(to.count)) \(noun)"
            if trend.judgement == .noClearChange {
                sentence = "\(span): geen duidelijke verandering\(relative) (\(values)); het verschil past bij toeval."
            } else {
                sentence = "\(span): een duidelijke \(trend.judgement.label)\(relative)"
                if let change = trend.changePerPeriod { sentence += " van \(Format.decimal(abs(change) * 100, digits: abs(change) < 0.1 ? 1 : 0)) %" }
                sentence += " (\(values)); toeval is als verklaring \((trend.pValue ?? 1) < 0.001 ? "zeer " : "")onwaarschijnlijk."
            }
        case (.increase, .trend), (.decrease, .trend):
            sentence = "\(span): een \(trend.judgement.label)\(relative)"
            if let change = trend.changePerPeriod { sentence += " van gemiddeld \(Format.change(change)) per jaar" }
            if let interval = trend.interval {
                sentence += " (95%-betrouwbaarheidsinterval \(Format.change(interval.lowerBound)) tot \(Format.change(interval.upperBound)))"
            }
            sentence += "."
        case (.noClearChange, .trend):
            sentence = "\(span): geen duidelijke verandering\(relative); de verschillen tussen de jaren passen bij toeval."
        }
        return missing.map { sentence + " " + $0 } ?? sentence
    }

    /// Which years of the period have no figure and what was judged instead.
    static func missingSentence(_ trend: TrendAssessment) -> String? {
        guard !trend.missingYears.isEmpty, let first = trend.judgedYears.first, let last = trend.judgedYears.last else { return nil }
        let outside = trend.missingYears.filter { $0 < first || $0 > last }
        let inside = trend.missingYears.filter { $0 > first && $0 < last }
        var parts: [String] = []
        if !outside.isEmpty {
            let judged = first == last ? "\(first)" : "\(first)–\(last)"
            parts.append("Over \(list(outside.map(String.init))) zijn (nog) geen cijfers; beoordeeld is \(judged).")
        }
        if !inside.isEmpty {
            parts.append("Over \(list(inside.map(String.init))) ontbreekt een cijfer; de andere jaren zijn beoordeeld op hun werkelijke afstand in de tijd.")
        }
        return parts.joined(separator: " ")
    }

    static func districtSentence(_ analysis: SeriesAnalysis) -> String? {
        guard let year = analysis.districtYear, !analysis.districts.isEmpty else { return nil }
        let higher = analysis.districts.filter { $0.standing == .higher }.map(\.name)
        let lower = analysis.districts.filter { $0.standing == .lower }.map(\.name)
        if analysis.districts.allSatisfy({ $0.standing == .unknown }) {
            return "Per wijk in \(year): zonder inwonertallen per wijk of met te weinig registraties is niet te zeggen welke wijk afwijkt."
        }
        if higher.isEmpty && lower.isEmpty {
            return "Per wijk in \(year): geen wijk wijkt duidelijk af van de rest van de gemeente."
        }
        var parts: [String] = []
        if !higher.isEmpty { parts.append("duidelijk meer per inwoner dan de rest van de gemeente in " + list(higher)) }
        if !lower.isEmpty { parts.append("duidelijk minder in " + list(lower)) }
        return "Per wijk in \(year): " + parts.joined(separator: "; ") + "."
    }

    static func monthlySentence(_ pattern: MonthlyPattern) -> String {
        let years = pattern.years.count == 1 ? "\(pattern.years[0])" : "\(pattern.years.first!)–\(pattern.years.last!)"
        switch pattern.judgement {
        case .seasonal:
            var sentence = "Per maand (\(years)): een duidelijk seizoenspatroon"
            if let busiest = pattern.busiestMonth, let quietest = pattern.quietestMonth {
                sentence += ", per dag het meest in \(monthName(busiest)) en het minst in \(monthName(quietest))"
            }
            return sentence + "."
        case .noClearPattern:
            return "Per maand (\(years)): geen duidelijk seizoenspatroon; de verschillen tussen de maanden passen bij toeval en de wisselingen van jaar tot jaar."
        case .tooFewData:
            return "Per maand (\(years)): te weinig gegevens om iets over een seizoenspatroon te zeggen (minstens twee volledige jaren en \(Int(MonthlyPattern.minimumTotal)) registraties nodig)."
        }
    }

    /// What a survey outcome or own series did, worded by its kind.
    static func measureSentence(_ analysis: MeasureAnalysis, area: String) -> String {
        let known = analysis.figures.filter { $0.value != nil }
        guard let first = known.first, let last = known.last else { return "Geen cijfers voor \(area)." }
        let unit = analysis.measure.unit.map { " " + $0 } ?? ""
        switch analysis.kind {
        case .level:
            let digits = AnalysisTables.valueDigits(analysis)
            var sentence = "\(Format.period(last.period)): \(Format.decimal(last.value!, digits: digits))\(unit)"
            guard first.period != last.period else { return sentence + "." }
            sentence += " (\(Format.period(first.period)): \(Format.decimal(first.value!, digits: digits))\(unit))"
            switch analysis.judgement {
            case .increase: return sentence + ": duidelijk hoger dan toen; het verschil is groter dan de foutmarge van de enquête."
            case .decrease: return sentence + ": duidelijk lager dan toen; het verschil is groter dan de foutmarge van de enquête."
            case .noClearChange: return sentence + ": het verschil valt binnen de foutmarge van de enquête, dus geen duidelijke verandering."
            case .tooFewData: return sentence + ". De bron geeft geen foutmarges, dus Regie zegt niet of dit een echte verandering is."
            }
        case .count:
            let series = RegionSeries(name: area, role: .area, years: analysis.years)
            guard !analysis.years.isEmpty else {
                return "\(Format.period(last.period)): \(Format.count(last.value)). Er zijn geen volledige jaren om een ontwikkeling te beoordelen."
            }
            let latest = analysis.years.last { $0.count != nil }
            return (latest.map { "In \($0.year): \(Format.count($0.count)) in totaal. " } ?? "") + trendSentence(series)
        }
    }

    static func standing(_ standing: DistrictStanding) -> String {
        switch standing {
        case .higher: "duidelijk hoger"
        case .lower: "duidelijk lager"
        case .notDifferent: "geen duidelijk verschil"
        case .unknown: "niet te beoordelen"
        }
    }

    static let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    static let monthAbbreviations = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    static func monthName(_ month: Int) -> String { months[month - 1] }

    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " en " + names.last!
    }
}

/// The analysis as plain Dutch text, for the command line.
public enum AnalysisText {
    public static func lines(_ analysis: SafetyAnalysis) -> [String] {
        var lines: [String] = []
        if let years = analysis.years {
            lines.append("Veiligheidsanalyse \(analysis.area.name), \(years.lowerBound)–\(years.upperBound)")
        } else {
            lines.append("Voor \(analysis.area.name) zijn geen cijfers ingelezen.")
        }
        for series in analysis.series where series.hasFigures {
            lines.append("")
            lines.append(series.series.title + (series.source.map { " (tabel \($0))" } ?? ""))
            if series.sourceTable(series.source)?.isExample == true { lines.append("  " + AnalysisWording.exampleNotice) }
            lines += AnalysisWording.sentences(series, area: analysis.area.name).map { "  " + $0 }
            if let sentence = AnalysisWording.districtSentence(series) { lines.append("  " + sentence) }
            if let pattern = series.monthly { lines.append("  " + AnalysisWording.monthlySentence(pattern)) }
        }
        return lines
    }
}

// MARK: - Sources (issue 13 point 7)

extension AnalysisWording {
    /// The notice under police figures that come from invented example data.
    static let exampleNotice = "Let op: verzonnen voorbeeldcijfers, geen echte politiecijfers."
    /// The notice under other figures (CBS inhabitants) that come from invented example data.
    static let examplePopulationNotice = "Let op: verzonnen voorbeeldcijfers, geen echte cijfers."

    /// What a source line is about.
    enum SourceKind: Sendable {
        case years, districts, months, population, districtPopulation

        var label: String {
            switch self {
            case .years: "Bron van de cijfers per jaar"
            case .districts: "Bron van de cijfers per wijk"
            case .months: "Bron van de cijfers per maand"
            case .population: "Bron van het aantal inwoners"
            case .districtPopulation: "Bron van het aantal inwoners per wijk"
            }
        }

        var isPopulation: Bool { self == .population || self == .districtPopulation }
    }

    /// "Bron van de cijfers per jaar: Geregistreerde misdrijven (tabel 47018NED), ingelezen op …",
    /// followed by the notice when the table holds invented figures.
    static func sourceLine(_ kind: SourceKind, _ table: StatisticsTableSummary) -> String {
        "\(kind.label): \(table.sourceName), ingelezen op \(Format.dateTime(table.importedAt))."
            + (table.isExample ? " " + notice(kind, table) : "")
    }

    /// The notice for invented figures of this kind.
    static func notice(_ kind: SourceKind, _ table: StatisticsTableSummary) -> String {
        kind.isPopulation ? examplePopulationNotice : exampleNotice
    }

    /// The source lines of a series, for the page and the downloads: yearly figures and
    /// inhabitants (and, where shown, districts and months), each table once per kind.
    static func sources(_ series: SeriesAnalysis, kinds: [SourceKind] = [.years, .population]) -> [(kind: SourceKind, table: StatisticsTableSummary)] {
        kinds.compactMap { kind in
            let identifier: String? = switch kind {
            case .years: series.source
            case .population: series.area.years.contains { $0.population != nil } ? series.populationSource : nil
            case .districts: series.districts.isEmpty ? nil : series.districtSource
            case .districtPopulation: series.districts.isEmpty ? nil : series.districtPopulationSource
            case .months: series.monthly == nil ? nil : series.monthlySource
            }
            return series.sourceTable(identifier).map { (kind, $0) }
        }
    }

    /// The "Bron:" line of a download: every table the figures come from, with the notice when
    /// one holds invented figures.
    static func csvSource(_ sources: [(kind: SourceKind, table: StatisticsTableSummary)]) -> String? {
        guard !sources.isEmpty else { return nil }
        var notices: [String] = []
        for source in sources where source.table.isExample {
            let notice = notice(source.kind, source.table)
            if !notices.contains(notice) { notices.append(notice) }
        }
        let names = sources.map { "\($0.kind.isPopulation ? "inwoners" : "cijfers"): \($0.table.sourceName)" }
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return "Bron: " + unique.joined(separator: "; ") + "." + notices.map { " " + $0 }.joined()
    }

    /// The short source of a series for the overview: "Titel (tabel X)", marked when invented.
    static func overviewSource(_ series: SeriesAnalysis) -> String {
        guard let table = series.sourceTable(series.source) else { return "" }
        return table.sourceName + (table.isExample ? " – verzonnen voorbeeldcijfers" : "")
    }
}
