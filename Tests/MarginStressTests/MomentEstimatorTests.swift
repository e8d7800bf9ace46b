import Foundation
import Testing
@testable import MarginStress

@Suite("Sample and EWMA volatilities and correlations")
struct MomentEstimatorTests {
    /// Two correlated Gaussian series with per-period volatilities 0.01 and 0.02 and correlation 0.6.
    func correlatedPair(_ n: Int, seed: UInt64) -> [[Double]] {
        var draws = TestDraws(seed: seed)
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<n {
            let z1 = draws.gaussian(), z2 = draws.gaussian()
            a.append(0.001 + 0.01 * z1)
            b.append(0.02 * (0.6 * z1 + 0.8 * z2))
        }
        return [a, b]
    }

    @Test("sample moments recover volatilities, correlation and means within 4 standard errors")
    func sampleRecovers() {
        let m = SampleMoments(returns: correlatedPair(4000, seed: 3))
        let vol = m.volatilities, se = m.volatilityStandardErrors
        #expect(abs(vol[0] - 0.01) < 4 * se[0])
        #expect(abs(vol[1] - 0.02) < 4 * se[1])
        #expect(abs(m.correlation[1] - 0.6) < 4 * m.correlationStandardErrors[1])
        #expect(abs(m.mean[0] - 0.001) < 4 * m.meanStandardErrors[0])
        #expect(m.correlation[0] == 1 && m.correlation[1] == m.correlation[2])
    }

    @Test("EWMA equals the RiskMetrics recursion to 1e-12")
    func ewmaRecursion() {
        let r = correlatedPair(1000, seed: 4)
        let lambda = 0.94
        let e = EWMA(returns: r, lambda: lambda)
        // Direct recursion, written out: sigma²_t = lambda sigma²_{t-1} + (1 - lambda) r_t², seeded as documented.
        for (i, j) in [(0, 0), (1, 1), (0, 1)] {
            var s = zip(r[i], r[j]).map { $0 * $1 }.reduce(0, +) / Double(r[i].count)
            for t in 0..<r[i].count { s = lambda * s + (1 - lambda) * r[i][t] * r[j][t] }
            #expect(abs(e.covariance[i * 2 + j] - s) <= 1e-12 * abs(s))
        }
        let path = EWMA.variancePath(r[0], lambda: lambda)
        #expect(abs(path[path.count - 1] - e.covariance[0]) <= 1e-12 * e.covariance[0])
        // Closed form: S_n = lambda^n S_0 + (1 - lambda) sum_t lambda^(n-1-t) r_t².
        let n = r[0].count
        var closed = pow(lambda, Double(n)) * path[0]
        for t in 0..<n { closed += (1 - lambda) * pow(lambda, Double(n - 1 - t)) * r[0][t] * r[0][t] }
        #expect(abs(closed - e.covariance[0]) <= 1e-12 * closed)
    }
}
