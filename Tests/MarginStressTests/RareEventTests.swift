import Foundation
import Testing
@testable import MarginStress

/// Runs `RareEventAnalysis` over `blocks` (all by default) with `workers` workers.
func rareEvents(_ s: Scenario, workers: Int = 0, blocks: Range<Int>? = nil) async throws -> RareEventPartial {
    let runner = try SimulationRunner(scenario: s)
    let analysis = RareEventAnalysis(scenario: s, market: runner.market)
    let driver = BlockDriver(paths: s.paths, workers: workers)
    return await driver.run(analysis, blocks: blocks ?? 0..<driver.totalBlocks).partial
}

/// Continuous monitoring (Brownian bridge) and importance sampling against the closed forms of DESIGN.md.
@Suite("Rare events: continuous monitoring and importance sampling")
struct RareEventTests {
    let price = 50_000.0, vol = 0.8

    /// A single position with cash `cash`: its log-barrier b and the scenario.
    func single(quantity q: Double, cash: Double, m: Double = 0.005, steps: Int, paths: Int, seed: UInt64,
                continuous: Bool, tilt: Bool) throws -> (Scenario, Double) {
        var s = try makeScenario(
            assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: q, maintenanceMarginRate: m)],
            cash: cash, horizon: "30d", steps: steps, paths: paths, seed: seed)
        s.continuousMonitoring = continuous ? true : nil
        s.importanceSampling = tilt ? true : nil
        let barrier = q > 0 ? (price - cash / q) / (1 - m) : (price + cash / -q) / (1 + m)
        return (s, log(barrier / price))
    }

    @Test("continuous monitoring with 24 steps: the reflection formula within 4 se (long and short)",
          arguments: [(10.0, 150_000.0), (-10.0, 200_000.0)])
    func bridgeSingle(q: Double, cash: Double) async throws {
        let (s, b) = try single(quantity: q, cash: cash, steps: 24, paths: 100_000, seed: 21, continuous: true, tilt: false)
        let T = 30.0 / 365
        let expected = barrierProbability(b: b, nu: -vol * vol / 2, sigma: vol, T: T, dt: 0)
        let got = try await rareEvents(s).liquidationEstimate
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "bridge \(got.probability) ± \(got.standardError), continuous closed form \(expected)")
        // Not vacuous: the discrete rule at 24 steps is far below.
        let discrete = barrierProbability(b: b, nu: -vol * vol / 2, sigma: vol, T: T, dt: T / 24)
        #expect(expected - discrete > 10 * got.standardError)
    }

    @Test("importance sampling, single long and short near 1e-4 and 1e-6: closed forms within 4 se",
          arguments: [(10.0, 1e-4, false), (10.0, 1e-6, false), (-10.0, 1e-4, false), (-10.0, 1e-6, false),
                      (10.0, 1e-6, true), (-10.0, 1e-4, true)])
    func tiltedSingle(q: Double, target: Double, continuous: Bool) async throws {
        let T = 30.0 / 365, steps = 120, nu = -vol * vol / 2
        let dt = continuous ? 0 : T / Double(steps)
        // The cash that puts the closed form at the target.
        var low = 1.0, high = 10_000_000.0
        for _ in 0..<100 {
            let cash = (low + high) / 2
            if q > 0 && cash >= price * q {  // the barrier is at or below 0: never liquidated
                high = cash
                continue
            }
            let b = q > 0 ? log((price - cash / q) / (1 - 0.005) / price) : log((price + cash / -q) / 1.005 / price)
            if barrierProbability(b: b, nu: nu, sigma: vol, T: T, dt: dt) > target { low = cash } else { high = cash }
        }
        let (s, b) = try single(quantity: q, cash: low, steps: steps, paths: 16_384, seed: 31, continuous: continuous, tilt: true)
        let expected = barrierProbability(b: b, nu: nu, sigma: vol, T: T, dt: dt)
        let result = try await rareEvents(s)
        let got = result.liquidationEstimate
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "weighted \(got.probability) ± \(got.standardError), closed form \(expected)")
        #expect(got.standardError < 0.05 * expected, "10% relative precision at 95% from 16,384 paths")
        #expect(got.hits > 1000)
    }

    @Test("the reported variance reduction is the one observed over 30 replications")
    func varianceReduction() async throws {
        var estimates: [Double] = [], reported: [Double] = []
        for r in 0..<30 {
            let (s, _) = try single(quantity: 10, cash: 300_000, steps: 60, paths: 2_048, seed: UInt64(100 + r),
                                    continuous: false, tilt: true)
            let e = try await rareEvents(s).liquidationEstimate
            estimates.append(e.probability)
            reported.append(e.standardError * e.standardError)
        }
        let mean = estimates.reduce(0, +) / 30
        let observed = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 29
        let meanReported = reported.reduce(0, +) / 30
        // The reduction is p (1 - p) / (n SE²): its ratio to the observed one is that of the variances. The sample
        // variance of 30 estimates has 29 degrees of freedom: 0.4 and 2.1 are beyond its 0.1% and 99.9% quantiles.
        let ratio = observed / meanReported
        #expect(ratio > 0.4 && ratio < 2.1, "observed variance \(observed), mean reported \(meanReported)")
        #expect(mean < 1e-3, "a rare event: \(mean)")
    }

    /// Three assets, long BTC and ETH, short SOL, correlated.
    func threeAssets(steps: Int, paths: Int, seed: UInt64, continuous: Bool, tilt: Bool, cash: Double = 25_000) throws -> Scenario {
        var s = try makeScenario(
            assets: [("BTC", 50_000, 0.6), ("ETH", 3_000, 0.8), ("SOL", 150, 1.0)],
            positions: [PositionEntry(asset: "BTC", quantity: 2, maintenanceMarginRate: 0.005),
                        PositionEntry(asset: "ETH", quantity: 20, maintenanceMarginRate: 0.01),
                        PositionEntry(asset: "SOL", quantity: -200, maintenanceMarginRate: 0.02)],
            cash: cash, correlations: [CorrelationPair("BTC", "ETH", 0.8), CorrelationPair("BTC", "SOL", 0.6),
                                       CorrelationPair("ETH", "SOL", 0.7)],
            horizon: "7d", steps: steps, paths: paths, seed: seed)
        s.continuousMonitoring = continuous ? true : nil
        s.importanceSampling = tilt ? true : nil
        return s
    }

    /// Reference: discrete monitoring at 100,000 steps, computed by
    /// `margin-stress run Tests/Fixtures/three-asset-continuous.yaml --steps 100000 --paths 100000 --seed 5 --json`
    /// (the scenario of `threeAssets`; liquidation count 3,017 of 100,000 paths, 10m44s on the shared machine).
    static let referenceLiquidations = 3_017, referencePaths = 100_000

    @Test("continuous monitoring with 24 steps, three assets: discrete monitoring at 100,000 steps within 4 se")
    func bridgeThreeAssets() async throws {
        let s = try threeAssets(steps: 24, paths: 100_000, seed: 41, continuous: true, tilt: false)
        let got = try await rareEvents(s).liquidationEstimate
        let p = Double(Self.referenceLiquidations) / Double(Self.referencePaths)
        let se = (p * (1 - p) / Double(Self.referencePaths)).squareRoot()
        let both = (se * se + got.standardError * got.standardError).squareRoot()
        #expect(abs(got.probability - p) < 4 * both, "bridge \(got.probability) ± \(got.standardError), reference \(p) ± \(se)")
    }

    @Test("continuous monitoring of a hedged pair (linear distance): 24 steps agree with 672 within 4 se, above discrete")
    func bridgeHedged() async throws {
        var s = try ScenarioValidator.validate(
            try ScenarioLoader.read(path: packageRoot.appendingPathComponent("examples/hedged-btc-eth.yaml").path), source: "hedged")
        s.continuousMonitoring = true
        s.paths = 40_000
        s.steps = 24
        let coarse = try await rareEvents(s).liquidationEstimate
        s.steps = 672
        s.paths = 20_000
        let fine = try await rareEvents(s).liquidationEstimate
        let both = (coarse.standardError * coarse.standardError + fine.standardError * fine.standardError).squareRoot()
        #expect(abs(coarse.probability - fine.probability) < 4 * both, "24 steps \(coarse.probability), 672 steps \(fine.probability) ± \(both)")
        s.continuousMonitoring = nil
        let discrete = try await simulate(s).liquidation
        #expect(fine.probability > discrete.probability && fine.probability < 1.5 * discrete.probability + 4 * both,
                "continuous \(fine.probability), discrete at 672 steps \(discrete.probability)")
    }

    @Test("three assets, importance sampling: weighted and plain agree within their errors")
    func tiltedThreeAssets() async throws {
        let plainScenario = try threeAssets(steps: 48, paths: 200_000, seed: 43, continuous: false, tilt: false, cash: 36_000)
        let plain = try await simulate(plainScenario).liquidation
        let s = try threeAssets(steps: 48, paths: 20_000, seed: 44, continuous: false, tilt: true, cash: 36_000)
        let got = try await rareEvents(s).liquidationEstimate
        let both = (plain.standardError * plain.standardError + got.standardError * got.standardError).squareRoot()
        #expect(abs(got.probability - plain.probability) < 4 * both,
                "weighted \(got.probability) ± \(got.standardError), plain \(plain.probability) ± \(plain.standardError)")
        #expect(plain.count > 50)
        #expect(got.standardError < plain.standardError)
    }

    @Test("bit-identical for workers 1, 2, 7 and merged shards, both options on, Gaussian and Student-t",
          arguments: [false, true])
    func reproducible(studentT: Bool) async throws {
        var s = try threeAssets(steps: 24, paths: 5_000, seed: 45, continuous: true, tilt: true)
        if studentT { s.distribution = .studentT(degreesOfFreedom: 4) }
        let one = try await rareEvents(s, workers: 1)
        for w in [2, 7] { #expect(try await rareEvents(s, workers: w) == one) }
        let driver = BlockDriver(paths: s.paths, workers: 2)
        var merged = RareEventPartial()
        for shard in [2, 0, 1] {
            merged.merge(try await rareEvents(s, workers: 3, blocks: driver.blocks(ofShard: shard, of: 3)))
        }
        #expect(merged == one)
        #expect(one.hits > 0)
    }
}
