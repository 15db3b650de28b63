import Foundation

/// A figure that is not a crime count: a survey outcome such as "voelt zich wel eens onveilig in
/// de buurt (%)" from the CBS Veiligheidsmonitor, or a municipality's own series (reports of
/// confused behaviour, house closures), followed over the periods it has.
public struct MeasureAnalysis: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Numbers of events: added up to years and judged as counts.
        case count
        /// A percentage, score or average: judged by its margins when the source gives them.
        case level
    }

    public var table: StatisticsTableSummary
    public var measure: StatisticsMeasure
    public var kind: Kind
    /// Values per period, oldest first, with the 95 % margin when published.
    public var figures: [MeasureFigure]
    /// For counts: the totals of complete years.
    public var years: [YearFigure]
    public var judgement: TrendJudgement
    /// The change from the first to the last figure (levels: in points; counts: relative).
    public var change: Double?

    /// A stable reference for indicator links: `table/measure`.
    public var reference: String { "\(table.identifier)/\(measure.key)" }

    /// The measurements of an indicator linked to this figure: yearly totals for counts, the
    /// published values for levels.
    public var measurements: [IndicatorMeasurement] {
        switch kind {
        case .count:
            return years.compactMap { figure in figure.count.map { IndicatorMeasurement(year: figure.year, value: $0, source: table.identifier) } }
        case .level:
            return figures.compactMap { figure in figure.value.map { IndicatorMeasurement(year: figure.period.year, value: $0, source: table.identifier) } }
        }
    }
}

public struct MeasureFigure: Hashable, Sendable {
    public var period: StatisticsPeriod
    public var value: Double?
    public var margin: Double?
}

extension MeasureAnalysis {
    /// Judges a level by its margins: a difference between the first and last figure is only
    /// called a change when it exceeds the margin of the difference (the square root of the sum
    /// of the squared 95 % margins of both, as for two independent samples). Without margins
    /// nothing is judged: a survey percentage without its uncertainty cannot be called a trend.
    static func judgeLevel(_ figures: [MeasureFigure]) -> (TrendJudgement, Double?) {
        let known = figures.filter { $0.value != nil }
        guard let first = known.first, let last = known.last, first.period != last.period else { return (.tooFewData, nil) }
        let difference = last.value! - first.value!
        guard let m1 = first.margin, let m2 = last.margin else { return (.tooFewData, difference) }
        let bound = (m1 * m1 + m2 * m2).squareRoot()
        if abs(difference) <= bound { return (.noClearChange, difference) }
        return (difference > 0 ? .increase : .decrease, difference)
    }

    /// Measures whose unit or title says they are levels rather than counts.
    static func isLevel(_ measure: StatisticsMeasure) -> Bool {
        let unit = (measure.unit ?? "").lowercased()
        return unit.contains("%") || unit.contains("rapportcijfer") || unit.contains("score") || unit.contains("gemiddeld")
            || measure.title.contains("(%)")
    }
}

extension SafetyAnalysisBuilder {
    /// Every other figure for a single region (a municipality or district): survey outcomes and
    /// own series, from tables that are neither crime nor population tables.
    public func otherMeasures(for region: RegionCode, years: ClosedRange<Int>?) async throws -> [MeasureAnalysis] {
        try await repository.reading { repository in
            var result: [MeasureAnalysis] = []
            for summary in try await repository.tables() {
                guard let table = try await repository.table(summary.identifier), table.categoryDimensions.isEmpty,
                      !table.measures.contains(where: { Self.populationMeasures.contains($0.key) || $0.key.hasPrefix(Self.crimeMeasurePrefix) })
                else { continue }
                let margins = Set(table.measures.map(\.key).filter { $0.hasSuffix("_marge") })
                for measure in table.measures where !margins.contains(measure.key) {
                    let observations = try await repository.observations(ObservationQuery(table: summary.identifier, measure: measure.key, regions: .codes([region])))
                    guard observations.contains(where: { $0.value != nil }) else { continue }
                    var marginValues: [StatisticsPeriod: Double] = [:]
                    if margins.contains(measure.key + "_marge") {
                        for observation in try await repository.observations(ObservationQuery(
                            table: summary.identifier, measure: measure.key + "_marge", regions: .codes([region]))) {
                            if let value = observation.value { marginValues[observation.period] = value }
                        }
                    }
                    let figures = observations
                        .filter { years?.contains($0.period.year) ?? true }
                        .sorted { $0.period < $1.period }
                        .map { MeasureFigure(period: $0.period, value: $0.value, margin: marginValues[$0.period]) }
                    guard !figures.isEmpty else { continue }
                    if MeasureAnalysis.isLevel(measure) {
                        let (judgement, change) = MeasureAnalysis.judgeLevel(figures)
                        result.append(MeasureAnalysis(table: summary, measure: measure, kind: .level, figures: figures, years: [],
                                                      judgement: judgement, change: change))
                    } else {
                        let yearly = Self.yearTotals(figures)
                        let series = RegionSeries(name: measure.title, role: .area, years: yearly)
                        result.append(MeasureAnalysis(table: summary, measure: measure, kind: .count, figures: figures, years: yearly,
                                                      judgement: series.trend.judgement, change: series.change?.countChange))
                    }
                }
            }
            return result
        }
    }

    /// Totals per year: a year's own figure, or the sum of its twelve months or four quarters.
    static func yearTotals(_ figures: [MeasureFigure]) -> [YearFigure] {
        let byYear = Dictionary(grouping: figures, by: \.period.year)
        return byYear.keys.sorted().compactMap { year -> YearFigure? in
            let periods = byYear[year]!
            if let whole = periods.first(where: { $0.period == .year(year) }) { return YearFigure(year: year, count: whole.value) }
            let months = periods.filter { if case .month = $0.period { true } else { false } }
            let quarters = periods.filter { if case .quarter = $0.period { true } else { false } }
            let parts = months.count == 12 ? months : quarters.count == 4 ? quarters : []
            guard !parts.isEmpty else { return nil }
            return YearFigure(year: year, count: parts.allSatisfy { $0.value != nil } ? parts.reduce(0) { $0 + $1.value! } : nil)
        }
    }
}
