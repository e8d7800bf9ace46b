import Foundation
import MarginStress

/// Benchmark workloads W1-W3, built in Swift with the formulas of `Benchmarks/workloads.py`, so that the
/// benchmarks need no Python and no files.
///
/// A cross-margin account with 1,000,000 USD cash collateral holds linear perpetuals on d risky assets,
/// entered at the market price, with flat maintenance rates, zero drift, a one-day horizon and a one-factor
/// correlation rho = 0.6 between every pair of risky assets. Asset i (0-based) uses template k = i mod 8,
/// scaled by r = i / 8:
///
///     price P0_i = PRICES[k] (1 + 0.10 r),  volatility sig_i = VOLS[k] (1 + 0.05 r),
///     maintenance rate MMR[k],  weight u_i = WEIGHTS[k],  sign s_i = -1 if i mod 3 == 1 else +1,
///
/// and notional_i = g s_i u_i (quantity = notional / P0), with the gross scale
/// g = K / (sum_i u_i mmr_i + 1.9 sqrt(H/365 w' Sigma w)), w = s u, Sigma_ij = sig_i sig_j rho_ij,
/// which puts the account about 1.9 one-horizon standard deviations away from liquidation.
public enum Workload: String, CaseIterable, Sendable {
    case w1 = "W1"
    case w2 = "W2"
    case w3 = "W3"

    static let prices = [60000.0, 3000.0, 150.0, 0.5, 15.0, 7.0, 0.4, 550.0]
    static let vols = [0.55, 0.70, 0.95, 0.85, 0.90, 0.90, 0.85, 0.65]
    static let mmr = [0.004, 0.005, 0.010, 0.015, 0.010, 0.015, 0.020, 0.010]
    static let weights = [1.00, 0.80, 0.50, 0.30, 0.30, 0.25, 0.20, 0.40]
    static let collateral = 1_000_000.0
    static let horizonDays = 1.0
    static let rho = 0.6
    static let seed: UInt64 = 42
    static let distance = 1.9

    /// Risky assets d.
    public var dimension: Int {
        switch self {
        case .w1: 8
        case .w2: 64
        case .w3: 2
        }
    }

    /// Monitoring steps over the one-day horizon.
    public var steps: Int {
        switch self {
        case .w1: 96
        case .w2: 24
        case .w3: 1440
        }
    }

    /// The path count of `workloads.py` (used by `Benchmarks/compare`).
    public var referencePaths: Int {
        switch self {
        case .w1: 200_000
        case .w2: 50_000
        case .w3: 20_000
        }
    }

    /// The reduced path count of the end-to-end benchmarks: a tenth of the reference, so that one
    /// iteration takes well under a second on one core.
    public var benchmarkPaths: Int { referencePaths / 10 }

    /// Asset-steps (paths x steps x d) of a run of `paths` paths: the unit of the throughput figures.
    public func assetSteps(paths: Int) -> Int { paths * steps * dimension }

    struct Asset {
        var symbol: String
        var price: Double
        var volatility: Double
        var mmr: Double
        var weight: Double
        var sign: Double
    }

    /// Rounds away binary noise such as 195.00000000000003, as `workloads.py` does (prices and vols only).
    static func tidy(_ x: Double) -> Double { Double(String(format: "%.12g", x))! }

    var assets: [Asset] {
        (0..<dimension).map { i in
            let k = i % 8, r = Double(i / 8)
            return Asset(symbol: String(format: "A%02d", i), price: Self.tidy(Self.prices[k] * (1 + 0.10 * r)),
                         volatility: Self.tidy(Self.vols[k] * (1 + 0.05 * r)), mmr: Self.mmr[k],
                         weight: Self.weights[k], sign: i % 3 == 1 ? -1 : 1)
        }
    }

    /// g = K / (sum u mmr + 1.9 sqrt(H/365 w' Sigma w)) for the one-factor correlation rho.
    static func grossScale(_ assets: [Asset]) -> Double {
        let n = assets.count
        var variance = 0.0
        for i in 0..<n {
            var row = 0.0
            for j in 0..<n {
                let sigma = assets[i].volatility * assets[j].volatility * (i == j ? 1 : rho)
                row += sigma * assets[j].sign * assets[j].weight
            }
            variance += assets[i].sign * assets[i].weight * row
        }
        var maintenance = 0.0
        for a in assets { maintenance += a.weight * a.mmr }
        let spread = (horizonDays / 365 * variance).squareRoot()
        return collateral / (maintenance + distance * spread)
    }

    /// The scenario file of the workload, as `workloads.py` writes it (with `paths` and `workers` given).
    public func file(paths: Int? = nil, workers: Int? = nil) -> ScenarioFile {
        let assets = self.assets
        let g = Self.grossScale(assets)
        let d = assets.count, n = d + 1  // USD last: uncorrelated with everything
        let matrix = (0..<n).map { i in
            (0..<n).map { j in i == j ? 1.0 : (i < d && j < d ? Self.rho : 0) }
        }
        return ScenarioFile(
            name: "\(rawValue): \(dimension) assets, \(steps) steps",
            account: AccountSection(
                mode: "cross",
                collateral: [CollateralEntry(asset: "USD", amount: Self.collateral, haircut: 0)],
                positions: assets.map {
                    PositionEntry(asset: $0.symbol, quantity: g * $0.sign * $0.weight / $0.price,
                                  maintenanceMarginRate: $0.mmr)
                }),
            market: MarketSection(
                assets: assets.map { AssetEntry(symbol: $0.symbol, price: $0.price, volatility: $0.volatility, drift: 0) }
                    + [AssetEntry(symbol: "USD", price: 1, volatility: 0)],
                correlationMatrix: matrix,
                distribution: DistributionEntry(type: "gaussian")),
            simulation: SimulationSection(horizon: Horizon("1"), steps: steps, paths: paths ?? referencePaths,
                                          seed: Self.seed, workers: workers))
    }

    /// The validated scenario of the workload.
    public func scenario(paths: Int? = nil, workers: Int? = nil) throws -> Scenario {
        try ScenarioValidator.validate(file(paths: paths, workers: workers), source: "workload \(rawValue)")
    }

    /// A runner for the workload: its market (Cholesky loadings) and account models are built here.
    public func runner(paths: Int? = nil, workers: Int? = nil) throws -> SimulationRunner {
        try SimulationRunner(scenario: scenario(paths: paths, workers: workers))
    }
}
