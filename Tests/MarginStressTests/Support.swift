import Foundation
@testable import MarginStress

/// Standard normal CDF.
func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

/// Standard normal quantile by bisection on `normalCDF` (accurate to 1e-14, fast enough for tests).
func normalQuantile(_ p: Double) -> Double {
    var lo = -40.0, hi = 40.0
    for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if normalCDF(mid) < p { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
}

/// A market of assets with the given (symbol, price, vol) plus USDC, and a scenario around it.
func makeScenario(
    assets: [(String, Double, Double)], positions: [PositionEntry], cash: Double,
    correlations: [CorrelationPair]? = nil, distribution: DistributionEntry? = nil,
    horizon: String = "30d", steps: Int = 30, paths: Int = 100_000, seed: UInt64 = 7, workers: Int = 0
) throws -> Scenario {
    var entries = assets.map { AssetEntry(symbol: $0.0, price: $0.1, volatility: $0.2) }
    entries.append(AssetEntry(symbol: "USDC", price: 1, volatility: 0))
    let file = ScenarioFile(
        name: "test",
        account: AccountSection(mode: "cross", collateral: [CollateralEntry(asset: "USDC", amount: cash, haircut: 0)],
                                positions: positions),
        market: MarketSection(assets: entries, correlations: correlations, distribution: distribution),
        simulation: SimulationSection(horizon: Horizon(horizon), steps: steps, paths: paths, seed: seed, workers: workers))
    return try ScenarioValidator.validate(file, source: "test")
}

/// Runs a scenario and returns the summary with its timing zeroed (the part that varies between runs).
func simulate(_ scenario: Scenario) async throws -> RunSummary {
    let runner = try SimulationRunner(scenario: scenario)
    let result = await runner.run()
    var summary = RunSummary(scenario: scenario, runner: runner, result: result, totalSeconds: 0)
    summary.timing = RunSummary.Timing(workers: 0, seconds: 0, simulationSeconds: 0, pathsPerSecond: 0, assetStepsPerSecond: 0)
    return summary
}

/// First-passage probability of log-price X_t = nu t + sigma W_t to barrier b within T, continuous monitoring,
/// with the Broadie-Glasserman-Kou shift `0.5826 sigma sqrt(dt)` away from the start for discrete monitoring
/// every `dt` (pass dt = 0 for continuous monitoring).
func barrierProbability(b: Double, nu: Double, sigma: Double, T: Double, dt: Double) -> Double {
    let st = sigma * T.squareRoot()
    let shift = 0.5826 * sigma * dt.squareRoot()
    if b < 0 {
        let bs = b - shift
        return normalCDF((bs - nu * T) / st) + exp(2 * nu * bs / (sigma * sigma)) * normalCDF((bs + nu * T) / st)
    } else {
        let bs = b + shift
        return normalCDF((nu * T - bs) / st) + exp(2 * nu * bs / (sigma * sigma)) * normalCDF((-bs - nu * T) / st)
    }
}

/// Path of the package root, from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
