import Foundation
@testable import RegieCore
import RegieImporter
import RegiePlanFile
import Testing
import VaporTesting

@Suite("Safety analysis")
struct AnalysisTests {
    func theme(_ title: String, key: String, series: [String]? = nil) -> Theme {
        Theme(key: Key(key)!, title: title, role: .priority, analysis: series.map { ThemeAnalysis(series: $0) })
    }

    @Test("Theme words propose default series, only explicit links count; domestic violence is not police violence")
    func themeLinks() {
        let catalogue = SeriesCatalogue.defaults
        // Issue 11: a word in the title is a proposal for the officer, never a link by itself.
        #expect(SeriesCatalogue.series(for: theme("Woninginbraak", key: "inbraak"), in: catalogue).isEmpty)
        #expect(SeriesCatalogue.proposals(for: theme("Woninginbraak", key: "inbraak"), in: catalogue).map(\.key.rawValue) == ["woninginbraak"])
        #expect(SeriesCatalogue.proposals(for: theme("High Impact Crimes: inbraak, overval en geweld", key: "hic"), in: catalogue).map(\.key.rawValue) == ["high-impact-crimes"])
        #expect(SeriesCatalogue.proposals(for: theme("Huiselijk geweld en kindermishandeling", key: "huiselijk-geweld"), in: catalogue).isEmpty)
        #expect(SeriesCatalogue.proposals(for: theme("Geweldszaken inclusief huiselijk geweld", key: "geweld"), in: catalogue).map(\.key.rawValue) == ["geweld"])
        #expect(SeriesCatalogue.proposals(for: theme("Ondermijning", key: "ondermijning"), in: catalogue).map(\.key.rawValue) == ["ondermijning"])
        #expect(SeriesCatalogue.proposals(for: theme("Zorg en veiligheid", key: "zorg"), in: catalogue).isEmpty)
        let explicit = SeriesCatalogue.series(for: theme("Woninginbraak", key: "inbraak", series: ["1.1.2", "geweld"]), in: catalogue)
        #expect(explicit.map(\.crimeTypes) == [["1.1.2"], ["1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7"]])
        #expect(SeriesCatalogue.series(for: theme("Woninginbraak", key: "inbraak", series: []), in: catalogue).isEmpty)
    }

    @Test("Chi-square tail probabilities match tables")
    func chiSquare() {
        #expect(abs(Distributions.chiSquareSurvival(3.841, degreesOfFreedom: 1) - 0.05) < 0.001)
        #expect(abs(Distributions.chiSquareSurvival(5.991, degreesOfFreedom: 2) - 0.05) < 0.001)
        #expect(abs(Distributions.chiSquareSurvival(19.675, degreesOfFreedom: 11) - 0.05) < 0.001)
        #expect(abs(Distributions.chiSquareSurvival(24.725, degreesOfFreedom: 11) - 0.01) < 0.001)
        #expect(abs(Distributions.chiSquareSurvival(4.575, degreesOfFreedom: 11) - 0.95) < 0.001)
    }

    @Test("A monthly pattern is only called seasonal when months differ beyond chance and year-to-year variation")
    func monthlyPattern() {
        let days = [31.0, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        // Counts proportional to the days: no pattern.
        let flat = MonthlyPattern.judge(years: [2021, 2022, 2023], table: Array(repeating: days.map { $0 * 2 }, count: 3))
        #expect(flat.judgement == .noClearPattern)
        // Twice as many in winter, every year.
        let winter = [60.0, 55, 45, 30, 25, 20, 20, 25, 30, 45, 55, 62]
        let seasonal = MonthlyPattern.judge(years: [2021, 2022, 2023], table: Array(repeating: winter, count: 3))
        #expect(seasonal.judgement == .seasonal)
        #expect(seasonal.busiestMonth == 12 || seasonal.busiestMonth == 1)
        #expect(seasonal.quietestMonth == 6 || seasonal.quietestMonth == 7)
        // One busy autumn in one year only is year-to-year variation, not a season.
        var jumpy = Array(repeating: days.map { $0 * 2 }, count: 3)
        jumpy[0][9] = 150; jumpy[1][2] = 150; jumpy[2][5] = 150
        #expect(MonthlyPattern.judge(years: [2021, 2022, 2023], table: jumpy).judgement == .noClearPattern)
        // Small numbers and a single year are not judged.
        #expect(MonthlyPattern.judge(years: [2021, 2022], table: [Array(repeating: 3, count: 12), Array(repeating: 4, count: 12)]).judgement == .tooFewData)
        #expect(MonthlyPattern.judge(years: [2023], table: [winter]).judgement == .tooFewData)
    }

    @Test("A rate is only called higher or lower than the country's when chance is unlikely")
    func rateComparison() {
        #expect(RateComparison.judge(count: 100, population: 80_000, referenceCount: 24_000, referencePopulation: 17_800_000) == .similar)
        #expect(RateComparison.judge(count: 200, population: 80_000, referenceCount: 24_000, referencePopulation: 17_800_000) == .higher)
        #expect(RateComparison.judge(count: 40, population: 80_000, referenceCount: 24_000, referencePopulation: 17_800_000) == .lower)
        #expect(RateComparison.judge(count: 2, population: 1_000, referenceCount: 10, referencePopulation: 20_000) == .tooFewData)
    }

    @Test("A missing year breaks the trend run instead of counting as zero")
    func missingYear() {
        let series = RegionSeries(name: "Proefstad", role: .area, years: [
            YearFigure(year: 2019, count: 500, population: 50_000), YearFigure(year: 2020, count: nil, population: 50_000),
            YearFigure(year: 2021, count: 400, population: 50_000), YearFigure(year: 2022, count: 300, population: 50_000),
            YearFigure(year: 2023, count: 200, population: 50_000),
        ])
        #expect(series.trend.judgement == .decrease)
        #expect(series.change?.firstYear == 2019 && series.change?.lastYear == 2023)
        #expect(abs((series.change?.rateChange ?? 0) - (-0.6)) < 1e-9)
        let short = RegionSeries(name: "Proefstad", role: .area, years: [
            YearFigure(year: 2021, count: 4), YearFigure(year: 2022, count: 9), YearFigure(year: 2023, count: 2),
        ])
        #expect(short.trend.judgement == .tooFewData)
    }

    @Test("Analysis settings, theme links, interpretation and indicator links survive the plan file")
    func planFileRoundTrip() throws {
        let text = minimalPlanFile
            .replacingOccurrences(of: "    rol: prioriteit\n", with: """
                    rol: prioriteit
                    analyse:
                      cijfers: [woninginbraak, "1.1.2"]
                      duiding: |
                        De daling hangt samen met de inzet van buurtpreventie.
                    indicatoren:
                      - sleutel: inbraken
                        naam: Woninginbraken per 1.000 inwoners
                        reeks: woninginbraak
                        maat: per-1000-inwoners

                """)
            + "\n" + """
            veiligheidsanalyse:
              periode: 2019-2023
              vergelijk-met: [RE09]
              reeksen:
                - sleutel: inbraak-breed
                  titel: Inbraak in woning, box en schuur
                  misdrijfsoorten: ["1.1.1", "1.1.2"]

            """
        let plan = try PlanFileReader.read(Data(text.utf8))
        #expect(plan.analysis?.period == YearRange(first: 2019, last: 2023))
        #expect(plan.analysis?.comparisonRegions == [RegionCode("RE09")!])
        #expect(plan.analysis?.series.first?.crimeTypes == ["1.1.1", "1.1.2"])
        let theme = try #require(plan.themes.first)
        #expect(theme.analysis?.series == ["woninginbraak", "1.1.2"])
        #expect(theme.analysis?.interpretation.source.contains("buurtpreventie") == true)
        #expect(theme.indicators.first?.series == IndicatorSeriesLink(series: "woninginbraak", measure: .ratePerThousand))
        #expect(plan.linkedSeries.map(\.key.rawValue) == ["woninginbraak", "soort-1-1-2"])
        let again = try PlanFileReader.read(Data(PlanFileWriter.write(plan).utf8))
        #expect(again == plan)
    }

    @Test("Unknown series, crime types and regions are refused with the place and the choices")
    func badAnalysisInput() {
        let text = minimalPlanFile.replacingOccurrences(of: "    rol: prioriteit\n", with: """
                rol: prioriteit
                analyse:
                  cijfers: [woninginbraakk]
                indicatoren:
                  - sleutel: inbraken
                    naam: Woninginbraken
                    reeks: "9.9"
                    maat: procent

            """) + "\n" + """
            veiligheidsanalyse:
              vergelijk-met: [Oost-Brabant]
              reeksen:
                - sleutel: eigen
                  titel: Eigen reeks
                  misdrijfsoorten: [inbraak]

            """
        let messages = problems(in: text).map(\.description)
        #expect(messages.contains { $0.contains("veiligheidsanalyse.vergelijk-met[0]") && $0.contains("geen regiocode") })
        #expect(messages.contains { $0.contains("veiligheidsanalyse.reeksen[0].misdrijfsoorten[0]") && $0.contains("geen misdrijfsoort") })
        #expect(messages.contains { $0.contains("themas[0].indicatoren[0].maat") && $0.contains("per-1000-inwoners") })
        let modelProblems = messages.joined(separator: "\n")
        // The model rules run once the file's values parse; check them on a parseable variant.
        let parseable = text.replacingOccurrences(of: "[Oost-Brabant]", with: "[RE09]").replacingOccurrences(of: "[inbraak]", with: "[\"1.1.1\"]")
            .replacingOccurrences(of: "maat: procent", with: "maat: aantal")
        let rules = problems(in: parseable).map(\.description)
        #expect(rules.contains { $0.contains("themas[0].analyse.cijfers[0]") && $0.contains("reeks \"woninginbraakk\" bestaat niet") && $0.contains("woninginbraak") }, "\(rules)")
        #expect(rules.contains { $0.contains("themas[0].indicatoren[0].reeks") && $0.contains("\"9.9\"") }, "\(rules) \(modelProblems)")
    }
}

// MARK: - On a database

/// Figures of Meierijstad (GM1948) and its four districts in the 47018NED layout, with a clear
/// fall in burglaries and one district far above the rest in 2023.
let meierijstadRows: [String] = {
    var rows: [String] = []
    func add(_ type: String, _ region: String, _ year: Int, _ value: String) {
        rows.append("\(rows.count);\"\(type) \";\"\(region.padding(toLength: 10, withPad: " ", startingAt: 0))\";\"\(year)JJ00\";\(value);\"Meierijstad\";\"Gemeente\"")
    }
    for (year, count) in zip(2019...2023, [240, 200, 160, 130, 100]) { add("1.1.1", "GM1948", year, String(count)) }
    for (year, count) in zip(2019...2023, [40_000, 36_000, 30_000, 26_000, 24_000]) { add("1.1.1", "NL00", year, String(count)) }
    for (district, count) in [("WK194801", 10), ("WK194802", 15), ("WK194803", 55), ("WK194804", 20)] { add("1.1.1", district, 2023, String(count)) }
    // A figure the police did not publish: that year is unknown, not zero.
    add("1.4.5", "GM1948", 2022, "\".\"")
    add("1.4.5", "GM1948", 2023, "80")
    return rows
}()

/// Inhabitants per district (sums of the 2024 neighbourhood figures of CBS 85984NED).
let meierijstadDistrictPopulation = """
"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5"
"0";"WK194801";"2024JJ00";"7310"
"1";"WK194802";"2024JJ00";"24045"
"2";"WK194803";"2024JJ00";"18485"
"3";"WK194804";"2024JJ00";"34460"
"""

/// Imports the Meierijstad figures, the real population table and the district population.
func importMeierijstadFigures(into app: Application) async throws {
    _ = try await ODataImport.run(directory: try table47018(meierijstadRows), into: app.statistics)
    _ = try await ODataImport.run(file: fixtures.appendingPathComponent("cbs-37230ned-bevolking-gemeenten-typeddataset.csv"),
                                  identifier: nil, into: app.statistics)
    let districts = FileManager.default.temporaryDirectory.appendingPathComponent("regie-85984NED-\(UUID().uuidString).csv")
    try meierijstadDistrictPopulation.write(to: districts, atomically: true, encoding: .utf8)
    _ = try await ODataImport.run(file: districts, identifier: "85984NED", into: app.statistics)
}

extension DatabaseTests {
    @Suite("Safety analysis on imported figures")
    struct AnalysisStorageTests {
        @Test("Counts, rates, the country, the trend and the districts come out of the imported tables")
        func municipality() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                let area = AnalysisArea(name: "Meierijstad", municipalities: [MunicipalityCode("GM1948")!],
                                        groups: [ComparisonGroup(name: "Basisteam Meierij", municipalities: [MunicipalityCode("GM1948")!, MunicipalityCode("GM0757")!])])
                let custom = CrimeSeries(key: Key("mishandeling")!, title: "Mishandeling", crimeTypes: ["1.4.5"])
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics)
                    .analyse(area, series: [SeriesCatalogue.resolve("woninginbraak", in: SeriesCatalogue.defaults)!, custom,
                                            SeriesCatalogue.resolve("geweld", in: SeriesCatalogue.defaults)!])
                #expect(analysis.years == 2019...2023)
                #expect(analysis.populationSource == "37230ned")
                let burglary = try #require(analysis.series(Key("woninginbraak")!))
                #expect(burglary.source == "47018NED")
                #expect(burglary.area.years.map(\.count) == [240, 200, 160, 130, 100])
                #expect(burglary.area.years.map(\.population) == [80_815, 81_194, 81_647, 82_613, 83_715])
                #expect(abs((burglary.area.years.last?.ratePerThousand ?? 0) - 100 / 83_715 * 1_000) < 1e-9)
                #expect(burglary.trend.judgement == .decrease)
                let country = try #require(burglary.comparisons.first { $0.role == .country })
                #expect(country.years.map(\.count) == [40_000, 36_000, 30_000, 26_000, 24_000])
                #expect(country.years.last?.population == 17_811_291)
                #expect(burglary.latestComparisonWithCountry?.comparison == .similar)
                // The group lacks Boxtel's figures: its years are unknown rather than Meierijstad's
                // alone, so it is left out of the comparison.
                #expect(!burglary.comparisons.contains { $0.role == .group })
                #expect(burglary.districtYear == 2023 && burglary.districtPopulationYear == 2024)
                let standing = Dictionary(uniqueKeysWithValues: burglary.districts.map { ($0.name, $0.standing) })
                #expect(standing == ["Sint-Oedenrode": .higher, "Veghel": .lower, "Schijndel": .lower, "Erp": .notDifferent])
                #expect(burglary.districts.first?.name == "Sint-Oedenrode")
                #expect(burglary.monthly == nil)
                let assault = try #require(analysis.series(Key("mishandeling")!))
                #expect(assault.area.years.map(\.count) == [nil, nil, nil, nil, 80])
                #expect(assault.trend.judgement == .tooFewData)
                // Violence is seven crime types; only assault has figures, so the total is unknown
                // while its part is shown with the title from the metadata.
                let violence = try #require(analysis.series(Key("geweld")!))
                #expect(violence.area.years.allSatisfy { $0.count == nil })
                #expect(violence.parts.count == 7)
                let part = try #require(violence.parts.first { $0.code == "1.4.5" })
                #expect(part.title == "Mishandeling")
                #expect(part.series.years.last?.count == 80)
            }
        }

        @Test("Months give a seasonal pattern and add up to years")
        func monthly() async throws {
            try await withTestApp { app in
                let directory = try table47018([])
                let winter = [30, 26, 20, 12, 8, 6, 5, 7, 10, 18, 25, 31]
                var rows: [String] = []
                for year in 2021...2022 {
                    for month in 1...12 {
                        rows.append("\(rows.count);\"1.1.1 \";\"GM1948    \";\"\(year)MM\(String(format: "%02d", month))\";\(winter[month - 1] + year - 2021);\"Meierijstad\";\"Gemeente\"")
                    }
                }
                let header = "\"ID\";\"SoortMisdrijf\";\"WijkenEnBuurten\";\"Perioden\";\"GeregistreerdeMisdrijven_1\";\"Gemeentenaam_2\";\"SoortRegio_3\""
                try ([header] + rows).joined(separator: "\n").write(to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
                let periods = ["\"Key\",\"Title\",\"Description\",\"Status\""] + (2021...2022).flatMap { year in
                    (1...12).map { "\"\(year)MM\(String(format: "%02d", $0))\",\"\(year) \(AnalysisWordingMonths.names[$0 - 1])\",\"\",\"Definitief\"" }
                }
                try periods.joined(separator: "\n").write(to: directory.appendingPathComponent("Perioden.csv"), atomically: true, encoding: .utf8)
                try "\"ID\",\"Title\",\"Identifier\"\n0,\"Misdrijven per maand\",\"47022NED\"".write(to: directory.appendingPathComponent("TableInfos.csv"), atomically: true, encoding: .utf8)
                _ = try await ODataImport.run(directory: directory, into: app.statistics)
                let analysis = try await SafetyAnalysisBuilder(repository: app.statistics).analyse(
                    AnalysisArea(name: "Meierijstad", municipalities: [MunicipalityCode("GM1948")!]),
                    series: [SeriesCatalogue.resolve("woninginbraak", in: SeriesCatalogue.defaults)!])
                let burglary = try #require(analysis.series.first)
                #expect(analysis.years == 2018...2022)
                #expect(burglary.area.years.map(\.count) == [nil, nil, nil, Double(winter.reduce(0, +)), Double(winter.reduce(0, +) + 12)])
                #expect(burglary.monthlySource == "47022NED")
                #expect(burglary.monthly?.years == [2021, 2022])
                #expect(burglary.monthly?.judgement == .seasonal)
                #expect(burglary.monthly?.counts.first == 61)
            }
        }

        @Test("Survey outcomes are judged by their margins, own series as counts, and both show on the page")
        func otherMeasures() async throws {
            try await withTestApp { app in
                let region = RegionCode("GM1948")!
                let survey = StatisticsTable(identifier: "veiligheidsmonitor", title: "Veiligheidsmonitor", categoryDimensions: [],
                                             measures: [StatisticsMeasure(key: "onveilig-in-buurt", title: "Voelt zich wel eens onveilig in buurt", unit: "%"),
                                                        StatisticsMeasure(key: "onveilig-in-buurt_marge", title: "Voelt zich wel eens onveilig in buurt, marge", unit: "%"),
                                                        StatisticsMeasure(key: "rapportcijfer-buurt", title: "Rapportcijfer veiligheid in buurt", unit: "rapportcijfer")])
                let surveyFigures = [
                    Observation(region: region, period: .year(2019), measure: "onveilig-in-buurt", value: 17.7),
                    Observation(region: region, period: .year(2019), measure: "onveilig-in-buurt_marge", value: 1.2),
                    Observation(region: region, period: .year(2023), measure: "onveilig-in-buurt", value: 21.4),
                    Observation(region: region, period: .year(2023), measure: "onveilig-in-buurt_marge", value: 1.3),
                    Observation(region: region, period: .year(2019), measure: "rapportcijfer-buurt", value: 7.3),
                    Observation(region: region, period: .year(2023), measure: "rapportcijfer-buurt", value: 7.2),
                ]
                _ = try await app.statistics.replace(survey, source: "vm.csv") { store in try await store(surveyFigures) }
                let own = StatisticsTable(identifier: "eigen-GM1948", title: "Eigen reeksen Meierijstad", categoryDimensions: [],
                                          measures: [StatisticsMeasure(key: "meldingen-verward-gedrag", title: "Meldingen verward gedrag (E33)")])
                let monthly = (2021...2023).flatMap { year in (1...12).map { month in
                    Observation(region: region, period: .month(year, month), measure: "meldingen-verward-gedrag", value: Double(20 + (year - 2021) * 15))
                } }
                _ = try await app.statistics.replace(own, source: "eigen.csv") { store in try await store(monthly) }

                let others = try await SafetyAnalysisBuilder(repository: app.statistics).otherMeasures(for: region, years: nil)
                let unsafe = try #require(others.first { $0.measure.key == "onveilig-in-buurt" })
                #expect(unsafe.kind == .level && unsafe.judgement == .increase)
                #expect(abs((unsafe.change ?? 0) - 3.7) < 1e-9)
                let grade = try #require(others.first { $0.measure.key == "rapportcijfer-buurt" })
                #expect(grade.judgement == .tooFewData, "no margins, no judgement")
                #expect(!others.contains { $0.measure.key.hasSuffix("_marge") })
                let reports = try #require(others.first { $0.reference == "eigen-GM1948/meldingen-verward-gedrag" })
                #expect(reports.kind == .count)
                #expect(reports.years.map(\.count) == [240, 420, 600])
                #expect(reports.judgement == .increase)
                #expect(reports.measurements.map(\.value) == [240, 420, 600])

                _ = try await app.plans.save([try example("basisteam-meierij-2023-2026.yaml")])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("Veiligheidsmonitor en eigen cijfers"))
                    #expect(body.contains("/gemeenten/GM1948/veiligheidsanalyse/overige-cijfers#overig-0"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/overige-cijfers", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("<h1>Veiligheidsmonitor en eigen cijfers</h1>"))
                    #expect(body.contains("het verschil is groter dan de foutmarge van de enquête"))
                    #expect(body.contains("De bron geeft geen foutmarges"))
                    #expect(body.contains("overig-eigen-gm1948-meldingen-verward-gedrag.csv"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/overig-veiligheidsmonitor-onveilig-in-buurt.csv", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("\"2023\";21,4;1,3"))
                }
            }
        }

        @Test("The analysis is an overview of short rows, each linking to the series' own page with its chart and tables")
        func overviewAndSeriesPages() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save([try example("basisteam-meierij-2023-2026.yaml")])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                // (The fixture has no figures of Boxtel, so the collaboration and its plan have no series with figures.)
                let scopes = ["/gemeenten/GM1948/veiligheidsanalyse": true, "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse": true,
                              "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse": false,
                              "/plannen/basisteam-meierij-2023-2026/veiligheidsanalyse": false]
                for (overview, hasFigures) in scopes {
                    var seriesLinks: [String] = []
                    try await app.testing().test(.GET, overview, headers: officer.headers) { res in
                        #expect(res.status == .ok, "\(overview)")
                        let body = res.body.string
                        // No charts or per-district tables on the overview: one row per series.
                        #expect(!body.contains("<svg"), "\(overview) draws charts")
                        seriesLinks = body.components(separatedBy: "href=\"").dropFirst().compactMap { part in
                            let link = String(part.prefix { $0 != "\"" })
                            return link.hasPrefix(overview + "/reeksen/") ? link : nil
                        }
                        #expect(seriesLinks.isEmpty != hasFigures, "\(overview) links to no series page")
                        #expect(body.utf8.count < 60_000, "\(overview) is \(body.utf8.count) bytes")
                    }
                    for link in Set(seriesLinks) {
                        try await app.testing().test(.GET, link, headers: officer.headers) { res in
                            #expect(res.status == .ok, "\(link)")
                            let body = res.body.string
                            // A series whose total is unknown (only some crime types have figures) shows its parts without a chart.
                            #expect(body.contains("<table class=\"figures\""), "\(link)")
                            if link.hasSuffix("/woninginbraak") { #expect(body.contains("<svg class=\"chart chart-wide\""), "\(link)") }
                            #expect(body.contains("href=\"\(overview)\""), "\(link) links back to the overview")
                        }
                    }
                }
                // The row keeps the series' key as id, so old links to #woninginbraak still land on it.
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse", headers: officer.headers) { res in
                    let body = res.body.string
                    #expect(body.contains("<tr id=\"woninginbraak\"><th scope=\"row\"><a href=\"/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak\">Woninginbraak</a></th><td>2023</td><td class=\"num\">100</td><td class=\"num\">1,19</td>"))
                }
                // The chosen years go along to the series pages.
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse?periode=2020-2023", headers: officer.headers) { res in
                    #expect(res.body.string.contains("/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak?periode=2020-2023"))
                }
                // The district's rows on the series page lead to the district's analysis.
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.body.string.contains("/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse"))
                    #expect(res.body.string.contains("Volgende reeks: "))
                }
                try await app.testing().test(.GET, "/samenwerkingsverbanden/basisteam-meierij/veiligheidsanalyse/overige-cijfers", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("geen cijfers uit de Veiligheidsmonitor"))
                }
            }
        }

        @Test("The analysis pages show figures, judgements, districts and downloads, and refuse bad addresses in Dutch")
        func pages() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save([try example("basisteam-meierij-2023-2026.yaml")])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    let body = res.body.string
                    #expect(body.contains("In 2023 registreerde de politie 100 misdrijven in deze reeks in Meierijstad: 1,19 per 1.000 inwoners."))
                    #expect(body.contains("een daling per inwoner"))
                    #expect(body.contains("Sint-Oedenrode") && body.contains("duidelijk hoger"))
                    #expect(body.contains("<svg class=\"chart chart-wide\"") && body.contains("<svg class=\"chart chart-narrow\"") && body.contains("role=\"img\"") && body.contains("<desc id="))
                    #expect(body.contains("/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse"))
                    #expect(body.contains("/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv"))
                    #expect(!body.contains("<script"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "csv")
                    let lines = res.body.string.components(separatedBy: "\r\n")
                    #expect(lines[0].hasPrefix("\u{FEFF}\"Jaar\";\"Meierijstad: aantal\";\"Meierijstad: per 1.000 inwoners\""))
                    #expect(lines[5].hasPrefix("\"2023\";100;1,19;"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak-wijken.csv", headers: officer.headers) { res in
                    #expect(res.body.string.contains("\"Sint-Oedenrode\";55;18485;2,98;\"duidelijk hoger\""))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/wijken/WK194803/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Veiligheidsanalyse Sint-Oedenrode (Meierijstad)"))
                }
                try await app.testing().test(.GET, "/plannen/basisteam-meierij-2023-2026/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Duiding"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/bestaat-niet", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("geen reeks"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse?periode=2023-2019", headers: officer.headers) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.body.string.contains("De periode \u{201C}2023-2019\u{201D} is niet geldig"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/wijken/WK003701/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                    #expect(res.body.string.contains("Dit is geen wijk van Meierijstad"))
                }
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/geheim.csv", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                }
                try await app.testing().test(.GET, "/gemeenten/GM0001/veiligheidsanalyse", headers: officer.headers) { res in
                    #expect(res.status == .notFound)
                }
            }
        }
    }
}

enum AnalysisWordingMonths {
    static let names = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
}
