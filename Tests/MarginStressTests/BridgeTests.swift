import Foundation
import Testing
@testable import MarginStress

/// Steps finer than the data's period: the Brownian bridge between a period's closes (`BridgedShocks`).
@Suite("Brownian bridge between closes")
struct BridgeTests {
    static let garchGJR = "{type: garch, degreesOfFreedom: 6, garch: [{asset: X, omega: 1.0e-5, alpha: 0.08, beta: 0.88, gamma: 0.05, variance: 4.0e-4, mean: 0.0002}, {asset: Y, omega: 2.0e-5, alpha: 0.1, beta: 0.85, variance: 6.0e-4}]}"
    static let historicalBlocks = "{type: historical, history: {file: prices.csv, window: 200, bootstrap: stationary, meanBlockLength: 4}}"
    static let filteredGARCH = "{type: filtered-historical, history: {file: prices.csv, window: 200, filter: garch}, garch: [{asset: X, omega: 2e-6, alpha: 0.08, beta: 0.9, gamma: 0.03, mean: 0.0002}, {asset: Y, omega: 4e-6, alpha: 0.1, beta: 0.85}]}"

    /// The two-asset book of `HistoricalShockTests` (long 1 X at 100, short 2 Y at 50, USDC cash) over `days`
    /// daily periods at `steps` steps, beside a generated `prices.csv` (300 days).
    static func scenario(_ distribution: String, days: Int, steps: Int, paths: Int = 2_048, workers: Int = 0,
                         extra: String = "", cash: Double = 40, antithetic: Bool = false) throws -> Scenario {
        let csv = HistoricalShockTests.csv(HistoricalShockTests.returns(300, seed: 8), HistoricalShockTests.returns(300, seed: 9))
        return try PairBook.scenario(
            name: "bridge", csv: csv, cash: cash, market: ["correlations: [[X, Y, 0.3]]", "distribution: \(distribution)"],
            extra: extra,
            simulation: "{horizon: \(days)d, steps: \(steps), paths: \(paths), seed: 17, workers: \(workers), daysPerYear: 365, antithetic: \(antithetic)}")
    }

    /// Every simulated asset's price state (`BlockWorkspace.priceState`) of every path at every step, for `blocks` blocks.
    static func states(_ s: Scenario, blocks: Int) throws -> [[[Double]]] {
        let runner = try SimulationRunner(scenario: s)
        let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: s.steps, seed: s.seed,
                                           antithetic: s.antithetic)
        let ws = BlockWorkspace(capacity: 256, dimension: runner.market.dimension, modelStateWords: runner.market.shockStateWordsPerPath)
        var out: [[[Double]]] = []  // [step][asset][path of all blocks]
        for b in 0..<blocks {
            var observer = StateRecorder(workspace: ws, dimension: runner.market.dimension)
            simulator.run(block: b, count: 256, in: ws, observer: &observer)
            if out.isEmpty { out = observer.values } else {
                for t in out.indices { for k in out[t].indices { out[t][k] += observer.values[t][k] } }
            }
        }
        return out
    }

    @Test("the closes are kept bit for bit: the state at each period's last step is the one-step-per-period run's",
          arguments: [(garchGJR, 4, true), (historicalBlocks, 3, false), (filteredGARCH, 5, false)] as [(String, Int, Bool)])
    func closes(distribution: String, perPeriod m: Int, antithetic: Bool) throws {
        let days = 6
        let jumps = distribution.contains("garch, degrees") ? "  jumps: {intensity: 30, sizeDistribution: normal, mean: -0.03, standardDeviation: 0.02}\n  stress: {shock: {X: -0.05}}\n" : ""
        let coarse = try Self.states(try Self.scenario(distribution, days: days, steps: days, extra: jumps, antithetic: antithetic), blocks: 2)
        let fineScenario = try Self.scenario(distribution, days: days, steps: days * m, extra: jumps, antithetic: antithetic)
        #expect(Capabilities.features(of: fineScenario).contains(.bridge))
        #expect(try SimulationRunner(scenario: fineScenario).market.bridge?.stepsPerPeriod == m)
        let fine = try Self.states(fineScenario, blocks: 2)
        #expect(coarse.count == days && fine.count == days * m)
        var differ = 0, inside = 0
        for n in 1...days {
            for k in coarse[n - 1].indices {
                #expect(zip(fine[n * m - 1][k], coarse[n - 1][k]).allSatisfy { $0.bitPattern == $1.bitPattern }, "period \(n), asset \(k)")
                // Inside the period the path moves off the straight line between the closes.
                for p in 0..<512 {
                    let before = n == 1 ? fine[0][k][p] : coarse[n - 2][k][p]
                    inside += 1
                    if fine[n * m - 2][k][p] != before && fine[n * m - 2][k][p] != coarse[n - 1][k][p] { differ += 1 }
                }
            }
        }
        #expect(differ > inside * 9 / 10, "\(differ) of \(inside) inside points off the closes")
    }

    @Test("finer monitoring on the same paths: every path liquidated at one step per period is liquidated by then with the bridge")
    func monotone() throws {
        let days = 8, m = 6
        func steps(_ s: Scenario, blocks: Int) throws -> [Int32] {
            let runner = try SimulationRunner(scenario: s)
            let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: s.steps, seed: s.seed)
            let ws = BlockWorkspace(capacity: 256, dimension: runner.market.dimension, modelStateWords: runner.market.shockStateWordsPerPath)
            var out: [Int32] = []
            for b in 0..<blocks {
                simulator.run(block: b, count: 256, in: ws)
                out += (0..<256).map { ws.liquidationStep[$0] }
            }
            return out
        }
        for distribution in [Self.garchGJR, Self.filteredGARCH] {
            let coarse = try steps(try Self.scenario(distribution, days: days, steps: days, cash: 12), blocks: 16)
            let fine = try steps(try Self.scenario(distribution, days: days, steps: days * m, cash: 12), blocks: 16)
            let coarseCount = coarse.filter { $0 >= 0 }.count, fineCount = fine.filter { $0 >= 0 }.count
            #expect(coarseCount > 200 && coarseCount < coarse.count - 200, "\(coarseCount)")
            for p in coarse.indices where coarse[p] >= 0 {
                #expect(fine[p] >= 0 && fine[p] <= coarse[p] * Int32(m), "path \(p): \(coarse[p]) x \(m) vs \(fine[p])")
            }
            #expect(fineCount > coarseCount, "\(fineCount) vs \(coarseCount)")
        }
    }

    /// GARCH with alpha = gamma = beta = 0 is a Gaussian walk of variance h per period; filled by the bridge at m steps
    /// per period it is the Gaussian model at the fine step: each step's increment has variance h / m, consecutive
    /// increments are uncorrelated (also across a close), and the liquidation probability is the Gaussian model's.
    @Test("constant-variance GARCH with the bridge is the Gaussian model at the fine step (4 se)")
    func constantVariance() async throws {
        let h = 4e-4, m = 6, days = 5
        func book(_ distribution: String, volatility: Double) -> String {
            """
            name: flat
            account:
              mode: cross
              collateral: [{asset: USDC, amount: 6}]
              positions: [{asset: X, quantity: 1, maintenanceMarginRate: 0.001}]
            market:
              assets: [{symbol: X, price: 100, volatility: \(volatility)}, {symbol: USDC, price: 1, volatility: 0}]
              distribution: \(distribution)
            simulation: {horizon: \(days)d, steps: \(days * m), paths: 300000, seed: 23, daysPerYear: 365}

            """
        }
        func load(_ yaml: String) throws -> Scenario {
            let dir = try temporaryDirectory()
            let path = dir.appendingPathComponent("s.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return try ScenarioValidator.validate(try ScenarioLoader.read(path: path), source: path)
        }
        let garch = try load(book("{type: garch, garch: [{asset: X, omega: \(h), alpha: 0, beta: 0, variance: \(h), mean: \(-h / 2)}]}", volatility: 0.3))
        let gaussian = try load(book("{type: gaussian}", volatility: (h * 365).squareRoot()))
        // The increments of the first 1,024 paths, steps 1 ..< 2m (the first two periods).
        let log = try Self.states(garch, blocks: 4)
        for j in [1, m / 2, m, m + 1] {
            let x = (0..<1024).map { p in log[j - 1][0][p] - (j == 1 ? 0 : log[j - 2][0][p]) }
            let mean = x.reduce(0, +) / 1024, v = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1023
            // Var of a sample variance of normals: 2 sigma^4 / (n - 1).
            #expect(abs(v - h / Double(m)) < 4 * (2 / 1023.0).squareRoot() * h / Double(m), "step \(j): \(v) vs \(h / Double(m))")
        }
        var products = 0.0, squares = 0.0
        let n = 1024
        for j in 2...(2 * m) {
            for p in 0..<n {
                let a = log[j - 2][0][p] - (j == 2 ? 0 : log[j - 3][0][p]), b = log[j - 1][0][p] - log[j - 2][0][p]
                products += a * b
                squares += a * a
            }
        }
        let pairs = Double((2 * m - 1) * n)
        #expect(abs(products / squares) < 4 / pairs.squareRoot(), "lag-1 correlation of increments \(products / squares)")
        let g = try await simulate(garch).liquidation, z = try await simulate(gaussian).liquidation
        let se = (g.standardError * g.standardError + z.standardError * z.standardError).squareRoot()
        #expect(g.probability > 0.05 && abs(g.probability - z.probability) < 4 * se, "garch \(g.probability) vs gaussian \(z.probability) (se \(se))")
    }

    @Test("bit-identical for workers 1, 2 and 7 and for 3 shards merged",
          arguments: [(filteredGARCH, false), (garchGJR, true)] as [(String, Bool)])
    func reproducible(distribution: String, antithetic: Bool) async throws {
        let jumps = "  jumps: {intensity: 20, sizeDistribution: normal, mean: -0.03, standardDeviation: 0.02}\n"
        var jsons: [String] = []
        var last: Scenario? = nil
        for workers in [1, 2, 7] {
            let s = try Self.scenario(distribution, days: 5, steps: 20, paths: 5_001, workers: workers, extra: jumps, cash: 20,
                                      antithetic: antithetic)
            jsons.append(try Exporter.json(try await simulate(s)))
            last = s
        }
        #expect(jsons[0] == jsons[1] && jsons[0] == jsons[2])
        let s = try #require(last)
        let run = try await Matrix.run(s)
        #expect(run.moments.liquidations > 0)
        #expect(try await Matrix.shardedRun(s, shards: 3) == Matrix.json(s, run))
    }

    @Test("refusals and limits: steps that are not a whole number per period; exchange")
    func refusals() throws {
        let s = try Self.scenario(Self.historicalBlocks, days: 4, steps: 8)
        #expect(Capabilities.features(of: s) == [.historical, .bridge])
        #expect(try #require(ModelParameters(scenario: s)).lines.contains("  steps: 2 per period of the data, a Brownian bridge between the closes"))
        #expect(Capabilities.refusals(s, .run).isEmpty && Capabilities.refusals(s, .compare).isEmpty)
        #expect(Capabilities.refusals(s, .exchange).contains { $0.contains("does not support steps finer than the data's period") })
        do {
            _ = try Self.scenario(Self.historicalBlocks, days: 4, steps: 10)
            Issue.record("10 steps over 4 periods accepted")
        } catch { #expect("\(error)".contains("simulation.steps") && "\(error)".contains("set steps to 4")) }
    }
}

/// Copies the price state of every simulated asset and path at every step.
struct StateRecorder: PathObserver {
    let workspace: BlockWorkspace
    let dimension: Int
    var values: [[[Double]]] = []

    mutating func start(count: Int, first: Double, second: Double) -> Bool { true }
    mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
        values.append((0..<dimension).map { k in Array(UnsafeBufferPointer(start: workspace.priceState + k * workspace.rowStride, count: count)) })
        return true
    }
}

extension BridgeTests {
    /// The market a backtest builds each date (returns in memory), bridged: closes bit for bit, points inside move.
    @Test("an in-memory filtered-historical market, bridged: the closes of the one-step run", arguments: [false, true])
    func inMemory(filtered: Bool) throws {
        let returns = [HistoricalShockTests.returns(250, seed: 3), HistoricalShockTests.returns(250, seed: 4)]
        let market = MarketModel(spot: [100, 50], history: HistorySpec(returns: returns, filter: filtered ? .ewma(lambda: 0.94) : nil), filtered: filtered)
        let forms = LinearForms(firstConstant: 1, firstWeights: [0, 0], secondConstant: 0, secondWeights: [0, 0],
                                extraConstants: [], extraWeights: [])
        func states(_ m: MarketModel, steps: Int) -> [[[Double]]] {
            let simulator = PathBlockSimulator(market: m, valuation: Valuation(forms: forms, market: m), steps: steps, seed: 9)
            let ws = BlockWorkspace(capacity: 256, dimension: 2, modelStateWords: m.shockStateWordsPerPath)
            var observer = StateRecorder(workspace: ws, dimension: 2)
            simulator.run(block: 3, count: 256, in: ws, observer: &observer)
            return observer.values
        }
        let coarse = states(market, steps: 5), fine = states(market.bridged(stepsPerPeriod: 4), steps: 20)
        for n in 1...5 {
            for k in 0..<2 { #expect(zip(fine[4 * n - 1][k], coarse[n - 1][k]).allSatisfy { $0.bitPattern == $1.bitPattern }) }
        }
        #expect(zip(fine[1][0], coarse[0][0]).filter { $0 != $1 }.count > 250)
    }
}
