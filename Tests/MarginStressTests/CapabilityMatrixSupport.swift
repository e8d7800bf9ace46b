import Foundation
import Testing
@testable import MarginStress

/// A small two-position book (long BTC, short ETH, cash collateral, flat 1% maintenance rates) that can be given
/// exactly one feature of the capability table, scaled, or re-rated, as YAML text: the same text goes through
/// `ScenarioLoader` + `ScenarioValidator` for the library and into a file for the CLI.
struct MatrixBook {
    var mode = "cross"
    var accountLines: [String] = []
    var collateralLines: [String] = []
    var btcQuantity = 4.0
    var ethQuantity = -60.0
    var btcMargin = "maintenanceMarginRate: 0.01"
    var ethRate = 0.01
    var btcExtra = ""
    var btcAsset = ""
    var btcVolatility = 0.8
    var ethVolatility = 0.9
    var distribution = "{type: gaussian}"
    var steps = 24
    var paths = 4096
    var simulationLines: [String] = []
    var marketLines: [String] = []

    var yaml: String {
        var lines = ["name: capability matrix", "account:", "  mode: \(mode)"] + accountLines
        lines += ["  collateral:", "    - {asset: USDC, amount: 30000}"] + collateralLines
        lines += ["  positions:",
                  "    - {asset: BTC, quantity: \(btcQuantity), \(btcMargin)\(btcExtra)}",
                  "    - {asset: ETH, quantity: \(ethQuantity), maintenanceMarginRate: \(ethRate)}",
                  "market:", "  assets:",
                  "    - {symbol: BTC, price: 60000, volatility: \(btcVolatility)\(btcAsset)}",
                  "    - {symbol: ETH, price: 3000, volatility: \(ethVolatility)}",
                  "    - {symbol: USDC, price: 1, volatility: 0}",
                  "  correlations: [[BTC, ETH, 0.5]]",
                  "  distribution: \(distribution)"] + marketLines + [
                  "simulation:", "  horizon: 7d", "  steps: \(steps)", "  paths: \(paths)", "  seed: 17"]
        lines += simulationLines
        return lines.joined(separator: "\n") + "\n"
    }

    func scenario(_ overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        let file = try ScenarioLoader.decode(yaml, format: .yaml, source: "matrix.yaml")
        return try ScenarioValidator.validate(overrides.applied(to: file), source: "matrix.yaml").loadingHistory()
    }

    /// 400 days of BTC and ETH prices (daily log-returns of volatility 0.8 and 0.9 a year, correlation 0.5, fat
    /// tailed), for the historical books: an absolute path, written once.
    static let historyFile: String = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / 9007199254740992
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var lines = ["Date,BTC,ETH"], btc = 60000.0, eth = 3000.0
        var day = Date(timeIntervalSince1970: 1_500_000_000)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        for t in 0...400 {
            if t > 0 {
                let tail = uniform() < 0.05 ? 2.5 : 0.92  // a mixture: variance about 1, fat tails
                let a = normal(), b = 0.5 * a + (0.75).squareRoot() * normal()
                btc *= exp(tail * 0.8 / 365.0.squareRoot() * a)
                eth *= exp(tail * 0.9 / 365.0.squareRoot() * b)
            }
            lines.append("\(format.string(from: day)),\(btc),\(eth)")
            day += 86_400
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("margin-stress-matrix-\(UUID().uuidString).csv")
        try? (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }()

    /// Every position's quantity times k, written into the file (not through the tuner's own scaling).
    func scaled(_ k: Double) -> MatrixBook {
        var b = self
        b.btcQuantity *= k
        b.ethQuantity *= k
        return b
    }

    /// Every position on one flat maintenance rate m (a flat book only).
    func rated(_ m: Double) -> MatrixBook {
        var b = self
        b.btcMargin = "maintenanceMarginRate: \(m)"
        b.ethRate = m
        return b
    }

    /// Two brackets, the second one continuous with the first (amount = floor x rate difference).
    static let schedule = [
        "  marginSchedules:",
        "    btc:",
        "      style: binance",
        "      brackets:",
        "        - {notionalFloor: 0, maintenanceMarginRate: 0.01, maintenanceAmount: 0}",
        "        - {notionalFloor: {{floor}}, maintenanceMarginRate: 0.02, maintenanceAmount: {{amount}}}",
    ]

    /// The book with exactly `feature` (nil: none). Attribution and shards are options of the command line, so
    /// their book is the plain one.
    static func with(_ feature: Capabilities.Feature?) -> MatrixBook {
        var b = MatrixBook()
        switch feature {
        case nil, .attribution?, .sharding?: break
        case .tieredMargin?: b = b.tiered(floor: 200_000)
        case .volatileCollateral?: b.collateralLines = ["    - {asset: BTC, amount: 0.1, haircut: 0.1}"]
        case .funding?: b.btcExtra = ", fundingRate: 0.5"
        case .liquidationCosts?:
            b.accountLines = ["  liquidationFee: 0.005"]
            b.btcAsset = ", halfSpread: 0.0005"
        case .partialLiquidation?: b.accountLines = ["  liquidation: {type: partial, buffer: 0.1}"]
        case .isolatedMode?: b.mode = "isolated"
        case .studentT?: b.distribution = "{type: student-t, degreesOfFreedom: 4}"
        case .jumps?: b.marketLines = ["  jumps: {intensity: 12, sizeDistribution: normal, mean: -0.04, standardDeviation: 0.05}"]
        case .stress?: b.marketLines = ["  stress: {volatilityFactor: 1.3, correlationBlend: 0.5, shock: {BTC: -0.03}}"]
        case .garch?:
            b.steps = 7
            b.distribution = "{type: garch, degreesOfFreedom: 6, garch: [{asset: BTC, omega: 1.0e-5, alpha: 0.08, beta: 0.88, "
                + "gamma: 0.05, variance: 0.0018}, {asset: ETH, omega: 2.0e-5, alpha: 0.1, beta: 0.85, variance: 0.0022}]}"
        case .historical?:
            b.steps = 7
            b.distribution = "{type: historical, history: {file: \(historyFile), window: 300, bootstrap: stationary, meanBlockLength: 3}}"
        case .filteredHistorical?:
            b.steps = 7
            b.distribution = "{type: filtered-historical, history: {file: \(historyFile), window: 300, filter: ewma, lambda: 0.94}}"
        case .bridge?:
            // A bridge needs a model with a data period: filtered historical at four steps per day.
            b.steps = 28
            b.distribution = "{type: filtered-historical, history: {file: \(historyFile), window: 300, filter: ewma, lambda: 0.94}}"
        case .antithetic?: b.simulationLines = ["  antithetic: true"]
        case .relativePrecision?: b.simulationLines = ["  relativePrecision: 0.1"]
        case .continuousMonitoring?: b.simulationLines = ["  monitoring: continuous"]
        case .importanceSampling?: b.simulationLines = ["  importanceSampling: auto"]
        }
        return b
    }

    /// BTC on the two-bracket schedule whose second bracket starts at `floor`.
    func tiered(floor: Double) -> MatrixBook {
        var b = self
        b.accountLines += Self.schedule.map {
            $0.replacingOccurrences(of: "{{floor}}", with: "\(floor)").replacingOccurrences(of: "{{amount}}", with: "\(floor * 0.01)")
        }
        b.btcMargin = "maintenanceSchedule: btc"
        return b
    }

    /// The command line of `command` on this book's file, with the options that ask for `feature`.
    static func arguments(_ command: Capabilities.Command, file: String, feature: Capabilities.Feature?) -> [String] {
        var words: [String]
        switch command {
        case .run: words = ["run", file]
        case .tuneLeverage: words = ["tune", file, "--target", "0.01"]
        case .tuneRate: words = ["tune", file, "--maintenance-rate-for-bad-debt", "0.001"]
        case .compare: words = ["compare", file]
        case .liquidationPrice: words = ["liquidation-price", file]
        case .exchange: words = ["exchange", file]
        }
        if feature == .attribution { words.append("--attribution") }
        if feature == .sharding { words += ["--shard", "0/2"] }
        return words
    }
}

/// Library helpers of the matrix: each analysis of a scenario over every block.
enum Matrix {
    static func run(_ s: Scenario) async throws -> SimulationResult {
        await (try SimulationRunner(scenario: s)).run()
    }

    static func compare(_ s: Scenario) async throws -> CompareRunner.Tally {
        await (try CompareRunner(scenario: s)).run().partial
    }

    static func tune(_ s: Scenario, _ question: Tuner.Question, grid: [Double]) async throws -> [Int] {
        await (try Tuner(scenario: s, question: question, asset: nil, grid: grid)).run().partial.counts
    }

    static func json(_ s: Scenario, _ result: SimulationResult) throws -> String {
        try RunSummary(scenario: s, runner: try SimulationRunner(scenario: s), result: result, totalSeconds: 0).jsonWithoutTiming()
    }

    static func header(_ command: String, _ s: Scenario, _ blocks: Range<Int>, total: Int) -> PartialResultHeader {
        PartialResultHeader(command: command, arguments: [], scenario: s, blocks: blocks, plannedEnd: blocks.upperBound,
                            totalBlocks: total, interruptedBy: nil, simulationSeconds: 0, workers: 1)
    }

    /// A partial result file through its bytes and back, as `merge` reads it.
    static func roundTrip<R: MergeablePartial>(_ file: PartialResultFile<R>) throws -> PartialResultFile<R> {
        try PartialResults.decoder().decode(PartialResultFile<R>.self, from: try file.encoded())
    }

    /// `shards` shards of `command`, each computed by `part` over its blocks and passed through a partial result
    /// file's bytes, merged (as `merge` would, from files named `<command>-<i>`) in reverse order, or rotated by one
    /// (shards 1, 2, ..., 0: neither ascending nor descending) when `rotated`.
    static func mergedShards<R: MergeablePartial>(_ command: String, _ s: Scenario, shards: Int, rotated: Bool = false,
                                                  _ part: (Range<Int>) async throws -> R) async throws -> R {
        let driver = BlockDriver(paths: s.paths, workers: 2)
        var files: [(path: String, file: PartialResultFile<R>)] = []
        for i in 0..<shards {
            let blocks = driver.blocks(ofShard: i, of: shards)
            files.append(("\(command)-\(i)", try roundTrip(PartialResultFile(
                header: header(command, s, blocks, total: driver.totalBlocks), scenario: s, result: try await part(blocks)))))
        }
        return try PartialResults.merge(rotated ? Array(files.dropFirst()) + [files[0]] : files.reversed()).result
    }

    /// `run` split into `shards` shards merged (in reverse order), as JSON without timing.
    static func shardedRun(_ s: Scenario, shards: Int) async throws -> String {
        let runner = try SimulationRunner(scenario: s)
        var files: [(path: String, file: PartialResultFile<RunPartial>)] = []
        for i in 0..<shards {
            let r = await runner.run(blocks: runner.driver.blocks(ofShard: i, of: shards))
            files.append(("run-\(i)", try roundTrip(PartialResultFile(header: header("run", s, r.blocks, total: runner.driver.totalBlocks),
                                                                      scenario: s, result: r.partial))))
        }
        let merged = try PartialResults.merge(files.reversed())
        let result = SimulationResult(partial: merged.result, blocks: merged.header.blocks, totalBlocks: merged.header.totalBlocks,
                                      pathsRequested: s.paths, stoppedAtPrecision: false, interruptedBy: nil,
                                      simulationSeconds: 0, workers: 1)
        return try json(merged.scenario, result)
    }

    /// Wilson 95% interval half-width over the estimate, computed here rather than by the library.
    static func relativeHalfWidth(count: Int, trials: Int) -> Double {
        let z = 1.959963984540054, n = Double(trials), p = Double(count) / n
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return half / p
    }
}
