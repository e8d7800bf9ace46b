import Foundation
import Testing
@testable import MarginStress

/// The jump and stress overlays against closed forms and exact consequences.
@Suite("Jumps and stress overlays")
struct JumpStressTests {
    let price = 50_000.0, vol = 0.8

    func scenario(jumps: JumpsEntry? = nil, stress: StressEntry? = nil, assets: [(String, Double, Double)]? = nil,
                  positions: [PositionEntry]? = nil, cash: Double = 120_000, steps: Int = 1, paths: Int = 200_000,
                  seed: UInt64 = 21, workers: Int = 0, antithetic: Bool = false) throws -> Scenario {
        var file = ScenarioFile(name: "overlay", account: AccountSection(
            mode: "cross", collateral: [CollateralEntry(asset: "USDC", amount: cash, haircut: 0)],
            positions: positions ?? [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)]),
            market: MarketSection(assets: (assets ?? [("BTC", price, vol)]).map { AssetEntry(symbol: $0.0, price: $0.1, volatility: $0.2) }
                + [AssetEntry(symbol: "USDC", price: 1, volatility: 0)]),
            simulation: SimulationSection(horizon: Horizon("30d"), steps: steps, paths: paths, seed: seed, workers: workers,
                                          antithetic: antithetic))
        file.market?.jumps = jumps
        file.market?.stress = stress
        return try ScenarioValidator.validate(file, source: "test")
    }

    /// P(X < b) = sum_n Poisson(n; lambda T) Phi((b - nu T - n mu_J) / sqrt(sigma² T + n s_J²)) (Merton 1976).
    func mertonOneStep(b: Double, nu: Double, sigma: Double, T: Double, lambda: Double, mu: Double, s: Double) -> Double {
        var total = 0.0, weight = exp(-lambda * T)
        for n in 0..<60 {
            if n > 0 { weight *= lambda * T / Double(n) }
            let dn = Double(n)
            total += weight * normalCDF((b - nu * T - dn * mu) / (sigma * sigma * T + dn * s * s).squareRoot())
        }
        return total
    }

    @Test("normal jumps, one step: the Poisson mixture closed form within 4 se", arguments: [(6.0, -0.12, 0.06), (20.0, 0.02, 0.1)])
    func mertonOneStep(lambda: Double, mu: Double, s: Double) async throws {
        let q = 10.0, m = 0.005, cash = 120_000.0
        let sc = try scenario(jumps: JumpsEntry(intensity: lambda, mean: mu, standardDeviation: s), cash: cash)
        let got = try await simulate(sc).liquidation
        let T = 30.0 / 365, b = log((price - cash / q) / (1 - m) / price)
        let expected = mertonOneStep(b: b, nu: -vol * vol / 2, sigma: vol, T: T, lambda: lambda, mu: mu, s: s)
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "simulated \(got.probability) ± \(got.standardError), closed form \(expected)")
    }

    @Test("double-exponential jumps, one step: the mean and variance of the log-return within 4 se")
    func kouMoments() throws {
        let lambda = 30.0, p = 0.3, up = 0.04, down = 0.07
        let sc = try scenario(jumps: JumpsEntry(intensity: lambda, sizeDistribution: "double-exponential",
                                                probabilityUp: p, meanUp: up, meanDown: down), paths: 256)
        let x = try oneStepReturns(sc, blocks: 800)[0]
        let T = 30.0 / 365, n = Double(x.count)
        let jumpMean = p * up - (1 - p) * down, jumpSecond = 2 * (p * up * up + (1 - p) * down * down)
        let mean = -vol * vol / 2 * T + lambda * T * jumpMean
        let variance = vol * vol * T + lambda * T * jumpSecond
        let sampleMean = x.reduce(0, +) / n
        let sampleVariance = x.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / (n - 1)
        #expect(abs(sampleMean - mean) < 4 * (variance / n).squareRoot(), "mean \(sampleMean) vs \(mean)")
        // Var of the sample variance ~ (m4 - s^4) / n; bound m4 by a generous 6 s^4 for the fat jump tail.
        #expect(abs(sampleVariance - variance) < 4 * (5 * variance * variance / n).squareRoot(),
                "variance \(sampleVariance) vs \(variance)")
    }

    func oneStepReturns(_ scenario: Scenario, blocks: Int) throws -> [[Double]] {
        let runner = try SimulationRunner(scenario: scenario)
        let d = runner.market.dimension, size = PathBlockSimulator.blockSize
        let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: scenario.steps,
                                           seed: scenario.seed)
        let ws = BlockWorkspace(capacity: size, dimension: d, modelStateWords: runner.market.shockStateWordsPerPath)
        var out = [[Double]](repeating: [], count: d)
        for b in 0..<blocks {
            var observer = CountingObserver()
            simulator.run(block: b, count: size, in: ws, observer: &observer)
            for i in 0..<d { for p in 0..<size { out[i].append(simulator.logReturn(asset: i, path: p, in: ws)) } }
        }
        return out
    }

    @Test("stress with correlation blend 1 moves every asset together")
    func blendOne() throws {
        let sc = try scenario(stress: StressEntry(volatilityFactor: 1.5, correlationBlend: 1),
                              assets: [("BTC", price, 0.6), ("ETH", 3_000, 0.6), ("SOL", 150, 0.6)],
                              positions: [PositionEntry(asset: "BTC", quantity: 1, maintenanceMarginRate: 0.005),
                                          PositionEntry(asset: "ETH", quantity: 1, maintenanceMarginRate: 0.005),
                                          PositionEntry(asset: "SOL", quantity: 1, maintenanceMarginRate: 0.005)],
                              steps: 5, paths: 256)
        let x = try oneStepReturns(sc, blocks: 4)
        #expect(x.count == 3)
        for p in x[0].indices {
            #expect(abs(x[1][p] - x[0][p]) <= 1e-12 * max(1, abs(x[0][p])) && abs(x[2][p] - x[0][p]) <= 1e-12 * max(1, abs(x[0][p])))
        }
        // The volatility factor: the sample spread of the 5-step return is 1.5 x 0.6 sqrt(30/365).
        let n = Double(x[0].count), mean = x[0].reduce(0, +) / n
        let sd = (x[0].reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let expected = 0.9 * (30.0 / 365).squareRoot()
        #expect(abs(sd / expected - 1) < 4 / (2 * n).squareRoot(), "spread \(sd) vs \(expected)")
    }

    @Test("a shock at t0 that crosses the barrier liquidates every path at step 1")
    func shockAtStart() async throws {
        // Long 10 BTC with 120,000 cash: the barrier is about 38,200, 24% below spot; the shock is -50%, which no
        // one-day step (daily volatility 4%) brings back.
        let sc = try scenario(stress: StressEntry(shock: ["BTC": -0.50]), steps: 30, paths: 20_000)
        let summary = try await simulate(sc)
        #expect(summary.liquidation.probability == 1)
        let first = summary.timeToLiquidation.survival.first { $0.days > 0 }
        #expect(first.map { $0.probability } == 0, "\(summary.timeToLiquidation.survival.prefix(3))")
        // A smaller shock (-10%) does not: some paths survive.
        let mild = try await simulate(try scenario(stress: StressEntry(shock: ["BTC": -0.10]), steps: 30, paths: 20_000))
        #expect(mild.liquidation.probability < 1)
    }

    @Test("jumps and stress: bit-identical for workers 1, 2 and 7 and antithetic pairs")
    func reproducible() async throws {
        var jsons: [String] = []
        for workers in [1, 2, 7] {
            let sc = try scenario(jumps: JumpsEntry(intensity: 8, sizeDistribution: "double-exponential", probabilityUp: 0.4,
                                                    meanUp: 0.03, meanDown: 0.05),
                                  stress: StressEntry(volatilityFactor: 1.2, shock: ["BTC": -0.05]),
                                  steps: 12, paths: 3_001, workers: workers, antithetic: true)
            jsons.append(try Exporter.json(try await simulate(sc)))
        }
        #expect(jsons[0] == jsons[1] && jsons[0] == jsons[2])
    }

    @Test("validation names the field and the fix")
    func validation() {
        #expect(throws: ScenarioError.self) { try scenario(jumps: JumpsEntry(intensity: -1, mean: 0, standardDeviation: 0.1)) }
        #expect(throws: ScenarioError.self) { try scenario(jumps: JumpsEntry(intensity: 1, mean: 0, standardDeviation: 0.1, betas: ["XRP": 1])) }
        #expect(throws: ScenarioError.self) { try scenario(stress: StressEntry(correlationBlend: 1.5)) }
        #expect(throws: ScenarioError.self) { try scenario(stress: StressEntry(shock: ["BTC": -1.2])) }
        do {
            _ = try scenario(jumps: JumpsEntry(intensity: 2, sizeDistribution: "kou", probabilityUp: 0.4, meanUp: 0, meanDown: 0.05))
            Issue.record("meanUp 0 accepted")
        } catch {
            #expect("\(error)".contains("market.jumps.meanUp"))
        }
    }
}

/// An observer that never stops a path: the block runs every step.
struct CountingObserver: PathObserver {
    mutating func start(count: Int, first: Double, second: Double) -> Bool { true }
    mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool { true }
}
