@testable import RegieCore
import Testing

@Suite("Honest trends")
struct TrendTests {
    @Test("The exact binomial test agrees with the reference implementation")
    func binomial() {
        // Reference values: scipy.stats.binomtest.
        #expect(abs(TrendAnalysis.binomialTwoSidedP(k: 7, n: 20, p: 0.5) - 0.263176) < 1e-5)
        #expect(abs(TrendAnalysis.binomialTwoSidedP(k: 110, n: 210, p: 0.5) - 0.534662) < 1e-5)
        #expect(abs(TrendAnalysis.binomialTwoSidedP(k: 30, n: 50, p: 1.0 / 3) - 0.000126950) < 1e-7)
    }

    @Test("Two periods: small numbers are never a trend, large differences are, modest ones are not")
    func twoPeriods() {
        #expect(TrendAnalysis.compare(first: 5, last: 9).judgement == .tooFewData)
        #expect(TrendAnalysis.compare(first: 500, last: 900).judgement == .increase)
        #expect(TrendAnalysis.compare(first: 900, last: 500).judgement == .decrease)
        let modest = TrendAnalysis.compare(first: 100, last: 110)
        #expect(modest.judgement == .noClearChange)
        #expect(abs(modest.changePerPeriod! - 0.10) < 1e-9)
        // The same counts in a population that grew as fast: no change in the rate.
        #expect(TrendAnalysis.compare(first: 500, last: 900, firstExposure: 10_000, lastExposure: 18_000).judgement == .noClearChange)
    }

    @Test("A steady fall of 10 % a year is called a fall, with its size")
    func steadyFall() throws {
        let result = TrendAnalysis.assess(counts: [1000, 900, 810, 729, 656])
        #expect(result.judgement == .decrease)
        #expect(abs(try #require(result.changePerPeriod) - -0.1000246) < 1e-5)
        #expect(try #require(result.interval).contains(-0.1))
    }

    @Test("Noise around a level is no clear change; too few events or periods is said as such")
    func noise() {
        let flat = TrendAnalysis.assess(counts: [12, 8, 11, 9, 10])
        #expect(flat.judgement == .noClearChange)
        #expect(abs(flat.pValue! - 0.76422) < 1e-4)
        #expect(TrendAnalysis.assess(counts: [1, 3, 2, 5, 6]).judgement == .tooFewData)
        #expect(TrendAnalysis.assess(counts: [400, 600]).judgement == .tooFewData)
    }

    @Test("Counts that jump about more than chance explains get a wider interval, not a trend")
    func overdispersion() throws {
        let result = TrendAnalysis.assess(counts: [100, 150, 90, 160, 110, 170])
        #expect(result.judgement == .noClearChange)
        #expect(abs(try #require(result.dispersion) - 8.67244) < 1e-3)
        #expect(abs(try #require(result.pValue) - 0.286215) < 1e-4)
    }

    @Test("Counts that only follow the population are no change in the rate")
    func rates() {
        let result = TrendAnalysis.assess(counts: [100, 105, 110, 116, 122], exposures: [10_000, 10_500, 11_000, 11_600, 12_200])
        #expect(result.judgement == .noClearChange)
        #expect(abs(result.changePerPeriod!) < 1e-9)
        #expect(TrendAnalysis.assess(counts: [100, 105, 110, 116, 122]).judgement == .noClearChange)
        #expect(TrendAnalysis.assess(counts: [1000, 1050, 1100, 1160, 1220]).judgement == .increase)
    }
}
