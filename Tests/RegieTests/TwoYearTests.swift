import Foundation
@testable import RegieCore
@testable import RegieReports
import Testing

/// Issue 13 points 5 and 6: two years are a comparison, and years without figures are left out
/// of the judgement and named.
@Suite("Two years compared, years without figures")
struct TwoYearTests {
    static func series(_ figures: [(Int, Double?)], population: [Int: Double] = [:]) -> RegionSeries {
        RegionSeries(name: "Testgemeente", role: .area, years: figures.map { YearFigure(year: $0.0, count: $0.1, population: population[$0.0]) })
    }

    /// A plain exact binomial test, summed over every outcome (no shortcuts), to check the
    /// judgement independently of `TrendAnalysis`.
    static func exactP(k: Int, n: Int, p: Double) -> Double {
        func pmf(_ i: Int) -> Double {
            let ways: Double = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            let chance: Double = Double(i) * log(p) + Double(n - i) * log(1 - p)
            return exp(ways + chance)
        }
        let observed = pmf(k)
        return min(1, (0...n).map(pmf).filter { $0 <= observed * (1 + 1e-7) }.reduce(0, +))
    }

    @Test("A decisive pair is a fall, worded as a comparison of two years")
    func decisivePair() {
        let trend = Self.series([(2022, 2512), (2023, 2160)]).trend
        #expect(trend.method == .comparison)
        #expect(trend.judgement == .decrease)
        #expect(abs((trend.pValue ?? 1) - Self.exactP(k: 2160, n: 4672, p: 0.5)) < 1e-9)
        #expect((trend.pValue ?? 1) < 1e-6)
        let sentence = AnalysisWording.trendSentence(Self.series([(2022, 2512), (2023, 2160)]))
        #expect(sentence == "2022–2023: een duidelijke daling van 14 % (van 2.512 naar 2.160 geregistreerde misdrijven); toeval is als verklaring zeer onwaarschijnlijk.")
        #expect(!sentence.contains("trend") && !sentence.contains("per jaar"))
    }

    @Test("An indecisive pair is no clear change")
    func indecisivePair() {
        let sentence = AnalysisWording.trendSentence(Self.series([(2022, 40), (2023, 35)]))
        #expect(sentence == "2022–2023: geen duidelijke verandering (van 40 naar 35 geregistreerde misdrijven); het verschil past bij toeval.")
    }

    @Test("Too little gives the true reason: the total, one year, no figures")
    func trueReasons() {
        let small = Self.series([(2022, 8), (2023, 5)])
        #expect(AnalysisWording.trendSentence(small) == "2022–2023: te weinig registraties om iets over een verandering te zeggen: 13 in totaal, minstens 20 nodig.")
        #expect(small.trend.label == "te weinig registraties (13 in totaal, minstens 20 nodig)")
        let one = Self.series([(2022, nil), (2023, 500)])
        #expect(one.trend.shortfall == .oneYear(2023))
        #expect(AnalysisWording.trendSentence(one).hasPrefix("Alleen over 2023 zijn cijfers; over één jaar is niets te zeggen over een verandering."))
        #expect(Self.series([(2022, nil), (2023, nil)]).trend.shortfall == .noFigures)
        for sentence in [AnalysisWording.trendSentence(small), AnalysisWording.trendSentence(one)] { #expect(!sentence.contains(" of minder dan")) }
    }

    @Test("Two years with population are compared per inhabitant")
    func rateWithPopulation() {
        // Counts rise by 10 %, inhabitants by 10 % too: no change per inhabitant.
        let same = Self.series([(2022, 1000), (2023, 1100)], population: [2022: 50_000, 2023: 55_000])
        #expect(same.trend.relativeToPopulation)
        #expect(same.trend.judgement == .noClearChange)
        #expect(AnalysisWording.trendSentence(same) == "2022–2023: geen duidelijke verandering per inwoner (van 20,0 naar 20,0 per 1.000 inwoners); het verschil past bij toeval.")
        // Without population the same counts are not a clear change either, but 1000 → 1300 is.
        let rise = Self.series([(2022, 1000), (2023, 1300)], population: [2022: 50_000, 2023: 50_000])
        #expect(rise.trend.judgement == .increase)
        #expect(abs((rise.trend.pValue ?? 1) - Self.exactP(k: 1300, n: 2300, p: 0.5)) < 1e-9)
        #expect(AnalysisWording.trendSentence(rise).hasPrefix("2022–2023: een duidelijke stijging per inwoner van 30 % (van 20,0 naar 26,0 per 1.000 inwoners)"))
    }

    @Test("Real pairs of consecutive years per province agree with a plain exact test")
    func realProvincePairs() {
        // From statline-export-47013NED-provincies-2013-2018.csv (CBS 47013NED).
        let pairs: [(String, Int, Double, Double)] = [
            ("1.2.3 Diefstal van brom-, snor-, fietsen, Flevoland", 2016, 1904, 1032),
            ("1.4.3 Openlijk geweld (persoon), Gelderland", 2017, 411, 341),
            ("1.4.2 Moord, doodslag, Limburg", 2013, 267, 234),
            ("1.4.6 Straatroof, Groningen", 2016, 57, 58),
            ("2.5.2 Winkeldiefstal, Drenthe", 2016, 811, 707),
            ("1.4.6 Straatroof, Zeeland", 2015, 31, 33),
            ("1.2.4 Zakkenrollerij, Flevoland", 2017, 294, 216),
        ]
        for (name, year, first, last) in pairs {
            let trend = Self.series([(year, first), (year + 1, last)]).trend
            let p = Self.exactP(k: Int(last), n: Int(first + last), p: 0.5)
            let expected: TrendJudgement = p < 0.05 ? (last > first ? .increase : .decrease) : .noClearChange
            #expect(trend.judgement == expected, "\(name)")
            #expect(abs((trend.pValue ?? 1) - p) < 1e-9 * max(1, p) + 1e-12, "\(name)")
        }
    }

    @Test("A period that runs past the data judges the years with figures and names the missing year")
    func periodPastData() {
        let series = Self.series([(2022, 2512), (2023, 2300), (2024, 2160), (2025, nil)])
        let trend = series.trend
        #expect(trend.judgement == .decrease)
        #expect(trend.judgedYears == [2022, 2023, 2024])
        let sentence = AnalysisWording.trendSentence(series)
        #expect(sentence.hasPrefix("2022–2024: een daling"))
        #expect(sentence.hasSuffix("Over 2025 zijn (nog) geen cijfers; beoordeeld is 2022–2024."))
        // Leading years too, and two years left are a comparison.
        let two = Self.series([(2021, nil), (2022, 2512), (2023, 2160), (2024, nil)])
        #expect(two.trend.method == .comparison)
        #expect(AnalysisWording.trendSentence(two).hasSuffix("Over 2021 en 2024 zijn (nog) geen cijfers; beoordeeld is 2022–2023."))
    }

    @Test("A gap inside the period is judged at the years' true distance")
    func gapAtTrueDistance() {
        // 1000 · 0.9^t for t = 0, 1, 3, 4: with true positions the fall is exactly 10 % a year.
        let counts = [1000, 900, 729, 656.1]
        let judged = TrendAnalysis.assess(counts: counts, positions: [2020, 2021, 2023, 2024])
        #expect(abs((judged.changePerPeriod ?? 0) + 0.1) < 1e-6)
        let consecutive = TrendAnalysis.assess(counts: counts)
        #expect(abs((consecutive.changePerPeriod ?? 0) + 0.1) > 0.01)
        let series = Self.series([(2020, 1000), (2021, 900), (2022, nil), (2023, 729), (2024, 656.1)])
        #expect(abs((series.trend.changePerPeriod ?? 0) + 0.1) < 1e-6)
        #expect(AnalysisWording.trendSentence(series).contains("Over 2022 ontbreekt een cijfer"))
    }
}
