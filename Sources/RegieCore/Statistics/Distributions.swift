import Foundation

/// Tail probabilities the analysis needs, computed from the regularised incomplete gamma
/// function (series for small x, continued fraction for large x).
enum Distributions {
    /// P(X ≥ x) for a chi-square variable with `degreesOfFreedom`.
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom: Int) -> Double {
        guard x > 0 else { return 1 }
        return upperRegularisedGamma(Double(degreesOfFreedom) / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a).
    static func upperRegularisedGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = -x + a * Foundation.log(x) - lgamma(a)
        if x < a + 1 {
            // Series for the lower function: γ(a,x) = e^-x x^a Σ x^n / (a (a+1) … (a+n)).
            var term = 1 / a
            var sum = term
            var n = a
            for _ in 0..<1_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * Foundation.exp(logPrefix))
        }
        // Continued fraction for the upper function (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<1_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, Foundation.exp(logPrefix) * h)
    }
}
