import Foundation
import Testing
@testable import MarginStress

/// The log-returns the hot loop generates, read from a block's workspace after one step.
@Suite("Generated log-returns")
struct GeneratedReturnsTests {
    /// One-step log-returns of `blocks` blocks, per simulated asset.
    func oneStepReturns(_ scenario: Scenario, blocks: Int) throws -> [[Double]] {
        let runner = try SimulationRunner(scenario: scenario)
        let d = runner.market.dimension, size = PathBlockSimulator.blockSize
        let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: 1, seed: scenario.seed)
        let ws = BlockWorkspace(capacity: size, dimension: d)
        var out = [[Double]](repeating: [], count: d)
        for b in 0..<blocks {
            simulator.run(block: b, count: size, in: ws)
            for i in 0..<d { for p in 0..<size { out[i].append(simulator.logReturn(asset: i, path: p, in: ws)) } }
        }
        return out
    }

    func threeAssets(_ distribution: DistributionEntry? = nil) throws -> Scenario {
        try makeScenario(
            assets: [("BTC", 60_000, 0.6), ("ETH", 3_000, 0.8), ("SOL", 150, 1.0)],
            positions: [PositionEntry(asset: "BTC", quantity: 0.01, maintenanceMarginRate: 0.01),
                        PositionEntry(asset: "ETH", quantity: 0.1, maintenanceMarginRate: 0.01),
                        PositionEntry(asset: "SOL", quantity: -1, maintenanceMarginRate: 0.01)],
            cash: 1_000_000, correlations: [CorrelationPair("BTC", "ETH", 0.8), CorrelationPair("BTC", "SOL", -0.3),
                                           CorrelationPair("ETH", "SOL", 0.1)],
            distribution: distribution, horizon: "1d", steps: 1, seed: 31)
    }

    @Test("sample mean and covariance match the model within 4 se")
    func covariance() throws {
        let scenario = try threeAssets()
        let x = try oneStepReturns(scenario, blocks: 1600)
        let n = Double(x[0].count), dt = 1.0 / 365
        let vols = [0.6, 0.8, 1.0]
        let rho = [[1, 0.8, -0.3], [0.8, 1, 0.1], [-0.3, 0.1, 1]]
        let means = x.map { $0.reduce(0, +) / n }
        for i in 0..<3 {
            let expectedMean = -vols[i] * vols[i] / 2 * dt
            #expect(abs(means[i] - expectedMean) < 4 * vols[i] * (dt / n).squareRoot())
            for j in 0...i {
                let cov = zip(x[i], x[j]).reduce(0) { $0 + ($1.0 - means[i]) * ($1.1 - means[j]) } / (n - 1)
                let sij = vols[i] * vols[j] * rho[i][j] * dt
                // Var of the product of bivariate normals: s_ii s_jj + s_ij².
                let se = ((vols[i] * vols[i] * dt) * (vols[j] * vols[j] * dt) + sij * sij).squareRoot() / n.squareRoot()
                #expect(abs(cov - sij) < 4 * se, "cov[\(i)][\(j)] = \(cov), model \(sij)")
            }
        }
    }

    /// Nine assets (two groups of four rows in the blocked correlation kernel, and one more): every entry of the
    /// sample covariance within 4 se of the model.
    @Test("nine assets: the whole covariance matrix matches within 4 se")
    func wideCovariance() throws {
        let d = 9
        let vols = (0..<d).map { 0.5 + 0.05 * Double($0) }
        let names = (0..<d).map { "A\($0)" }
        var pairs: [CorrelationPair] = []
        func rho(_ i: Int, _ j: Int) -> Double { pow(-0.7, Double(abs(i - j))) }  // positive definite (Kac-Murdock-Szegő)
        for i in 0..<d { for j in (i + 1)..<d { pairs.append(CorrelationPair(names[i], names[j], rho(i, j))) } }
        let scenario = try makeScenario(
            assets: (0..<d).map { (names[$0], 100.0, vols[$0]) },
            positions: (0..<d).map { PositionEntry(asset: names[$0], quantity: 0.001, maintenanceMarginRate: 0.01) },
            cash: 1_000_000, correlations: pairs, horizon: "1d", steps: 1, seed: 41)
        let x = try oneStepReturns(scenario, blocks: 800)
        let n = Double(x[0].count), dt = 1.0 / 365
        let means = x.map { $0.reduce(0, +) / n }
        for i in 0..<d {
            for j in 0...i {
                let cov = zip(x[i], x[j]).reduce(0) { $0 + ($1.0 - means[i]) * ($1.1 - means[j]) } / (n - 1)
                let sii = vols[i] * vols[i] * dt, sjj = vols[j] * vols[j] * dt, sij = vols[i] * vols[j] * rho(i, j) * dt
                #expect(abs(cov - sij) < 4 * ((sii * sjj + sij * sij) / n).squareRoot(), "cov[\(i)][\(j)] = \(cov), model \(sij)")
            }
        }
    }

    /// Multivariate t with nu dof scaled to unit variance: variance sigma² dt, kurtosis 3 + 6 / (nu - 4).
    @Test("Student-t marginals: variance and kurtosis within sampling error")
    func studentT() throws {
        let nu = 10.0
        let scenario = try threeAssets(DistributionEntry(type: "student-t", degreesOfFreedom: nu))
        let x = try oneStepReturns(scenario, blocks: 4000)
        let dt = 1.0 / 365
        let z = x[0].map { ($0 + 0.18 * dt) / (0.6 * dt.squareRoot()) }
        // Batch means give honest standard errors for the fourth moment without assuming its law.
        let batches = 40, size = z.count / batches
        var variances: [Double] = [], kurtoses: [Double] = []
        for b in 0..<batches {
            let part = z[(b * size)..<((b + 1) * size)]
            let m2 = part.reduce(0) { $0 + $1 * $1 } / Double(size)
            let m4 = part.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(size)
            variances.append(m2)
            kurtoses.append(m4 / (m2 * m2))
        }
        func meanAndSE(_ v: [Double]) -> (Double, Double) {
            let m = v.reduce(0, +) / Double(v.count)
            let s = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            return (m, s / Double(v.count).squareRoot())
        }
        let (variance, varianceSE) = meanAndSE(variances)
        let (kurtosis, kurtosisSE) = meanAndSE(kurtoses)
        #expect(abs(variance - 1) < 4 * varianceSE, "variance \(variance) ± \(varianceSE)")
        #expect(abs(kurtosis - (3 + 6 / (nu - 4))) < 4 * kurtosisSE, "kurtosis \(kurtosis) ± \(kurtosisSE)")
        #expect(kurtosis > 3.5, "fat tails must show")
        // The shared chi-square draw makes squared shocks of different assets correlated even where rho is 0.1.
        let w = x[2].map { $0 / (1.0 * dt.squareRoot()) }
        let n = Double(z.count)
        let c = zip(z, w).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 } / n - 1
        #expect(c > 0.2, "tail dependence: E[z1² z3²] - 1 = \(c)")
    }
}
