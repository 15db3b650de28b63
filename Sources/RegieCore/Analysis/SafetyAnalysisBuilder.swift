import Foundation

/// Builds a ``SafetyAnalysis`` from the imported tables: it finds the crime tables that carry a
/// series' crime types, the population table for rates, and fetches only the regions, crime
/// types and periods it needs, a few queries per table whatever the number of series.
public struct SafetyAnalysisBuilder: Sendable {
    let repository: any StatisticsRepository

    /// Measures that count inhabitants (CBS 37230ned at 1 January; the neighbourhood key
    /// figures; Regie's own template).
    public static let populationMeasures = ["BevolkingAanHetBeginVanDePeriode_1", "AantalInwoners_5", "AantalInwoners", "Bevolking", "inwoners"]
    /// Measures of police-registered crime (`GeregistreerdeMisdrijven_1`).
    public static let crimeMeasurePrefix = "GeregistreerdeMisdrijven"
    /// Years in the analysis when the plan does not choose them.
    public static let defaultYears = 5
    static let countryCodes = ["NL00", "NL01"].compactMap(RegionCode.init)

    public init(repository: any StatisticsRepository) {
        self.repository = repository
    }

    /// A crime table as the builder uses it.
    struct CrimeTable {
        var summary: StatisticsTableSummary
        var table: StatisticsTable
        var measure: String
        /// Crime-type keys the table lists (empty when the table came without a code list).
        var codes: Set<String>
        /// Yearly totals: region → year → crime type → value (nil = not published).
        var values: [RegionCode: [Int: [String: Double?]]] = [:]
        /// The area's monthly totals (its regions added up): month → crime type → value.
        var months: [StatisticsPeriod: [String: Double?]] = [:]

        func carries(_ series: CrimeSeries) -> Bool {
            codes.isEmpty || series.crimeTypes.allSatisfy(codes.contains)
        }
    }

    public func analyse(_ area: AnalysisArea, series: [CrimeSeries], years requested: YearRange? = nil) async throws -> SafetyAnalysis {
        try await repository.reading { session in
            try await SafetyAnalysisBuilder(repository: session).build(area, series: series, years: requested)
        }
    }

    private func build(_ area: AnalysisArea, series: [CrimeSeries], years requested: YearRange?) async throws -> SafetyAnalysis {
        let summaries = try await repository.tables()
        var crimeTables: [CrimeTable] = []
        var populationTables: [(summary: StatisticsTableSummary, measure: String)] = []
        let wanted = Set(series.flatMap(\.crimeTypes))
        for summary in summaries {
            guard let table = try await repository.table(summary.identifier) else { continue }
            if let population = table.measures.first(where: { Self.populationMeasures.contains($0.key) }) {
                populationTables.append((summary, population.key))
            }
            guard table.categoryDimensions.count == 1,
                  let measure = table.measures.first(where: { $0.key.hasPrefix(Self.crimeMeasurePrefix) }) else { continue }
            let codes = Set((table.categoryTitles[table.categoryDimensions[0]] ?? [:]).keys)
            guard codes.isEmpty || !codes.isDisjoint(with: wanted) else { continue }
            crimeTables.append(CrimeTable(summary: summary, table: table, measure: measure.key, codes: codes))
        }

        // One query per crime table for the yearly totals of the area, its comparison regions
        // and the country, added up by the database.
        let groupRegions = area.groups.flatMap(\.municipalities).compactMap { RegionCode($0.rawValue) }
        let fetchRegions = Array(Set(area.regions + groupRegions + area.comparisonRegions + Self.countryCodes)).sorted()
        let requestedYears = requested.map { $0.first...$0.last }
        for index in crimeTables.indices {
            let codes = crimeTables[index].codes.isEmpty ? wanted : wanted.intersection(crimeTables[index].codes)
            // Without chosen years, the last five complete ones are wanted: fetch one more than
            // that back from the area's latest period (the latest year may be incomplete).
            var fetchYears = requestedYears
            if fetchYears == nil {
                guard let latest = try await repository.latestPeriod(table: crimeTables[index].summary.identifier,
                                                                     measure: crimeTables[index].measure, regions: area.regions) else { continue }
                fetchYears = (latest.year - Self.defaultYears)...latest.year
            }
            let totals = try await repository.yearlyTotals(ObservationQuery(
                table: crimeTables[index].summary.identifier, measure: crimeTables[index].measure,
                regions: .codes(fetchRegions), categories: codes.sorted()), years: fetchYears)
            for total in totals {
                crimeTables[index].values[total.region, default: [:]][total.year, default: [:]][total.category] = total.value
            }
        }

        // Which years: the plan's choice, or the last five with figures for the area. Invented
        // example figures do not stretch the years when real figures exist for the area.
        func latestYear(_ table: CrimeTable) -> Int? {
            series.filter(table.carries).compactMap { Self.figureYears(Self.yearlyCounts(table, regions: area.regions, codes: $0.crimeTypes)).max() }.max()
        }
        let realLatest = crimeTables.filter { !$0.summary.isExample }.compactMap(latestYear).max()
        let latest = realLatest ?? crimeTables.compactMap(latestYear).max()
        let years: ClosedRange<Int>? = requestedYears ?? latest.map { ($0 - Self.defaultYears + 1)...$0 }

        // The area's months, for the monthly pattern, from tables that have them.
        if let years {
            let monthPeriods = years.flatMap { year in (1...12).map { StatisticsPeriod.month(year, $0) } }
            for index in crimeTables.indices where area.regions.contains(where: { crimeTables[index].values[$0] != nil }) {
                let codes = crimeTables[index].codes.isEmpty ? wanted : wanted.intersection(crimeTables[index].codes)
                for total in try await repository.periodTotals(ObservationQuery(
                    table: crimeTables[index].summary.identifier, measure: crimeTables[index].measure,
                    regions: .codes(area.regions), categories: codes.sorted(), periods: monthPeriods), skippingMissing: false) {
                    crimeTables[index].months[total.period, default: [:]][total.category] = total.value
                }
            }
        }

        // Population of the area's municipalities, the groups and the country.
        let population = try await populationFigures(populationTables, area: area, years: years)

        var results: [SeriesAnalysis] = []
        var districtCache: [String: DistrictData] = [:]
        for item in series {
            var analysis = SeriesAnalysis(series: item, source: nil, area: RegionSeries(name: area.name, role: .area, years: []),
                                          comparisons: [], districts: [], districtYear: nil, districtPopulationYear: nil,
                                          monthly: nil, monthlySource: nil)
            guard let years else { results.append(analysis); continue }
            let candidates = crimeTables.filter { $0.carries(item) }
            let scored = candidates.map { table -> (CrimeTable, [Int: Double?]) in
                (table, Self.yearlyCounts(table, regions: area.regions, codes: item.crimeTypes))
            }
            // Figures for the area, real before example, most years, latest year, newest import.
            guard let (table, counts) = TableChoice.best(scored, by: { candidate in
                TableChoice(candidate.0.summary, years: Self.figureYears(candidate.1, in: years))
            }), !counts.isEmpty else { results.append(analysis); continue }

            analysis.source = table.summary.identifier
            analysis.area = RegionSeries(name: area.name, role: .area, years: years.map {
                YearFigure(year: $0, count: counts[$0] ?? nil, population: population.area[$0])
            })
            if item.crimeTypes.count > 1 {
                analysis.parts = item.crimeTypes.map { code in
                    let partCounts = Self.yearlyCounts(table, regions: area.regions, codes: [code])
                    let title = table.table.categoryDimensions.first.map { table.table.title(ofCategory: code, in: $0) } ?? code
                    return CrimeTypeSeries(code: code, title: title, series: RegionSeries(name: title, role: .area, years: years.map {
                        YearFigure(year: $0, count: partCounts[$0] ?? nil, population: population.area[$0])
                    }))
                }
            }
            for group in area.groups {
                let regions = group.municipalities.compactMap { RegionCode($0.rawValue) }
                let groupCounts = Self.yearlyCounts(table, regions: regions, codes: item.crimeTypes)
                analysis.comparisons.append(RegionSeries(name: group.name, role: .group, years: years.map {
                    YearFigure(year: $0, count: groupCounts[$0] ?? nil, population: population.groups[group.name]?[$0])
                }, region: regions.count == 1 ? regions[0] : nil, collaboration: group.collaboration))
            }
            for region in area.comparisonRegions {
                let regionCounts = Self.yearlyCounts(table, regions: [region], codes: item.crimeTypes)
                guard regionCounts.values.contains(where: { $0 != nil }) else { continue }
                let name = try await repository.regionNames(table: table.summary.identifier, regions: .codes([region]))[region] ?? region.rawValue
                analysis.comparisons.append(RegionSeries(name: name, role: .region, years: years.map {
                    YearFigure(year: $0, count: regionCounts[$0] ?? nil)
                }, region: region))
            }
            if let country = Self.countryCodes.first(where: { table.values[$0] != nil }) {
                let countryCounts = Self.yearlyCounts(table, regions: [country], codes: item.crimeTypes)
                analysis.comparisons.append(RegionSeries(name: "Nederland", role: .country, years: years.map {
                    YearFigure(year: $0, count: countryCounts[$0] ?? nil, population: population.country[$0])
                }))
            }

            // Districts, for one municipality.
            if area.district == nil, area.municipalities.count == 1, let municipality = area.municipalities.first {
                var loaded: [DistrictData] = []
                // Real tables first: example tables are not read when a real one has districts.
                for candidate in candidates.filter({ !$0.summary.isExample }) + candidates.filter(\.summary.isExample) {
                    if candidate.summary.isExample, loaded.contains(where: { !$0.table.summary.isExample }) { break }
                    let key = candidate.summary.identifier
                    if districtCache[key] == nil {
                        districtCache[key] = try await districtData(candidate, municipality: municipality, codes: wanted,
                                                                    years: years, populationTables: populationTables)
                    }
                    if let data = districtCache[key], !data.values.isEmpty { loaded.append(data) }
                }
                // The same rule as for the yearly figures, on the districts' years.
                for data in TableChoice.ranked(loaded, by: { data in
                    TableChoice(data.table.summary, years: Set(data.values.values.flatMap { $0.filter { !$0.value.isEmpty }.keys }))
                }) {
                    Self.judgeDistricts(data, series: item, years: years, into: &analysis)
                    if !analysis.districts.isEmpty {
                        analysis.districtSource = data.table.summary.identifier
                        analysis.districtPopulationSource = data.populationSource
                        break
                    }
                }
            }

            // The monthly pattern, from the best table with complete years of months for the
            // area. Invented monthly figures beside real yearly ones are shown, with the notice
            // that they are invented (docs/safety-analysis.md).
            let monthly = candidates.map { ($0, Self.monthlyTable($0, regions: area.regions, codes: item.crimeTypes, years: years)) }
            if let (candidate, table) = TableChoice.best(monthly, by: { candidate, table in
                TableChoice(candidate.summary, years: table.years, latest: table.years.max().map { .month($0, 12) })
            }), !table.years.isEmpty {
                analysis.monthly = MonthlyPattern.judge(years: table.years, table: table.rows)
                analysis.monthlySource = candidate.summary.identifier
            }
            analysis.populationSource = population.source
            // A comparison without a single known year only adds empty columns.
            analysis.comparisons.removeAll { !$0.hasFigures }
            results.append(analysis)
        }
        let used = Set(results.flatMap { [$0.source, $0.monthlySource, $0.districtSource, $0.districtPopulationSource].compactMap { $0 } })
        let sources = summaries.filter { used.contains($0.identifier) || $0.identifier == population.source }
        for index in results.indices {
            let own = Set([results[index].source, results[index].monthlySource, results[index].districtSource,
                           results[index].districtPopulationSource, results[index].populationSource].compactMap { $0 })
            results[index].sourceTables = sources.filter { own.contains($0.identifier) }
        }
        return SafetyAnalysis(area: area, years: years, series: results, sources: sources,
                              populationSource: population.source)
    }

    // MARK: - Counts

    /// Yearly totals over `regions` and `codes` (the database already turned twelve months into
    /// a year). A year is nil when any part is missing or unpublished; absent when there is
    /// nothing at all for it.
    static func yearlyCounts(_ table: CrimeTable, regions: [RegionCode], codes: [String]) -> [Int: Double?] {
        var years: Set<Int> = []
        for region in regions { years.formUnion((table.values[region] ?? [:]).keys) }
        var result: [Int: Double?] = [:]
        for year in years {
            var total: Double? = 0
            for region in regions {
                for code in codes {
                    guard let running = total, let value = table.values[region]?[year]?[code], let value else { total = nil; break }
                    total = running + value
                }
            }
            result[year] = .some(total)
        }
        return result
    }

    /// The years with a published figure, within `range` when given.
    static func figureYears(_ counts: [Int: Double?], in range: ClosedRange<Int>? = nil) -> [Int] {
        counts.compactMap { year, value in value != nil && (range?.contains(year) ?? true) ? year : nil }
    }

    /// The sum of `codes` in one of the area's months; nil when any is missing or unpublished.
    static func monthTotal(_ table: CrimeTable, codes: [String], period: StatisticsPeriod) -> Double? {
        guard let values = table.months[period] else { return nil }
        var total = 0.0
        for code in codes {
            guard let value = values[code], let value else { return nil }
            total += value
        }
        return total
    }

    static func monthlyTable(_ table: CrimeTable, regions: [RegionCode], codes: [String], years: ClosedRange<Int>) -> (years: [Int], rows: [[Double]]) {
        var usedYears: [Int] = []
        var rows: [[Double]] = []
        for year in years {
            let row = (1...12).map { monthTotal(table, codes: codes, period: .month(year, $0)) }
            if row.allSatisfy({ $0 != nil }) {
                usedYears.append(year)
                rows.append(row.map { $0! })
            }
        }
        return (usedYears, rows)
    }

    // MARK: - Population

    struct Population {
        var area: [Int: Double] = [:]
        var groups: [String: [Int: Double]] = [:]
        var country: [Int: Double] = [:]
        var source: String?
    }

    /// Inhabitants per year, added up over municipalities; a year where one municipality has no
    /// figure gets none (a partial sum would inflate the rate).
    func populationFigures(_ tables: [(summary: StatisticsTableSummary, measure: String)], area: AnalysisArea,
                           years: ClosedRange<Int>?) async throws -> Population {
        var result = Population()
        guard let years else { return result }
        let periods = years.map { StatisticsPeriod.year($0) }
        let regions = Array(Set(area.regions + area.groups.flatMap(\.municipalities).compactMap { RegionCode($0.rawValue) })).sorted()
        var found: [(summary: StatisticsTableSummary, measure: String, values: [RegionCode: [Int: Double]])] = []
        for (summary, measure) in tables {
            let observations = try await repository.observations(ObservationQuery(
                table: summary.identifier, measure: measure, regions: .codes(regions), periods: periods))
            guard !observations.isEmpty else { continue }
            var values: [RegionCode: [Int: Double]] = [:]
            for observation in observations { if let value = observation.value { values[observation.region, default: [:]][observation.period.year] = value } }
            found.append((summary, measure, values))
        }
        // Figures for the area, real before example, most years, latest year, newest import.
        let areaYears = { (values: [RegionCode: [Int: Double]]) in
            years.filter { year in !area.regions.isEmpty && area.regions.allSatisfy { values[$0]?[year] != nil } }
        }
        if let (summary, measure, values) = TableChoice.best(found, by: { TableChoice($0.summary, years: areaYears($0.values)) }) {
            func total(_ regions: [RegionCode], _ year: Int) -> Double? {
                var sum = 0.0
                for region in regions {
                    guard let value = values[region]?[year] else { return nil }
                    sum += value
                }
                return sum
            }
            for year in years {
                result.area[year] = total(area.regions, year)
                for group in area.groups {
                    result.groups[group.name, default: [:]][year] = total(group.municipalities.compactMap { RegionCode($0.rawValue) }, year)
                }
            }
            // The country: every municipality that existed that year, added up by the database.
            for total in try await repository.periodTotals(ObservationQuery(
                table: summary.identifier, measure: measure, regions: .level(.municipality), periods: periods), skippingMissing: true) {
                if let value = total.value { result.country[total.period.year, default: 0] += value }
            }
            result.source = summary.identifier
        }
        return result
    }

    // MARK: - Districts

    struct DistrictData {
        var table: CrimeTable
        /// District → year → crime type → total (nil = not published).
        var values: [RegionCode: [Int: [String: Double?]]]
        var names: [RegionCode: String]
        /// District → year → inhabitants.
        var population: [RegionCode: [Int: Double]]
        /// The table the inhabitants come from.
        var populationSource: String?
    }

    /// Yearly totals per district, added up by the database (a monthly national table holds
    /// hundreds of thousands of figures for a city's districts).
    func districtData(_ table: CrimeTable, municipality: MunicipalityCode, codes: Set<String>, years: ClosedRange<Int>,
                      populationTables: [(summary: StatisticsTableSummary, measure: String)]) async throws -> DistrictData {
        let identifier = table.summary.identifier
        let wanted = table.codes.isEmpty ? codes : codes.intersection(table.codes)
        // The districts by name first: asking for their codes lets the database seek each
        // district, crime type and period instead of scanning every figure of a city's districts.
        // Only the last two years are needed to judge the latest.
        let names = try await repository.regionNames(table: identifier, regions: .within(municipality, .district))
        let regions: RegionSelection = names.isEmpty ? .within(municipality, .district) : .codes(names.keys.sorted())
        var values: [RegionCode: [Int: [String: Double?]]] = [:]
        for total in try await repository.yearlyTotals(ObservationQuery(
            table: identifier, measure: table.measure, regions: regions, categories: wanted.sorted()),
            years: max(years.lowerBound, years.upperBound - 1)...years.upperBound) {
            values[total.region, default: [:]][total.year, default: [:]][total.category] = total.value
        }
        guard !values.isEmpty else { return DistrictData(table: table, values: [:], names: [:], population: [:], populationSource: nil) }
        // Inhabitants per district: from district figures, or added up from neighbourhoods
        // (a neighbourhood code starts with its district's digits).
        var found: [(summary: StatisticsTableSummary, population: [RegionCode: [Int: Double]])] = []
        for (summary, measure) in populationTables {
            var population: [RegionCode: [Int: Double]] = [:]
            for level in [RegionLevel.district, .neighbourhood] {
                let observations = try await repository.observations(ObservationQuery(
                    table: summary.identifier, measure: measure, regions: .within(municipality, level)))
                for observation in observations {
                    guard let value = observation.value,
                          let district = RegionCode("WK" + observation.region.rawValue.dropFirst(2).prefix(6)) else { continue }
                    population[district, default: [:]][observation.period.year, default: 0] += value
                }
                if !population.isEmpty { break }
            }
            if !population.isEmpty { found.append((summary, population)) }
        }
        // Real before example, most years, latest year, newest import.
        let chosen = TableChoice.best(found) { TableChoice($0.summary, years: Set($0.population.values.flatMap(\.keys))) }
        return DistrictData(table: table, values: values, names: names, population: chosen?.population ?? [:],
                            populationSource: chosen?.summary.identifier)
    }

    /// Compares each district's registrations per inhabitant with the rest of the municipality
    /// in the latest year, with the exact conditional test and a Bonferroni correction for the
    /// number of districts, so that one of twenty districts is not called remarkable by chance.
    static func judgeDistricts(_ data: DistrictData, series: CrimeSeries, years: ClosedRange<Int>, into analysis: inout SeriesAnalysis) {
        let districts = data.values.keys.sorted()
        let perDistrict = districts.map { district -> (RegionCode, [Int: Double?]) in
            var counts: [Int: Double?] = [:]
            for (year, values) in data.values[district] ?? [:] {
                var total: Double? = 0
                for code in series.crimeTypes {
                    guard let value = values[code], let value, let sum = total else { total = nil; break }
                    total = sum + value
                }
                counts[year] = .some(total)
            }
            return (district, counts)
        }
        guard let year = years.reversed().first(where: { year in perDistrict.contains { ($0.1[year] ?? nil) != nil } }) else { return }
        let populationYears = Set(data.population.values.flatMap(\.keys))
        let populationYear = populationYears.min { abs($0 - year) < abs($1 - year) }
        var figures = perDistrict.map { region, counts in
            DistrictFigure(region: region, name: data.names[region] ?? region.rawValue, count: counts[year] ?? nil,
                           population: populationYear.flatMap { data.population[region]?[$0] }, standing: .unknown, pValue: nil)
        }
        let judged = figures.filter { $0.count != nil && ($0.population ?? 0) > 0 }
        let totalCount = judged.reduce(0) { $0 + $1.count! }
        let totalPopulation = judged.reduce(0) { $0 + $1.population! }
        if judged.count >= 2, totalCount >= Double(TrendAnalysis.minimumTotalCount) {
            for index in figures.indices {
                guard let count = figures[index].count, let inhabitants = figures[index].population, inhabitants > 0 else { continue }
                let share = inhabitants / totalPopulation
                let p = min(1, TrendAnalysis.binomialTwoSidedP(k: Int(count.rounded()), n: Int(totalCount.rounded()), p: share) * Double(judged.count))
                figures[index].pValue = p
                let expected = totalCount * share
                figures[index].standing = p < TrendAnalysis.alpha ? (count > expected ? .higher : .lower) : .notDifferent
            }
        }
        analysis.districts = figures.sorted { ($0.ratePerThousand ?? -1, $0.count ?? -1) > ($1.ratePerThousand ?? -1, $1.count ?? -1) }
        analysis.districtYear = year
        analysis.districtPopulationYear = populationYear
    }
}
