import Foundation

/// A likelihood-ratio statistic with its chi-square degrees of freedom and p-value.
public struct LikelihoodRatioTest: Sendable, Equatable, Codable {
    public var statistic: Double
    public var degreesOfFreedom: Int
    /// P(chi^2_df > statistic); small values reject the model.
    public var pValue: Double

    public init(statistic: Double, degreesOfFreedom: Int) {
        self.statistic = max(0, statistic)
        self.degreesOfFreedom = degreesOfFreedom
        pValue = ChiSquare.survival(self.statistic, degreesOfFreedom: Double(degreesOfFreedom))
    }
}

/// VaR coverage tests on a sequence of exceedances ("hits": the realised loss was larger than the forecast VaR).
/// `probability` is the hit probability the model claims, 1 - level (0.01 for a 99% VaR).
public enum CoverageTests {
    /// x log p with the convention 0 log 0 = 0.
    @inline(__always) static func xlogy(_ x: Double, _ y: Double) -> Double { x == 0 ? 0 : x * log(y) }

    /// Kupiec's (1995) proportion-of-failures test: with x hits in T days,
    /// LR_POF = -2 [ (T-x) ln(1-p) + x ln p - (T-x) ln(1-x/T) - x ln(x/T) ] ~ chi^2(1).
    public static func kupiec(hits: Int, days: Int, probability p: Double) -> LikelihoodRatioTest {
        let x = Double(hits), t = Double(days)
        guard days > 0 else { return LikelihoodRatioTest(statistic: 0, degreesOfFreedom: 1) }
        let pHat = x / t
        let null = xlogy(t - x, 1 - p) + xlogy(x, p)
        let alternative = xlogy(t - x, 1 - pHat) + xlogy(x, pHat)
        return LikelihoodRatioTest(statistic: -2 * (null - alternative), degreesOfFreedom: 1)
    }

    /// Counts of transitions between consecutive days: n[i][j] = days with state j after a day with state i.
    public struct Transitions: Sendable, Equatable {
        public var n00 = 0, n01 = 0, n10 = 0, n11 = 0
        public init(hits: [Bool]) {
            guard hits.count > 1 else { return }
            for t in 1..<hits.count {
                switch (hits[t - 1], hits[t]) {
                case (false, false): n00 += 1
                case (false, true): n01 += 1
                case (true, false): n10 += 1
                case (true, true): n11 += 1
                }
            }
        }
    }

    /// Christoffersen's (1998) independence test: a first-order Markov chain of hits against independence,
    /// LR_ind = -2 [ ln L(pi) - ln L(pi01, pi11) ] ~ chi^2(1), with pi01 = n01/(n00+n01), pi11 = n11/(n10+n11),
    /// pi = (n01+n11)/(n00+n01+n10+n11).
    public static func independence(hits: [Bool]) -> LikelihoodRatioTest {
        let c = Transitions(hits: hits)
        let n00 = Double(c.n00), n01 = Double(c.n01), n10 = Double(c.n10), n11 = Double(c.n11)
        let total = n00 + n01 + n10 + n11
        guard total > 0 else { return LikelihoodRatioTest(statistic: 0, degreesOfFreedom: 1) }
        let pi = (n01 + n11) / total
        let pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0
        let pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0
        let null = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
        let alternative = xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11)
        return LikelihoodRatioTest(statistic: -2 * (null - alternative), degreesOfFreedom: 1)
    }

    /// Christoffersen's conditional coverage: LR_cc = LR_POF + LR_ind ~ chi^2(2).
    public static func conditionalCoverage(hits: [Bool], probability p: Double) -> LikelihoodRatioTest {
        let pof = kupiec(hits: hits.lazy.filter { $0 }.count, days: hits.count, probability: p)
        let ind = independence(hits: hits)
        return LikelihoodRatioTest(statistic: pof.statistic + ind.statistic, degreesOfFreedom: 2)
    }
}
