import Foundation

/// What a series of counts says, worded honestly: a change is only called a rise or a fall
/// when chance alone is an unlikely explanation, and small numbers are never called a trend.
public enum TrendJudgement: String, Hashable, Sendable, Codable, CaseIterable {
    case increase
    case decrease
    case noClearChange
    /// Too few events (or periods) to say anything.
    case tooFewData
}

/// A statistical assessment of a series of counts (registered crimes, reports), optionally
/// relative to a population, over the chosen periods.
public struct TrendAssessment: Hashable, Sendable {
    public var judgement: TrendJudgement
    /// Estimated change per period (0.05 = 5 % per year), from a log-linear Poisson model.
    public var changePerPeriod: Double?
    /// 95 % confidence interval of `changePerPeriod`.
    public var interval: ClosedRange<Double>?
    /// Two-sided p-value of "no change".
    public var pValue: Double?
    /// How much more variable the counts are than pure chance (≥ 1); the interval is widened by it.
    public var dispersion: Double?
    /// How the change was judged: a trend over three or more years, or two years compared.
    public var method: TrendMethod = .trend
    /// Why nothing was judged, when `judgement` is `.tooFewData`.
    public var shortfall: TrendShortfall?
    /// The years with figures that were judged, oldest first.
    public var judgedYears: [Int] = []
    /// The years of the period without a figure; they are left out of the judgement.
    public var missingYears: [Int] = []
    /// Whether the judgement is relative to population (every judged year has it).
    public var relativeToPopulation = false
}

/// How a series was judged.
public enum TrendMethod: String, Hashable, Sendable, Codable {
    /// A log-linear Poisson trend over three or more years.
    case trend
    /// The exact test of two counts: only two years have figures.
    case comparison
}

/// The true reason that a series was not judged.
public enum TrendShortfall: Hashable, Sendable {
    /// No year of the period has a figure.
    case noFigures
    /// Only one year has a figure.
    case oneYear(Int)
    /// Fewer registrations than ``TrendAnalysis/minimumTotalCount`` over the judged years.
    case fewRegistrations(total: Double)
}

/// Methods for judging counts. Counts of events are roughly Poisson: a count of 9 after 5 is
/// well within chance; 900 after 500 is not.
public enum TrendAnalysis {
    /// Below this total count over the series nothing is judged.
    public static let minimumTotalCount = 20
    public static let minimumPeriods = 3
    /// Significance level for calling a change.
    public static let alpha = 0.05

    /// Fits log(expected count) = a + b·t (+ log exposure) by iteratively reweighted least
    /// squares, widens the uncertainty by the over-dispersion (quasi-Poisson) and judges b.
    /// - Parameters:
    ///   - counts: the counts, one per consecutive period, oldest first.
    ///   - exposures: optional population (or other exposure) per period, for rates.
    ///   - positions: the periods' places in time (years), when a period in between has no
    ///     figure; without them the counts are taken as consecutive.
    public static func assess(counts: [Double], exposures: [Double]? = nil, positions: [Double]? = nil) -> TrendAssessment {
        let n = counts.count
        let total = counts.reduce(0, +)
        let places = positions ?? (0..<n).map(Double.init)
        guard n >= minimumPeriods, total >= Double(minimumTotalCount), counts.allSatisfy({ $0 >= 0 }),
              places.count == n, zip(places, places.dropFirst()).allSatisfy({ $0 < $1 }),
              exposures.map({ $0.count == n && $0.allSatisfy { $0 > 0 } }) ?? true else {
            return TrendAssessment(judgement: .tooFewData)
        }
        let offsets = exposures?.map { Foundation.log($0) } ?? Array(repeating: 0, count: n)
        let mean = places.reduce(0, +) / Double(n)
        let t = places.map { $0 - mean }
        var a = Foundation.log(total / offsets.map { Foundation.exp($0) }.reduce(0, +))
        var b = 0.0
        var xtwx = (0.0, 0.0, 0.0) // (Σw, Σwt, Σwt²)
        for _ in 0..<50 {
            var sw = 0.0, swt = 0.0, swtt = 0.0, swz = 0.0, swtz = 0.0
            for i in 0..<n {
                let eta = a + b * t[i]
                let mu = Foundation.exp(offsets[i] + eta)
                let z = eta + (counts[i] - mu) / mu
                sw += mu; swt += mu * t[i]; swtt += mu * t[i] * t[i]
                swz += mu * z; swtz += mu * t[i] * z
            }
            let det = sw * swtt - swt * swt
            guard det > 0 else { return TrendAssessment(judgement: .tooFewData) }
            let newA = (swtt * swz - swt * swtz) / det
            let newB = (sw * swtz - swt * swz) / det
            xtwx = (sw, swt, swtt)
            let converged = abs(newA - a) < 1e-10 && abs(newB - b) < 1e-10
            a = newA
            b = newB
            if converged { break }
        }
        var pearson = 0.0
        for i in 0..<n {
            let mu = Foundation.exp(offsets[i] + a + b * t[i])
            pearson += (counts[i] - mu) * (counts[i] - mu) / mu
        }
        let dispersion = n > 2 ? max(1, pearson / Double(n - 2)) : 1
        let det = xtwx.0 * xtwx.2 - xtwx.1 * xtwx.1
        let variance = dispersion * xtwx.0 / det
        let se = variance.squareRoot()
        let z = b / se
        let p = 2 * (1 - normalCDF(abs(z)))
        let change = Foundation.exp(b) - 1
        let interval = (Foundation.exp(b - 1.96 * se) - 1)...(Foundation.exp(b + 1.96 * se) - 1)
        let judgement: TrendJudgement = p < alpha ? (b > 0 ? .increase : .decrease) : .noClearChange
        return TrendAssessment(judgement: judgement, changePerPeriod: change, interval: interval,
                               pValue: p, dispersion: dispersion)
    }

    /// Compares two counts (first and last period), optionally with their exposures, with the
    /// exact conditional test for two Poisson counts: given the total, the second count is
    /// binomial. Used where only two periods are chosen.
    public static func compare(first: Double, last: Double, firstExposure: Double = 1, lastExposure: Double = 1) -> TrendAssessment {
        guard first >= 0, last >= 0, first + last >= Double(minimumTotalCount), firstExposure > 0, lastExposure > 0 else {
            return TrendAssessment(judgement: .tooFewData)
        }
        let n = Int((first + last).rounded())
        let k = Int(last.rounded())
        let probability = lastExposure / (firstExposure + lastExposure)
        let p = binomialTwoSidedP(k: k, n: n, p: probability)
        let ratio = (last / lastExposure) / (first / firstExposure)
        let change = first == 0 ? nil : ratio - 1
        let judgement: TrendJudgement = p < alpha ? (ratio > 1 || first == 0 ? .increase : .decrease) : .noClearChange
        return TrendAssessment(judgement: judgement, changePerPeriod: change, interval: nil, pValue: p, dispersion: nil)
    }

    /// Two-sided p-value of an exact binomial test (sum of the probabilities not above the
    /// observed one); a normal approximation for very large totals.
    static func binomialTwoSidedP(k: Int, n: Int, p: Double) -> Double {
        guard n > 0 else { return 1 }
        if n > 200_000 {
            let mean = Double(n) * p
            let sd = (Double(n) * p * (1 - p)).squareRoot()
            return min(1, 2 * (1 - normalCDF(abs(Double(k) - mean) / sd)))
        }
        func logPMF(_ i: Int) -> Double {
            lgamma(Double(n) + 1) - lgamma(Double(i) + 1) - lgamma(Double(n - i) + 1)
                + Double(i) * Foundation.log(p) + Double(n - i) * Foundation.log(1 - p)
        }
        let observed = logPMF(k)
        var sum = 0.0
        // Terms more than 40 standard deviations from the mean are below e^-800 and cannot
        // change the sum; skipping them keeps the test fast for national totals.
        let mean = Double(n) * p
        let spread = 40 * max(1, (Double(n) * p * (1 - p)).squareRoot())
        let low = max(0, Int((mean - spread).rounded(.down)))
        let high = min(n, Int((mean + spread).rounded(.up)))
        if k < low || k > high { sum += Foundation.exp(observed) }
        for i in low...high {
            let value = logPMF(i)
            if value <= observed + 1e-7 { sum += Foundation.exp(value) }
        }
        return min(1, sum)
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

extension TrendAssessment {
    public init(judgement: TrendJudgement) {
        self.init(judgement: judgement, changePerPeriod: nil, interval: nil, pValue: nil, dispersion: nil)
    }
}
