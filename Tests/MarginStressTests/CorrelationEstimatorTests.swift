import Foundation
import Testing
@testable import MarginStress

@Suite("Student-t degrees of freedom, Ledoit-Wolf, nearest correlation matrix")
struct CorrelationEstimatorTests {
    @Test("Student-t: recovers nu = 5 of trivariate t returns within 4 standard errors; Gaussian data go to the bound")
    func studentT() throws {
        var draws = TestDraws(seed: 21)
        let nu = 5.0
        var r: [[Double]] = [[], [], []]
        for _ in 0..<4000 {
            let w = ChiSquareSampler(degreesOfFreedom: nu).next(&draws.stream)
            let s = ((nu - 2) / w).squareRoot()
            let z = (0..<3).map { _ in draws.gaussian() }
            r[0].append(0.01 * s * z[0])
            r[1].append(0.02 * s * (0.5 * z[0] + 0.866 * z[1]))
            r[2].append(0.015 * s * z[2])
        }
        let fit = try StudentTFit(returns: r)
        let se = try #require(fit.standardError)
        #expect(abs(fit.degreesOfFreedom - nu) < 4 * se, "nu \(fit.degreesOfFreedom) ± \(se)")
        let gaussian = try StudentTFit(returns: [(0..<3000).map { _ in draws.gaussian() }])
        #expect(gaussian.degreesOfFreedom > 30)
    }

    @Test("Ledoit-Wolf: (1 - s) R + s I with s in [0, 1]; large for few observations of independent assets, small for many of correlated ones")
    func ledoitWolf() {
        var draws = TestDraws(seed: 22)
        let few = (0..<30).map { _ in (0..<40).map { _ in draws.gaussian() } }
        let lw = LedoitWolf(returns: few)
        let sample = SampleMoments(returns: few).correlation
        #expect(lw.shrinkage > 0.3 && lw.shrinkage <= 1)
        for i in 0..<30 {
            for j in 0..<30 {
                let expected = (1 - lw.shrinkage) * sample[i * 30 + j] + (i == j ? lw.shrinkage : 0)
                #expect(abs(lw.correlation[i * 30 + j] - expected) < 1e-12)
            }
        }
        // Strongly correlated assets, many observations: the sample correlation is kept almost as is.
        let common = (0..<5000).map { _ in draws.gaussian() }
        let many = (0..<3).map { _ in common.map { 0.8 * $0 + 0.6 * draws.gaussian() } }
        #expect(LedoitWolf(returns: many).shrinkage < 0.05)
    }

    func isCorrelation(_ x: [Double], _ d: Int) throws -> Bool {
        let values = try LAPACK.symmetricEigenvalues(x, order: d)
        let unit = (0..<d).allSatisfy { x[$0 * d + $0] == 1 }
        let symmetric = (0..<d).allSatisfy { i in (0..<d).allSatisfy { x[i * d + $0] == x[$0 * d + i] } }
        return unit && symmetric && values[0] >= -1e-12
    }

    @Test("Higham 2002 example: [[1,1,0],[1,1,1],[0,1,1]] -> 0.7607 and 0.1573")
    func highamExample() throws {
        let a: [Double] = [1, 1, 0, 1, 1, 1, 0, 1, 1]
        let x = try NearestCorrelation(a, order: 3)
        #expect(abs(x.matrix[1] - 0.7607) < 1e-4 && abs(x.matrix[2] - 0.1573) < 1e-4 && abs(x.matrix[5] - 0.7607) < 1e-4)
        #expect(try isCorrelation(x.matrix, 3))
        #expect(abs(x.distance - NearestCorrelation.norm(zip(a, x.matrix).map { $0 - $1 })) < 1e-12)
    }

    @Test("random broken matrices: a correlation matrix no farther than other correlation matrices tried",
          arguments: [4, 8, 15])
    func randomBroken(d: Int) throws {
        var draws = TestDraws(seed: UInt64(100 + d))
        for _ in 0..<5 {
            var a = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                a[i * d + i] = 1
                for j in 0..<i {
                    let v = 2 * draws.stream.nextUniform() - 1
                    a[i * d + j] = v
                    a[j * d + i] = v
                }
            }
            let x = try NearestCorrelation(a, order: d)
            #expect(try isCorrelation(x.matrix, d))
            func distance(_ c: [Double]) -> Double { NearestCorrelation.norm(zip(a, c).map { $0 - $1 }) }
            // Others: identity; eigenvalues clipped at 0 then rescaled; A shrunk toward I until PSD; random ones.
            var others: [[Double]] = [(0..<(d * d)).map { $0 / d == $0 % d ? 1 : 0 }]
            let (values, v) = try LAPACK.symmetricEigen(a, order: d)
            var clipped = [Double](repeating: 0, count: d * d)
            for i in 0..<d { for j in 0..<d { for k in 0..<d { clipped[i * d + j] += v[i * d + k] * max(values[k], 0) * v[j * d + k] } } }
            others.append(Covariance.correlation(clipped, order: d))
            var w = 0.0
            while try LAPACK.symmetricEigenvalues(a.indices.map { $0 / d == $0 % d ? 1 : (1 - w) * a[$0] }, order: d)[0] < 0 { w += 0.01 }
            others.append(a.indices.map { $0 / d == $0 % d ? 1 : (1 - w) * a[$0] })
            for _ in 0..<20 {
                let g = (0..<(d * (d + 2))).map { _ in draws.gaussian() }
                var s = [Double](repeating: 0, count: d * d)
                for i in 0..<d { for j in 0..<d { for k in 0..<(d + 2) { s[i * d + j] += g[i * (d + 2) + k] * g[j * (d + 2) + k] } } }
                others.append(Covariance.correlation(s, order: d))
            }
            for c in others { #expect(x.distance <= distance(c) + 1e-9) }
        }
    }

    @Test("with a minimum eigenvalue the repaired matrix has a Cholesky factor")
    func positiveDefinite() throws {
        let a: [Double] = [1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]
        let x = try NearestCorrelation(a, order: 3, minimumEigenvalue: 1e-8)
        _ = try LAPACK.choleskyLower(x.matrix, order: 3)
    }
}

@Suite("Merton jumps by maximum likelihood")
struct JumpFitTests {
    @Test("recovers intensity, jump mean and spread of a simulated jump-diffusion within 4 standard errors; betas")
    func recovers() throws {
        var draws = TestDraws(seed: 31)
        let truth = (mean: 3e-4, sigma: 0.01, intensity: 0.02, jumpMean: -0.04, jumpSD: 0.02)
        var market: [Double] = [], other: [Double] = []
        for _ in 0..<2500 {
            var r = truth.mean + truth.sigma * draws.gaussian()
            var jump = 0.0
            if draws.stream.nextUniform() < truth.intensity { jump = truth.jumpMean + truth.jumpSD * draws.gaussian() }
            r += jump
            market.append(r)
            other.append(1.5 * jump + 0.01 * draws.gaussian())
        }
        let fit = try JumpFit(returns: market)
        let p = fit.parameters, se = try #require(fit.standardErrors)
        // Bernoulli jumps at 2% per period: P(two or more) = 2e-4, invisible in 2500 periods.
        #expect(abs(p.intensity - truth.intensity) < 4 * se.intensity, "lambda \(p.intensity) ± \(se.intensity)")
        #expect(abs(p.jumpMean - truth.jumpMean) < 4 * se.jumpMean, "jump mean \(p.jumpMean) ± \(se.jumpMean)")
        #expect(abs(p.jumpStandardDeviation - truth.jumpSD) < 4 * se.jumpStandardDeviation)
        #expect(abs(p.sigma - truth.sigma) < 4 * se.sigma)
        let betas = fit.betas(returns: [market, other], market: market)
        #expect(abs(betas[1] - 1.5) < 0.2, "beta \(betas[1])")
    }
}
