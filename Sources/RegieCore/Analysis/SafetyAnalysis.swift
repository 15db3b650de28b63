import Foundation

/// What the safety analysis is about: a municipality, the municipalities of a collaboration,
/// or one district, with the regions to compare it with.
public struct AnalysisArea: Hashable, Sendable {
    public var name: String
    /// The municipalities whose figures are added up (one for a municipality).
    public var municipalities: [MunicipalityCode]
    /// Set when the area is one district (wijk) of the municipality.
    public var district: RegionCode?
    /// Groups to compare with, such as the collaboration a municipality is in.
    public var groups: [ComparisonGroup]
    /// Other regions to compare with, such as the police unit (`RE09`).
    public var comparisonRegions: [RegionCode]

    public init(name: String, municipalities: [MunicipalityCode], district: RegionCode? = nil,
                groups: [ComparisonGroup] = [], comparisonRegions: [RegionCode] = []) {
        self.name = name
        self.municipalities = municipalities
        self.district = district
        self.groups = groups
        self.comparisonRegions = comparisonRegions
    }

    /// The region codes whose figures make up the area.
    public var regions: [RegionCode] {
        if let district { return [district] }
        return municipalities.compactMap { RegionCode($0.rawValue) }
    }
}

/// A set of municipalities compared as one, such as a police base team's collaboration.
public struct ComparisonGroup: Hashable, Sendable {
    public var name: String
    public var municipalities: [MunicipalityCode]
    /// The collaboration the group is, when it is one (it then has an analysis of its own).
    public var collaboration: Key?

    public init(name: String, municipalities: [MunicipalityCode]) {
        self.init(name: name, municipalities: municipalities, collaboration: nil)
    }

    public init(name: String, municipalities: [MunicipalityCode], collaboration: Key?) {
        self.name = name
        self.municipalities = municipalities
        self.collaboration = collaboration
    }
}

/// A region's figure for one year. `count` is nil when the source published no figure for one
/// of the crime types (unknown is not zero).
public struct YearFigure: Hashable, Sendable {
    public var year: Int
    public var count: Double?
    /// Inhabitants on 1 January of the year, when a population table is imported.
    public var population: Double?

    public init(year: Int, count: Double?, population: Double? = nil) {
        self.year = year
        self.count = count
        self.population = population
    }

    /// Registered crimes per 1,000 inhabitants.
    public var ratePerThousand: Double? {
        guard let count, let population, population > 0 else { return nil }
        return count / population * 1_000
    }
}

/// The figures of one region (or group) over the analysis period.
public struct RegionSeries: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable {
        case area, group, region, country
    }

    public var name: String
    public var role: Role
    public var years: [YearFigure]
    /// For a comparison: the region it is (a police unit, or the municipality a district lies in),
    /// or the collaboration; nil for the area itself and the country.
    public var region: RegionCode?
    public var collaboration: Key?

    public init(name: String, role: Role, years: [YearFigure]) {
        self.init(name: name, role: role, years: years, region: nil, collaboration: nil)
    }

    public init(name: String, role: Role, years: [YearFigure], region: RegionCode?, collaboration: Key? = nil) {
        self.name = name
        self.role = role
        self.years = years
        self.region = region
        self.collaboration = collaboration
    }

    public var hasFigures: Bool { years.contains { $0.count != nil } }

    /// From the first to the last year with a figure, tested with the exact test for two counts
    /// (relative to population when both years have it).
    public var change: SeriesChange? {
        let known = years.filter { $0.count != nil }
        guard let first = known.first, let last = known.last, first.year < last.year,
              let firstCount = first.count, let lastCount = last.count else { return nil }
        let withRates = first.population != nil && last.population != nil
        let test = TrendAnalysis.compare(first: firstCount, last: lastCount,
                                         firstExposure: withRates ? first.population! : 1,
                                         lastExposure: withRates ? last.population! : 1)
        return SeriesChange(firstYear: first.year, lastYear: last.year, firstCount: firstCount, lastCount: lastCount,
                            countChange: firstCount > 0 ? lastCount / firstCount - 1 : nil,
                            rateChange: withRates && firstCount > 0 ? (lastCount / last.population!) / (firstCount / first.population!) - 1 : nil,
                            test: test)
    }

    /// The judgement of the years with figures: leading, trailing and in-between years without
    /// a figure are left out (and named in `missingYears`), in-between ones at their true distance
    /// in time. Three or more years get a trend; two years are compared with the exact test of
    /// two counts. Relative to population when every judged year has it.
    public var trend: TrendAssessment {
        let known = years.filter { $0.count != nil }
        let counts = known.compactMap(\.count)
        let populations = known.compactMap(\.population)
        let exposures = !counts.isEmpty && populations.count == counts.count ? populations : nil
        let total = counts.reduce(0, +)
        var result: TrendAssessment
        if known.isEmpty {
            result = TrendAssessment(judgement: .tooFewData)
            result.shortfall = .noFigures
        } else if known.count == 1 {
            result = TrendAssessment(judgement: .tooFewData)
            result.shortfall = .oneYear(known[0].year)
        } else if total < Double(TrendAnalysis.minimumTotalCount) {
            result = TrendAssessment(judgement: .tooFewData)
            result.shortfall = .fewRegistrations(total: total)
        } else if known.count == 2 {
            result = TrendAnalysis.compare(first: counts[0], last: counts[1],
                                           firstExposure: exposures?[0] ?? 1, lastExposure: exposures?[1] ?? 1)
            result.method = .comparison
        } else {
            result = TrendAnalysis.assess(counts: counts, exposures: exposures, positions: known.map { Double($0.year) })
        }
        result.judgedYears = known.map(\.year)
        result.missingYears = years.filter { $0.count == nil }.map(\.year)
        result.relativeToPopulation = exposures != nil
        return result
    }
}

/// The change between the first and last year of a series.
public struct SeriesChange: Hashable, Sendable {
    public var firstYear: Int
    public var lastYear: Int
    public var firstCount: Double
    public var lastCount: Double
    /// Relative change of the count (0.1 = +10 %); nil when the first count is zero.
    public var countChange: Double?
    /// Relative change of the rate per inhabitant.
    public var rateChange: Double?
    public var test: TrendAssessment
}

/// How a district compares with the rest of its municipality.
public enum DistrictStanding: String, Hashable, Sendable, CaseIterable {
    /// Clearly more registrations per inhabitant than the rest of the municipality.
    case higher
    /// Clearly fewer.
    case lower
    /// Within what chance explains.
    case notDifferent
    /// No population or too few registrations to judge.
    case unknown
}

/// A district's figure in the latest year.
public struct DistrictFigure: Hashable, Sendable {
    public var region: RegionCode
    public var name: String
    public var count: Double?
    public var population: Double?
    public var standing: DistrictStanding
    public var pValue: Double?

    public var ratePerThousand: Double? {
        guard let count, let population, population > 0 else { return nil }
        return count / population * 1_000
    }
}

/// Registrations per calendar month, added up over complete years.
public struct MonthlyPattern: Hashable, Sendable {
    public enum Judgement: String, Hashable, Sendable {
        /// Some months clearly differ from others, beyond chance and year-to-year variation.
        case seasonal
        case noClearPattern
        case tooFewData
    }

    public var years: [Int]
    /// Counts for January to December.
    public var counts: [Double]
    public var judgement: Judgement
    public var pValue: Double?
    /// 1-based months with the highest and lowest count per day.
    public var busiestMonth: Int?
    public var quietestMonth: Int?

    /// Below this total the pattern is not judged.
    public static let minimumTotal = 100.0

    /// Judges whether registrations depend on the month. The months' totals are compared with
    /// what their number of days would give; the chi-square statistic is divided by the
    /// dispersion that the month-by-year table shows beyond Poisson variation (quasi-Poisson),
    /// so a year with one busy autumn is not taken for a season.
    public static func judge(years: [Int], table: [[Double]]) -> MonthlyPattern {
        let counts = (0..<12).map { month in table.reduce(0) { $0 + $1[month] } }
        let total = counts.reduce(0, +)
        let days = (1...12).map { month in years.reduce(0.0) { $0 + Double(CalendarDate.days(inMonth: month, year: $1)) } }
        let perDay = zip(counts, days).map { $0 / $1 }
        let busiest = perDay.indices.max { perDay[$0] < perDay[$1] }.map { $0 + 1 }
        let quietest = perDay.indices.min { perDay[$0] < perDay[$1] }.map { $0 + 1 }
        guard years.count >= 2, total >= minimumTotal else {
            return MonthlyPattern(years: years, counts: counts, judgement: .tooFewData, pValue: nil,
                                  busiestMonth: nil, quietestMonth: nil)
        }
        let allDays = days.reduce(0, +)
        var statistic = 0.0
        for month in 0..<12 {
            let expected = total * days[month] / allDays
            statistic += (counts[month] - expected) * (counts[month] - expected) / expected
        }
        // Dispersion from the year × month table: Pearson statistic of independence over its
        // degrees of freedom, never below 1.
        let yearTotals = table.map { $0.reduce(0, +) }
        var pearson = 0.0
        for (y, row) in table.enumerated() {
            for month in 0..<12 {
                let expected = yearTotals[y] * counts[month] / total
                if expected > 0 { pearson += (row[month] - expected) * (row[month] - expected) / expected }
            }
        }
        let dispersion = max(1, pearson / Double((years.count - 1) * 11))
        let p = Distributions.chiSquareSurvival(statistic / dispersion, degreesOfFreedom: 11)
        return MonthlyPattern(years: years, counts: counts, judgement: p < TrendAnalysis.alpha ? .seasonal : .noClearPattern,
                              pValue: p, busiestMonth: busiest, quietestMonth: quietest)
    }
}

/// The analysis of one series for an area.
public struct SeriesAnalysis: Hashable, Sendable {
    public var series: CrimeSeries
    /// The table the yearly figures come from.
    public var source: String?
    public var area: RegionSeries
    /// Groups, other regions and the country, in that order.
    public var comparisons: [RegionSeries]
    public var districts: [DistrictFigure]
    public var districtYear: Int?
    /// The year of the population figures used for the districts.
    public var districtPopulationYear: Int?
    public var monthly: MonthlyPattern?
    public var monthlySource: String?
    /// For a series of several crime types: each type's figures for the area.
    public var parts: [CrimeTypeSeries] = []
    /// The tables the district figures and their inhabitants come from.
    public var districtSource: String?
    public var districtPopulationSource: String?
    /// The table the area's inhabitants come from.
    public var populationSource: String?
    /// The summaries of every table this series uses (yearly, monthly, district, population),
    /// for its source lines and the notice on invented example figures.
    public var sourceTables: [StatisticsTableSummary] = []

    /// The summary of one of the series' tables.
    public func sourceTable(_ identifier: String?) -> StatisticsTableSummary? {
        identifier.flatMap { identifier in sourceTables.first { $0.identifier == identifier } }
    }

    /// Whether any figure of the series comes from invented example data.
    public var usesExampleData: Bool { sourceTables.contains(where: \.isExample) }

    public var trend: TrendAssessment { area.trend }
    /// Whether there is anything to show: the series' total, or at least one of its crime types.
    public var hasFigures: Bool { area.hasFigures || parts.contains { $0.series.hasFigures } }
}

/// One crime type's figures within a series.
public struct CrimeTypeSeries: Hashable, Sendable {
    public var code: String
    public var title: String
    public var series: RegionSeries

    public init(code: String, title: String, series: RegionSeries) {
        self.code = code
        self.title = title
        self.series = series
    }
}

/// A whole analysis: every series for one area over one period.
public struct SafetyAnalysis: Hashable, Sendable {
    public var area: AnalysisArea
    public var years: ClosedRange<Int>?
    public var series: [SeriesAnalysis]
    /// The tables the figures come from, for the source line.
    public var sources: [StatisticsTableSummary]
    public var populationSource: String?

    public func series(_ key: Key) -> SeriesAnalysis? { series.first { $0.series.key == key } }
}

/// How an area's rate compares with a reference region that contains it (the country).
public enum RateComparison: String, Hashable, Sendable {
    case higher, lower, similar, tooFewData

    /// Tests the area's count against the reference rate with the exact conditional test: given
    /// the reference total, the area's share of registrations is binomial with its share of
    /// inhabitants. The area must be part of the reference (a municipality in the country).
    public static func judge(count: Double, population: Double, referenceCount: Double, referencePopulation: Double) -> RateComparison {
        guard count + referenceCount >= Double(TrendAnalysis.minimumTotalCount), population > 0,
              referencePopulation > population, referenceCount >= count else { return .tooFewData }
        let share = population / referencePopulation
        let p = TrendAnalysis.binomialTwoSidedP(k: Int(count.rounded()), n: Int(referenceCount.rounded()), p: share)
        guard p < TrendAnalysis.alpha else { return .similar }
        return count > referenceCount * share ? .higher : .lower
    }
}

extension SeriesAnalysis {
    /// The area's latest year with a figure and how its rate compares with the country's.
    public var latestComparisonWithCountry: (year: Int, comparison: RateComparison)? {
        guard let latest = area.years.last(where: { $0.count != nil }), let count = latest.count, let population = latest.population,
              let country = comparisons.first(where: { $0.role == .country })?.years.first(where: { $0.year == latest.year }),
              let countryCount = country.count, let countryPopulation = country.population else { return nil }
        return (latest.year, RateComparison.judge(count: count, population: population,
                                                  referenceCount: countryCount, referencePopulation: countryPopulation))
    }
}

/// A measurement of an indicator taken from an imported series.
public struct IndicatorMeasurement: Hashable, Sendable {
    public var year: Int
    public var value: Double
    /// The table it comes from.
    public var source: String
    /// The district or neighbourhood measured, when the indicator follows one rather than the plan's area.
    public var area: String?
    /// Whether the table holds invented example figures.
    public var isExample: Bool

    public init(year: Int, value: Double, source: String, area: String? = nil, isExample: Bool = false) {
        self.year = year
        self.value = value
        self.source = source
        self.area = area
        self.isExample = isExample
    }
}

extension SafetyAnalysis {
    /// The yearly measurements of an indicator linked to a series: counts or rates per 1,000
    /// inhabitants, for every year with a figure.
    public func measurements(for link: IndicatorSeriesLink, catalogue: [CrimeSeries]) -> [IndicatorMeasurement] {
        guard let series = SeriesCatalogue.resolve(link.series, in: catalogue),
              let analysis = self.series.first(where: { $0.series.key == series.key }), let source = analysis.source else { return [] }
        return analysis.area.years.compactMap { figure in
            let value = link.measure == .count ? figure.count : figure.ratePerThousand
            return value.map { IndicatorMeasurement(year: figure.year, value: $0, source: source,
                                                    isExample: analysis.sourceTable(source)?.isExample ?? false) }
        }
    }
}

extension Plan {
    /// Every series the plan's themes and indicators are linked to, each once.
    public var linkedSeries: [CrimeSeries] {
        let catalogue = SeriesCatalogue.catalogue(for: self)
        var result: [CrimeSeries] = []
        func add(_ series: CrimeSeries) { if !result.contains(where: { $0.key == series.key }) { result.append(series) } }
        for theme in allThemes {
            SeriesCatalogue.series(for: theme, in: catalogue).forEach(add)
            for indicator in theme.indicators {
                if let link = indicator.series, let series = SeriesCatalogue.resolve(link.series, in: catalogue) { add(series) }
            }
        }
        return result
    }
}
