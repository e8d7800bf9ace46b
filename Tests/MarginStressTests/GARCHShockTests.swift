import Foundation
import Testing
@testable import MarginStress

/// GARCH shocks against the closed forms of the variance recursion.
@Suite("GARCH shocks")
struct GARCHShockTests {
    static let cash = 1_000.0, spot = 100.0

    /// One long unit of an asset at 100 with a GARCH entry, `steps` daily periods.
    func scenario(omega: Double, alpha: Double, beta: Double, gamma: Double = 0, variance: Double, mean: Double = 0,
                  nu: Double? = nil, steps: Int, paths: Int = 256, workers: Int = 0, antithetic: Bool = false) throws -> Scenario {
        let file = ScenarioFile(
            name: "garch", account: AccountSection(
                mode: "cross", collateral: [CollateralEntry(asset: "USDC", amount: Self.cash, haircut: 0)],
                positions: [PositionEntry(asset: "X", quantity: 1, maintenanceMarginRate: 0.001)]),
            market: MarketSection(
                assets: [AssetEntry(symbol: "X", price: Self.spot, volatility: 0.3), AssetEntry(symbol: "USDC", price: 1, volatility: 0)],
                distribution: DistributionEntry(type: "garch", degreesOfFreedom: nu, garch: [
                    GARCHEntry(asset: "X", omega: omega, alpha: alpha, beta: beta, gamma: gamma, variance: variance, mean: mean)])),
            simulation: SimulationSection(horizon: Horizon("\(steps)d"), steps: steps, paths: paths, seed: 5, workers: workers,
                                          antithetic: antithetic))
        return try ScenarioValidator.validate(file, source: "test")
    }

    /// Every path's price at every step, from the equity the observer sees (P = equity - cash + entry).
    func prices(_ scenario: Scenario, blocks: Int) throws -> [[Double]] {
        let runner = try SimulationRunner(scenario: scenario)
        let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: scenario.steps, seed: scenario.seed)
        let ws = BlockWorkspace(capacity: 256, dimension: runner.market.dimension, modelStateWords: runner.market.shockStateWordsPerPath)
        var paths: [[Double]] = []
        for b in 0..<blocks {
            var observer = RecordingObserver()
            simulator.run(block: b, count: 256, in: ws, observer: &observer)
            for p in 0..<256 { paths.append(observer.equity.map { $0[p] - Self.cash + Self.spot }) }
        }
        return paths
    }

    func moments(_ x: [Double]) -> (mean: Double, variance: Double, varianceSE: Double) {
        let n = Double(x.count), m = x.reduce(0, +) / n
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        let m4 = x.reduce(0) { $0 + pow($1 - m, 4) } / n
        return (m, v, ((m4 - v * v) / n).squareRoot())
    }

    @Test("one step: the log-return's variance is the starting variance and its mean the mean, within 4 se",
          arguments: [nil, 5.0] as [Double?])
    func oneStep(nu: Double?) throws {
        let h0 = 4e-4, mu = 0.001
        let sc = try scenario(omega: 1e-5, alpha: 0.1, beta: 0.85, gamma: 0.05, variance: h0, mean: mu, nu: nu, steps: 1)
        let x = try prices(sc, blocks: 400).map { log($0[0] / Self.spot) }
        let m = moments(x)
        #expect(abs(m.mean - mu) < 4 * (h0 / Double(x.count)).squareRoot(), "mean \(m.mean)")
        #expect(abs(m.variance - h0) < 4 * m.varianceSE, "variance \(m.variance) ± \(m.varianceSE), h0 \(h0)")
    }

    /// E[h_t] = hbar + phi^(t-1) (h_1 - hbar), phi = alpha + beta + gamma / 2, hbar = omega / (1 - phi) (symmetric
    /// innovations), and the increments are uncorrelated: Var(X_n) = sum_t E[h_t]; each E[h_t] checked too.
    @Test("multi-step: the expected variance path of the closed form within 4 se", arguments: [nil, 6.0] as [Double?])
    func multiStep(nu: Double?) throws {
        let omega = 2e-5, alpha = 0.08, beta = 0.86, gamma = 0.06, h0 = 1e-3, n = 10
        let sc = try scenario(omega: omega, alpha: alpha, beta: beta, gamma: gamma, variance: h0, nu: nu, steps: n)
        let paths = try prices(sc, blocks: 400)
        let phi = alpha + beta + gamma / 2, hbar = omega / (1 - phi)
        let expected = (1...n).map { t in hbar + pow(phi, Double(t - 1)) * (h0 - hbar) }
        for t in [2, 5, 10] {
            let x = paths.map { log($0[t - 1] / (t == 1 ? Self.spot : $0[t - 2])) }
            let m = moments(x)
            #expect(abs(m.variance - expected[t - 1]) < 4 * m.varianceSE, "E h_\(t): \(m.variance) ± \(m.varianceSE) vs \(expected[t - 1])")
        }
        let total = moments(paths.map { log($0[n - 1] / Self.spot) })
        let sum = expected.reduce(0, +)
        #expect(abs(total.variance - sum) < 4 * total.varianceSE, "Var X_n \(total.variance) ± \(total.varianceSE) vs \(sum)")
        #expect(sum < Double(n) * h0 * 0.97)  // the variance decays toward hbar: not a constant-variance walk
    }

    /// Squared returns of consecutive periods are correlated under GARCH (volatility clusters) and not under a
    /// constant variance (alpha = beta = 0).
    @Test("volatility clustering: the autocorrelation of squared returns")
    func clustering() throws {
        func autocorrelation(_ sc: Scenario) throws -> (rho: Double, count: Int) {
            var a: [Double] = [], b: [Double] = []
            for path in try prices(sc, blocks: 60) {
                var previous = Self.spot, squares: [Double] = []
                for p in path { squares.append(pow(log(p / previous), 2)); previous = p }
                for t in 1..<squares.count { a.append(squares[t - 1]); b.append(squares[t]) }
            }
            let n = Double(a.count), ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
            return (sab / (saa * sbb).squareRoot(), a.count)
        }
        let omega = 1e-5, alpha = 0.1, beta = 0.85
        let clustered = try autocorrelation(try scenario(omega: omega, alpha: alpha, beta: beta, variance: omega / (1 - alpha - beta), steps: 30))
        let flat = try autocorrelation(try scenario(omega: 2e-4, alpha: 0, beta: 0, variance: 2e-4, steps: 30))
        // Stationary Gaussian GARCH(1,1): rho_1 = alpha (1 - alpha beta - beta²) / (1 - 2 alpha beta - beta²) = 0.179.
        #expect(clustered.rho > 0.1, "\(clustered)")
        #expect(abs(flat.rho) < 4 / Double(flat.count).squareRoot(), "\(flat)")
    }

    @Test("bit-identical for workers 1, 2 and 7, with antithetic pairs and Student-t innovations")
    func reproducible() async throws {
        var jsons: [String] = []
        for workers in [1, 2, 7] {
            let sc = try scenario(omega: 1e-5, alpha: 0.1, beta: 0.85, gamma: 0.04, variance: 6e-4, nu: 5, steps: 20,
                                  paths: 5_001, workers: workers, antithetic: true)
            jsons.append(try Exporter.json(try await simulate(sc)))
        }
        #expect(jsons[0] == jsons[1] && jsons[0] == jsons[2])
        #expect(jsons[0].contains("gjr-garch-t(5)"))
    }

    @Test("validation: missing entries, negative parameters and steps that do not match the data's period")
    func validation() throws {
        #expect(throws: ScenarioError.self) { try scenario(omega: -1e-5, alpha: 0.1, beta: 0.8, variance: 1e-4, steps: 3) }
        #expect(throws: ScenarioError.self) { try scenario(omega: 1e-5, alpha: 0.1, beta: 0.8, variance: 0, steps: 3) }
        var file = ScenarioFile(name: "x", account: AccountSection(mode: "cross", collateral: [CollateralEntry(asset: "USDC", amount: 1, haircut: 0)],
                                                                 positions: [PositionEntry(asset: "X", quantity: 1, maintenanceMarginRate: 0.01)]),
                                market: MarketSection(assets: [AssetEntry(symbol: "X", price: 1, volatility: 0.3), AssetEntry(symbol: "USDC", price: 1, volatility: 0)],
                                                      distribution: DistributionEntry(type: "garch", garch: [GARCHEntry(asset: "X", omega: 1e-5, alpha: 0.1, beta: 0.8, variance: 1e-4)])),
                                simulation: SimulationSection(horizon: Horizon("3d"), steps: 4))
        do {
            _ = try ScenarioValidator.validate(file, source: "t")
            Issue.record("4 steps over 3 periods accepted")
        } catch { #expect("\(error)".contains("simulation.steps")) }
        file.simulation?.steps = 3
        file.market?.assets?[1].volatility = 0.1
        do {
            _ = try ScenarioValidator.validate(file, source: "t")
            Issue.record("a moving asset without a garch entry accepted")
        } catch { #expect("\(error)".contains("USDC")) }
    }
}

/// Records the first form (equity) of every path at every step.
struct RecordingObserver: PathObserver {
    var equity: [[Double]] = []
    mutating func start(count: Int, first: Double, second: Double) -> Bool { true }
    mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
        equity.append(Array(UnsafeBufferPointer(start: first, count: count)))
        return true
    }
}
