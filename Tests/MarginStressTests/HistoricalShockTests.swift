import Foundation
import Testing
@testable import MarginStress

/// Historical and filtered historical simulation: deterministic windows, the filter's identity, the stationary
/// bootstrap's block lengths, reproducibility, the file and its errors.
@Suite("historical shocks")
struct HistoricalShockTests {
    static let cash = 10_000.0, spotX = 100.0, spotY = 50.0

    /// A wide CSV of X and Y whose log-returns are `x` and `y` (from 100 and 50), one row per day from 2020-01-01.
    static func csv(_ x: [Double], _ y: [Double]) -> String {
        var lines = ["Date,X,Y"], px = spotX, py = spotY
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        var day = format.date(from: "2020-01-01")!
        for t in 0...x.count {
            if t > 0 {
                px *= exp(x[t - 1])
                py *= exp(y[t - 1])
            }
            lines.append("\(format.string(from: day)),\(px.description),\(py.description)")
            day += 86_400
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scenario (long 1 X, short 2 Y, USDC cash) in a fresh folder beside `prices.csv`, the file named relative
    /// to it; validated with the scenario's path as source and its window read.
    static func scenario(_ x: [Double], _ y: [Double], distribution: String, steps: Int, paths: Int = 2_048,
                         workers: Int = 0, extra: String = "", cash: Double = cash) throws -> Scenario {
        try PairBook.scenario(
            name: "historical", csv: csv(x, y), cash: cash, spotX: spotX, spotY: spotY,
            market: ["correlations: [[X, Y, 0.3]]", "distribution: \(distribution)"], extra: extra,
            simulation: "{horizon: \(steps)d, steps: \(steps), paths: \(paths), seed: 11, workers: \(workers), daysPerYear: 365}")
    }

    /// Every path's log-returns of X and Y at every step (from the run's own paths, `PathBlockSimulator.logReturn`).
    static func logPaths(_ s: Scenario, blocks: Int) throws -> (x: [[Double]], y: [[Double]]) {
        let runner = try SimulationRunner(scenario: s)
        let market = runner.market
        let simulator = PathBlockSimulator(market: market, valuation: runner.valuation, steps: s.steps, seed: s.seed)
        let ws = BlockWorkspace(capacity: 256, dimension: market.dimension, modelStateWords: market.shockStateWordsPerPath)
        var xs: [[Double]] = [], ys: [[Double]] = []
        let ix = market.simulated.firstIndex(of: 0)!, iy = market.simulated.firstIndex(of: 1)!
        for b in 0..<blocks {
            var observer = StepLogReturns(simulator: simulator, workspace: ws, assets: [ix, iy])
            simulator.run(block: b, count: 256, in: ws, observer: &observer)
            for p in 0..<256 {
                xs.append(observer.values.map { $0[0][p] })
                ys.append(observer.values.map { $0[1][p] })
            }
        }
        return (xs, ys)
    }

    /// Returns drawn from a fixed generator: Student-t-like, daily scale about 2%.
    static func returns(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        return (0..<n).map { _ in
            let z = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            return (uniform() < 0.1 ? 0.05 : 0.015) * z + 0.0002
        }
    }

    @Test("a window whose returns all equal gives the same path everywhere: P_t = P_0 e^(t r)",
          arguments: ["{type: historical, history: {file: prices.csv}}",
                      "{type: historical, history: {file: prices.csv, bootstrap: stationary, meanBlockLength: 4}}",
                      "{type: filtered-historical, history: {file: prices.csv, filter: ewma, lambda: 0.9}}"])
    func constantWindow(distribution: String) throws {
        let rx = 0.01, ry = -0.02, steps = 12
        let s = try Self.scenario(Array(repeating: rx, count: 60), Array(repeating: ry, count: 60), distribution: distribution, steps: steps)
        let paths = try Self.logPaths(s, blocks: 2)
        for (x, y) in zip(paths.x, paths.y) {
            for t in 0..<steps {
                #expect(abs(x[t] - Double(t + 1) * rx) < 1e-12 && abs(y[t] - Double(t + 1) * ry) < 1e-12, "\(x[t]) \(y[t])")
            }
        }
    }

    /// With a constant filtered variance c (GARCH filter alpha = beta = 0, omega = c; or EWMA with lambda = 1) the
    /// residuals are r / sqrt(c) and each path rescales them by sqrt(c): the historical returns, period for period,
    /// drawn in the same order from the same stream.
    @Test("filtered-historical with a constant volatility equals historical", arguments: ["iid", "stationary, meanBlockLength: 6"])
    func constantFilter(bootstrap: String) throws {
        let x = Self.returns(250, seed: 3), y = Self.returns(250, seed: 4)
        let historical = try Self.scenario(x, y, distribution: "{type: historical, history: {file: prices.csv, bootstrap: \(bootstrap)}}", steps: 20)
        let reference = try Self.logPaths(historical, blocks: 2)
        let garch = "{type: filtered-historical, history: {file: prices.csv, bootstrap: \(bootstrap), filter: garch}, "
            + "garch: [{asset: X, omega: 4e-4, alpha: 0, beta: 0}, {asset: Y, omega: 9e-4, alpha: 0, beta: 0}]}"
        let ewma = "{type: filtered-historical, history: {file: prices.csv, bootstrap: \(bootstrap), filter: ewma, lambda: 1}}"
        for distribution in [garch, ewma] {
            let filtered = try Self.logPaths(try Self.scenario(x, y, distribution: distribution, steps: 20), blocks: 2)
            var largest = 0.0
            for p in reference.x.indices {
                for t in 0..<20 {
                    largest = max(largest, abs(filtered.x[p][t] - reference.x[p][t]), abs(filtered.y[p][t] - reference.y[p][t]))
                }
            }
            #expect(largest < 1e-12, "\(distribution): \(largest)")
        }
    }

    /// Returns r_t = (t + 1) 1e-5 name their period, so each step's period is read back from the path. Under the
    /// stationary bootstrap a step continues the block (period t + 1 after t, wrapping) unless it restarts, with
    /// probability q = p (1 - 1/T), p = 1 / meanBlockLength (a restart lands on the next period with probability
    /// 1/T), independently at every step: the mean block length 1/q is estimated from the steps' restarts, with
    /// the delta-method standard error sqrt(q (1 - q) / n) / q².
    @Test("stationary bootstrap: mean block length within 4 standard errors (and i.i.d. restarts every step)",
          arguments: [(5.0, "stationary, meanBlockLength: 5"), (1.5, "stationary, meanBlockLength: 1.5"), (1.0, "iid")])
    func blockLengths(mean: Double, bootstrap: String) throws {
        let periods = 400, steps = 60
        let r = (0..<periods).map { Double($0 + 1) * 1e-5 }
        let s = try Self.scenario(r, r, distribution: "{type: historical, history: {file: prices.csv, bootstrap: \(bootstrap)}}", steps: steps)
        let paths = try Self.logPaths(s, blocks: 8).x
        var restarts = 0, transitions = 0, visits = [Int](repeating: 0, count: periods)
        for path in paths {
            var previous = -1
            for t in 0..<steps {
                let step = path[t] - (t == 0 ? 0 : path[t - 1])
                let period = Int((step / 1e-5).rounded()) - 1
                #expect(period >= 0 && period < periods && abs(step - Double(period + 1) * 1e-5) < 1e-10)
                visits[period] += 1
                if t > 0 {
                    transitions += 1
                    if period != (previous + 1) % periods { restarts += 1 }
                }
                previous = period
            }
        }
        let q = Double(restarts) / Double(transitions), expectedQ = (1 / mean) * (1 - 1 / Double(periods))
        let se = (q * (1 - q) / Double(transitions)).squareRoot()
        #expect(abs(q - expectedQ) < 4 * se, "restart rate \(q) ± \(se), expected \(expectedQ)")
        if mean > 1 {
            let length = 1 / q, lengthSE = se / (q * q)
            #expect(abs(length - mean / (1 - 1 / Double(periods))) < 4 * lengthSE, "mean block length \(length) ± \(lengthSE)")
        }
        // Every period is reachable (a uniform start, wrapping blocks): each is visited, none more than 3x the mean.
        let average = Double(paths.count * steps) / Double(periods)
        #expect(visits.allSatisfy { $0 > 0 && Double($0) < 3 * average }, "\(visits.min()!) ... \(visits.max()!)")
    }

    @Test("bit-identical for workers 1, 2 and 7 and for 3 shards merged (historical with blocks, FHS GARCH with jumps)",
          arguments: ["{type: historical, history: {file: prices.csv, window: 200, bootstrap: stationary, meanBlockLength: 5}}",
                      "{type: filtered-historical, history: {file: prices.csv, window: 200, filter: garch}, garch: [{asset: X, omega: 2e-6, alpha: 0.08, beta: 0.9, gamma: 0.03, mean: 0.0002}, {asset: Y, omega: 4e-6, alpha: 0.1, beta: 0.85}]}"])
    func reproducible(distribution: String) async throws {
        let x = Self.returns(300, seed: 8), y = Self.returns(300, seed: 9)
        let jumps = distribution.contains("filtered") ? "  jumps: {intensity: 20, sizeDistribution: normal, mean: -0.03, standardDeviation: 0.02}\n" : ""
        var jsons: [String] = []
        var last: Scenario? = nil
        for workers in [1, 2, 7] {
            let s = try Self.scenario(x, y, distribution: distribution, steps: 10, paths: 5_001, workers: workers, extra: jumps, cash: 15)
            jsons.append(try Exporter.json(try await simulate(s)))
            last = s
        }
        #expect(jsons[0] == jsons[1] && jsons[0] == jsons[2])
        let s = try #require(last)
        let run = try await Matrix.run(s)
        #expect(run.moments.liquidations > 0, "the book is liquidated on some paths")
        #expect(try await Matrix.shardedRun(s, shards: 3) == Matrix.json(s, run))
    }

    @Test("the model in the summaries and the HTML note")
    func names() throws {
        let x = Self.returns(100, seed: 1)
        let h = try Self.scenario(x, x, distribution: "{type: historical, history: {file: prices.csv, bootstrap: stationary, meanBlockLength: 5}}", steps: 5)
        #expect(h.distributionName == "historical-block(5)")
        let f = try Self.scenario(x, x, distribution: "{type: filtered-historical, history: {file: prices.csv}}", steps: 5)
        #expect(f.distributionName == "filtered-historical-ewma(0.94)")
        #expect(ReportPage.modelNote(f).contains("the 100 periods of prices.csv (2020-01-02 to 2020-04-10)"))
    }

    /// A scenario's problems as text (validation, then the file).
    func problems(_ distribution: String, csv: String? = nil, extra: String = "", steps: Int = 5, horizon: Int? = nil) -> String {
        do {
            let dir = try temporaryDirectory()
            try (csv ?? Self.csv(Self.returns(50, seed: 2), Self.returns(50, seed: 3)))
                .write(to: dir.appendingPathComponent("prices.csv"), atomically: true, encoding: .utf8)
            let yaml = """
                account:
                  collateral: [{asset: USDC, amount: 1000}]
                  positions: [{asset: X, quantity: 1, maintenanceMarginRate: 0.01}]
                market:
                  assets: [{symbol: X, price: 100, volatility: 0.3}, {symbol: USDC, price: 1, volatility: 0}]
                  distribution: \(distribution)
                \(extra)simulation: {horizon: \(horizon ?? steps)d, steps: \(steps), paths: 256, daysPerYear: 365}

                """
            let path = dir.appendingPathComponent("s.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try ScenarioValidator.validate(try ScenarioLoader.read(path: path), source: path).loadingHistory(source: path)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("validation names the field, the file, row and column, and the fix")
    func validation() throws {
        #expect(problems("{type: historical}").contains("market.distribution.history: missing"))
        #expect(problems("{type: historical, history: {window: 100}}").contains("market.distribution.history.file: missing"))
        #expect(problems("{type: historical, history: {file: prices.csv, window: 1}}").contains("market.distribution.history.window: 1 returns are too few"))
        #expect(problems("{type: historical, history: {file: prices.csv, bootstrap: blocks}}").contains("market.distribution.history.bootstrap: \"blocks\" is not known"))
        #expect(problems("{type: historical, history: {file: prices.csv, bootstrap: stationary}}").contains("market.distribution.history.meanBlockLength: missing"))
        #expect(problems("{type: historical, history: {file: prices.csv, bootstrap: stationary, meanBlockLength: 0.5}}").contains("is below 1"))
        #expect(problems("{type: historical, history: {file: prices.csv, meanBlockLength: 5}}").contains("applies only to bootstrap: stationary"))
        #expect(problems("{type: historical, history: {file: prices.csv, filter: ewma}}").contains("market.distribution.history.filter: applies only to type filtered-historical"))
        #expect(problems("{type: filtered-historical, history: {file: prices.csv, lambda: 1.5}}").contains("market.distribution.history.lambda: 1.5 is outside (0, 1]"))
        #expect(problems("{type: filtered-historical, history: {file: prices.csv, filter: garch}}").contains("market.distribution.garch: missing"))
        #expect(problems("{type: historical, history: {file: prices.csv, from: 2020-13-01x}}").contains("market.distribution.history.from: '2020-13-01x' is not a date"))
        #expect(problems("{type: gaussian, history: {file: prices.csv}}").contains("market.distribution.history: applies only to types historical"))
        #expect(problems("{type: historical, history: {file: prices.csv}}", extra: "  stress: {correlationBlend: 0.5}\n")
            .contains("market.stress.correlationBlend: does not apply to a historical model"))
        // The file: missing, an asset it lacks, a gap (row and column), too few rows.
        #expect(problems("{type: historical, history: {file: nothere.csv}}").contains("market.distribution.history.file: ") && problems("{type: historical, history: {file: nothere.csv}}").contains("nothere.csv: no such file"))
        let other = problems("{type: historical, history: {file: prices.csv}}", csv: "Date,Z\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n")
        #expect(other.contains("market.distribution.history.file: ") && other.contains("column X: unknown asset"), "\(other)")
        let gap = problems("{type: historical, history: {file: prices.csv}}", csv: "Date,X\n2020-01-01,1\n2020-01-02,\n2020-01-03,3\n2020-01-04,3\n")
        #expect(gap.contains("prices.csv, row 3, column X: missing price on 2020-01-02"), "\(gap)")
        let few = problems("{type: historical, history: {file: prices.csv}}", csv: "Date,X\n2020-01-01,1\n2020-01-02,2\n")
        #expect(few.contains("1 returns where at least 2 are needed"), "\(few)")
        #expect(problems("{type: historical, history: {file: prices.csv, window: 30, bootstrap: stationary, meanBlockLength: 2}}").isEmpty)
        // Steps that are not a whole number per period of the data are refused, with the number of steps to give;
        // a whole number (here 2) is filled by the Brownian bridge.
        #expect(problems("{type: historical, history: {file: prices.csv}}", steps: 7, horizon: 5).contains("set steps to 5"))
        #expect(problems("{type: historical, history: {file: prices.csv}}", steps: 10, horizon: 5).isEmpty)
    }

    @Test("capabilities: antithetic sampling, continuous monitoring and exchange are refused with a sentence")
    func refusals() throws {
        let x = Self.returns(60, seed: 5)
        let s = try Self.scenario(x, x, distribution: "{type: historical, history: {file: prices.csv}}", steps: 5,
                                  extra: "")
        #expect(Capabilities.features(of: s) == [.historical])
        var anti = s
        anti.antithetic = true
        #expect(Capabilities.refusals(anti, .run).contains { $0.contains("does not support antithetic sampling with historical shocks") })
        var continuous = s
        continuous.continuousMonitoring = true
        #expect(Capabilities.refusals(continuous, .run).contains { $0.contains("GARCH or historical shocks") })
        #expect(Capabilities.refusals(s, .exchange).contains { $0.contains("does not support historical shocks") })
        #expect(Capabilities.refusals(s, .run).isEmpty && Capabilities.refusals(s, .compare).isEmpty)
    }

    /// The API a caller with returns in memory uses (no file): a `HistorySpec(returns:)` in the scenario.
    @Test("a history given in memory equals the same history read from a file")
    func inMemory() async throws {
        let x = Self.returns(120, seed: 6), y = Self.returns(120, seed: 7)
        let fromFile = try Self.scenario(x, y, distribution: "{type: historical, history: {file: prices.csv, bootstrap: stationary, meanBlockLength: 3}}", steps: 8)
        var given = fromFile
        let read = try #require(fromFile.historySpec)
        given.distribution = .historical(HistorySpec(returns: read.returns, bootstrap: .stationary(meanBlockLength: 3)))
        let a = try Self.logPaths(fromFile, blocks: 1), b = try Self.logPaths(given, blocks: 1)
        #expect(a.x == b.x && a.y == b.y)
        // The file's returns are the CSV's log-returns (to the rounding of the printed prices).
        #expect(zip(read.returns[0], x).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}

/// Records log(P_t / P_0) of the chosen simulated assets at every step.
struct StepLogReturns: PathObserver {
    let simulator: PathBlockSimulator
    let workspace: BlockWorkspace
    let assets: [Int]
    var values: [[[Double]]] = []

    init(simulator: PathBlockSimulator, workspace: BlockWorkspace, assets: [Int]) {
        self.simulator = simulator
        self.workspace = workspace
        self.assets = assets
    }

    mutating func start(count: Int, first: Double, second: Double) -> Bool { true }
    mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
        values.append(assets.map { a in (0..<count).map { simulator.logReturn(asset: a, path: $0, in: workspace) } })
        return true
    }
}
