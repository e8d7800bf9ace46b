import Foundation

/// Tail probabilities of the chi-square and standard normal distributions, for the backtests' p-values.
public enum ChiSquare {
    /// P(X > x) for X ~ chi^2 with `degreesOfFreedom` degrees: the regularised upper incomplete gamma
    /// Q(k/2, x/2). Series for x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes, 3rd ed.,
    /// section 6.2); relative accuracy about 1e-14, checked against scipy.stats.chi2.sf.
    public static func survival(_ x: Double, degreesOfFreedom: Double) -> Double {
        guard x > 0 else { return 1 }
        guard x.isFinite else { return 0 }
        return upperRegularizedGamma(a: degreesOfFreedom / 2, x: x / 2)
    }

    /// Q(a, x) = Gamma(a, x) / Gamma(a).
    static func upperRegularizedGamma(a: Double, x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // P(a, x) = e^{-x} x^a / Gamma(a + 1) * sum_n x^n / ((a + 1)...(a + n)).
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(1, exp(logPrefix) * h)
    }

    /// Two-sided p-value of a standard normal statistic: P(|Z| > |z|) = erfc(|z| / sqrt 2).
    public static func normalTwoSided(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }

    /// P(Z <= z) = erfc(-z / sqrt 2) / 2.
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }
}
