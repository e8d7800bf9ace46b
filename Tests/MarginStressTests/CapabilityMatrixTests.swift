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

/// The capability table, pair by pair: each supported pair against an independent computation, each refused pair
/// refused by the library and by the command line (exit 64, the sentence, nothing simulated), and the refused
/// combinations of features each supported alone.
@Suite("Capability matrix")
struct CapabilityMatrixTests {
    typealias Feature = Capabilities.Feature
    typealias Command = Capabilities.Command

    @Test("each book uses exactly its feature")
    func booksUseOneFeature() throws {
        #expect(Capabilities.features(of: try MatrixBook.with(nil).scenario()).isEmpty)
        for f in Feature.allCases {
            let s = try MatrixBook.with(f).scenario()
            let expected: [Feature] = f == .attribution || f == .sharding ? [] : f == .bridge ? [.filteredHistorical, f] : [f]
            #expect(Capabilities.features(of: s) == expected, "\(f.rawValue)")
            #expect(Capabilities.features(of: s, attribution: f == .attribution, sharded: f == .sharding) == (f == .bridge ? expected : [f]), "\(f.rawValue)")
        }
    }

    @Test("every (feature, command) pair", arguments: Feature.allCases, Command.allCases)
    func pair(_ feature: Feature, _ command: Command) async throws {
        let book = MatrixBook.with(feature)
        let s = try book.scenario()
        let refusals = Capabilities.refusals(s, command, attribution: feature == .attribution, sharded: feature == .sharding)
        switch Capabilities.support(feature, command) {
        case .refused(let why):
            let sentence = "`\(command.rawValue)` does not support \(feature.rawValue): \(why)"
            #expect(refusals.contains(sentence), "\(refusals)")
            // The bridge's book also has its model, whose own refusals come too.
            let own = feature == .bridge ? refusals.filter { !$0.contains(Feature.filteredHistorical.rawValue) } : refusals
            #expect(own.allSatisfy { $0.contains(feature.rawValue) && $0.contains("`\(command.rawValue)") })
            try checkRefusedByCLI(book, command, feature, sentences: refusals)
        case .notApplicable:
            // Attribution is an option of `run` only: the other commands do not take it (no silent acceptance).
            // liquidation-price has neither option: nothing is simulated.
            #expect((feature == .attribution && command != .run) || (feature == .sharding && (command == .liquidationPrice || command == .exchange)))
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("book.yaml").path
            try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try runCLI(MatrixBook.arguments(command, file: file, feature: feature) + ["--quiet"])
            #expect(r.status == 64, "\(r.stderr)")
            #expect(r.stderr.contains(feature == .attribution ? "--attribution" : "--shard"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        case .supported:
            #expect(refusals.isEmpty, "\(refusals)")
            try await checkSupported(feature, command, book, s)
            try checkAcceptedByCLI(book, command, feature)
        }
    }

    // MARK: - Refused

    /// The CLI stops with exit 64, the table's sentences on standard error, nothing on standard output and no
    /// export directory: it refused before simulating (the book asks for 2 million paths, about a second's work
    /// if it were simulated).
    func checkRefusedByCLI(_ book: MatrixBook, _ command: Command, _ feature: Feature?, sentences: [String],
                           extra: [String] = []) throws {
        var book = book
        book.paths = 2_000_000
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("book.yaml").path
        try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try runCLI(MatrixBook.arguments(command, file: file, feature: feature) + extra + ["--export", out, "--quiet"])
        #expect(r.status == 64, "\(command.rawValue) \(feature?.rawValue ?? ""): \(r.stderr)")
        let lines = Set(r.stderr.split(separator: "\n").map(String.init))
        for sentence in sentences { #expect(lines.contains(sentence), "missing on stderr: \(sentence)\n\(r.stderr)") }
        #expect(!sentences.isEmpty)
        #expect(r.stdout.isEmpty, "\(r.stdout.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The CLI runs a supported pair (exit 0, no refusal).
    func checkAcceptedByCLI(_ book: MatrixBook, _ command: Command, _ feature: Feature) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("book.yaml").path
        try book.yaml.write(toFile: file, atomically: true, encoding: .utf8)
        var words = MatrixBook.arguments(command, file: file, feature: feature) + ["--json", "--quiet"]
        if command == .tuneLeverage || command == .tuneRate { words += ["--points", "4"] }
        let r = try runCLI(words)
        #expect(r.status == 0, "\(command.rawValue) with \(feature.rawValue): \(r.stderr)")
        #expect(!r.stderr.contains("does not support"))
        #expect(r.stdout.hasPrefix("{"))
    }

    // MARK: - Supported

    func checkSupported(_ feature: Feature, _ command: Command, _ book: MatrixBook, _ s: Scenario) async throws {
        switch command {
        case .run: try await checkRun(feature, book, s)
        case .tuneLeverage: try await checkTuneLeverage(feature, book, s)
        case .tuneRate: try await checkTuneRate(feature, book, s)
        case .compare: try await checkCompare(feature, book, s)
        case .liquidationPrice: try checkLiquidationPrice(feature, s)
        case .exchange:
            // The scenario's own account as a book of one, on the same market: exactly run's liquidations.
            let analysis = try ExchangeAnalysis(book: AccountBook(scenario: s), scenario: s)
            let driver = BlockDriver(paths: s.paths, workers: 2)
            let exchange = await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial
            let run = try await Matrix.run(s)
            #expect(exchange.accountLiquidations == [run.moments.liquidations], "\(feature.rawValue)")
            #expect(exchange.liquidationsByStep == run.outcomes.liquidationsByStep, "\(feature.rawValue)")
        }
    }

    /// `liquidation-price` against the account's own snapshot (equity less maintenance margin, computed by
    /// `Scenario.snapshot` or, isolated, from the position's allocation): just above each price the account is
    /// above maintenance, just below it is not.
    func checkLiquidationPrice(_ feature: Feature, _ s: Scenario) throws {
        let r = try LiquidationPrices(scenario: s)
        let allocation = MarginModes.allocation(s)
        func surplus(_ asset: Int, at price: Double, position i: Int) -> Double {
            var moved = s
            moved.assets[asset].price = price
            if s.mode == .isolated {
                let p = s.positions[i]
                return allocation[i] + p.quantity * (price - p.entryPrice) - p.maintenance(atNotional: abs(p.quantity) * price)
            }
            let snap = moved.snapshot
            return snap.equity - snap.maintenanceMargin
        }
        var found = 0
        for (i, row) in r.rows.enumerated() {
            #expect(!row.liquidatedNow)
            let asset = s.positions[i].asset
            for (price, towards) in [(row.liquidationPrice.down, -1.0), (row.liquidationPrice.up, 1.0)] {
                guard let price else { continue }
                #expect(surplus(asset, at: price * (1 - towards * 1e-9), position: i) > 0, "\(feature.rawValue): \(row.asset) at \(price)")
                #expect(surplus(asset, at: price * (1 + towards * 1e-9), position: i) < 0, "\(feature.rawValue): \(row.asset) at \(price)")
                found += 1
            }
        }
        #expect(found == 2, "\(feature.rawValue): long BTC falls, short ETH rises")
    }

    /// `run` against another computation of the same number, and shards merged against one process.
    func checkRun(_ feature: Feature, _ book: MatrixBook, _ s: Scenario) async throws {
        let run = try await Matrix.run(s)
        let liquidated = run.moments.liquidations
        #expect(liquidated > 100 && liquidated < s.paths - 100, "\(feature.rawValue): \(liquidated) of \(s.paths) liquidated")
        if feature != .relativePrecision && feature != .attribution {
            #expect(try await Matrix.shardedRun(s, shards: 3) == Matrix.json(s, run), "\(feature.rawValue): 3 shards merged")
        }
        switch feature {
        case .tieredMargin:
            // A second bracket out of reach gives the flat book's numbers exactly; one in reach changes them.
            let far = try MatrixBook.with(nil).tiered(floor: 1e9).scenario()
            #expect(far.hasTieredMargin)
            let flat = try await Matrix.run(try MatrixBook.with(nil).scenario())
            let farRun = try await Matrix.run(far)
            #expect(farRun.outcomes.liquidationsByStep == flat.outcomes.liquidationsByStep)
            #expect(farRun.moments.badDebtCount == flat.moments.badDebtCount)
            #expect(liquidated > flat.moments.liquidations)  // 2% on the BTC notional above 200,000
            // And re-simulation at scale 1 is run.
            let counts = try await Tuner.resimulatedCounts(scenario: s, asset: nil, table: [1], target: 0.5, steps: 0)
            #expect(counts.counts == [liquidated])
        case .volatileCollateral, .studentT, .antithetic, .jumps, .stress, .garch, .historical, .filteredHistorical, .bridge:
            #expect(try await Matrix.compare(s).crossLiquidated == liquidated)
            #expect(try await Matrix.tune(s, .scale, grid: [0.5, 1, 2])[1] == liquidated)
            let attribution = await (try SimulationRunner(scenario: s)).attribution(of: run)
            #expect(attribution?.liquidated.paths == liquidated)
            if feature == .antithetic { #expect(s.antithetic && run.moments.pairsBothLiquidated + run.moments.pairsOneLiquidated > 0) }
        case .funding:
            // Funding changes the count (BTC longs pay 50% a year), and attribution's pass sees the same paths.
            #expect(liquidated > (try await Matrix.run(try MatrixBook.with(nil).scenario())).moments.liquidations)
            let attribution = await (try SimulationRunner(scenario: s)).attribution(of: run)
            #expect(attribution?.liquidated.paths == liquidated)
            try await checkFundingByHand()
        case .liquidationCosts:
            // Costs are paid after the liquidation: same paths liquidated at the same steps as without them, less
            // equity left; and the one-pass frontier at scale 1 (which has no costs) agrees.
            let free = try await Matrix.run(try MatrixBook.with(nil).scenario())
            #expect(run.outcomes.liquidationsByStep == free.outcomes.liquidationsByStep)
            #expect(run.moments.badDebtCount >= free.moments.badDebtCount)
            #expect(run.moments.sumPnL < free.moments.sumPnL)
            #expect(try await Matrix.tune(s, .scale, grid: [1])[0] == liquidated)
            let attribution = await (try SimulationRunner(scenario: s)).attribution(of: run)
            #expect(attribution?.liquidated.paths == liquidated)
        case .partialLiquidation:
            // Up to the first liquidation event a path is the full-liquidation book's path: the paths with an event
            // (partial or full) are exactly those the full book liquidates.
            let full = try await Matrix.run(try MatrixBook.with(nil).scenario())
            #expect(run.moments.pathsWithLiquidationEvent == full.moments.liquidations)
            #expect(run.moments.pathsPartiallyLiquidated > 0)
            #expect(liquidated < full.moments.liquidations)
        case .isolatedMode:
            // The account's outcome is the first position liquidated on its own margin: compare's isolated side.
            let tally = try await Matrix.compare(s)
            #expect(tally.anyIsolatedLiquidated == liquidated)
            #expect(tally.isolatedByStep == run.outcomes.liquidationsByStep)
        case .relativePrecision:
            try await checkRelativePrecision(book)
        case .attribution:
            let attribution = try #require(await (try SimulationRunner(scenario: s)).attribution(of: run))
            #expect(attribution.liquidated.paths == liquidated)
            #expect(attribution.componentExpectedShortfall.tailPaths >= s.paths / 100)
        case .sharding:
            for shards in [2, 5] { #expect(try await Matrix.shardedRun(s, shards: shards) == Matrix.json(s, run)) }
        case .continuousMonitoring, .importanceSampling:
            // The second pass: weighted discrete liquidation agrees with the plain count; the continuous one is
            // at least the discrete one (every discrete liquidation counts 1, other paths their bridge crossing).
            let second = try await rareEvents(s).liquidationEstimate
            let plain = ProportionEstimate(count: liquidated, trials: s.paths)
            if feature == .importanceSampling {
                let both = (plain.standardError * plain.standardError + second.standardError * second.standardError).squareRoot()
                #expect(abs(second.probability - plain.probability) < 4 * both, "\(second.probability) against \(plain.probability)")
            } else {
                #expect(second.probability > plain.probability, "\(second.probability) against \(plain.probability)")
            }
        }
    }

    /// Funding by hand: no volatility, so prices stay put and equity falls by q P r dt every day; the account
    /// (10,000 of collateral, 240,000 of BTC at 1%: margin 2,400) pays 2,400 a day at r = 365%, so every path is
    /// liquidated at the first step with 10,000 - 2,400 t < 2,400: t = 4, leaving 400.
    func checkFundingByHand() async throws {
        let yaml = """
            name: funding by hand
            account:
              collateral: [{asset: USDC, amount: 10000}]
              positions: [{asset: BTC, quantity: 4, maintenanceMarginRate: 0.01, fundingRate: 3.65}]
            market:
              assets: [{symbol: BTC, price: 60000, volatility: {{vol}}}, {symbol: USDC, price: 1, volatility: 0}]
            simulation: {horizon: 7d, steps: 7, paths: 1000, seed: 1}
            """
        func outcome(volatility: String) async throws -> (byStep: [Int], meanPnL: Double) {
            let text = yaml.replacingOccurrences(of: "{{vol}}", with: volatility)
            let s = try ScenarioValidator.validate(try ScenarioLoader.decode(text, format: .yaml, source: "f"), source: "f")
            #expect(Capabilities.features(of: s) == [.funding])
            let run = try await Matrix.run(s)
            let summary = RunSummary(scenario: s, runner: try SimulationRunner(scenario: s), result: run, totalSeconds: 0)
            return (run.outcomes.liquidationsByStep, summary.terminalPnL.mean)
        }
        // A volatility of 1e-9 moves prices by about 1e-10 a day: the hand computation holds to far below a cent.
        let tiny = try await outcome(volatility: "1.0e-9")
        #expect(tiny.byStep == [0, 0, 0, 0, 1000, 0, 0, 0])
        #expect(abs(tiny.meanPnL - -9_600) < 1e-3, "\(tiny.meanPnL)")
        // With every volatility exactly 0 nothing moves, but time does: funding still accrues.
        let still = try await outcome(volatility: "0")
        #expect(still.byStep == tiny.byStep)
        #expect(abs(still.meanPnL - -9_600) < 1e-3, "\(still.meanPnL)")
    }

    /// The precision stop: the run ends after the first round of 32,768 paths at which the Wilson interval is
    /// within the target (computed here), and equals a fixed-size run of that many paths.
    func checkRelativePrecision(_ book: MatrixBook) async throws {
        let target = 0.015
        let s = try book.scenario(ScenarioOverrides(paths: 400_000, relativePrecision: target))
        let runner = try SimulationRunner(scenario: s)
        let run = await runner.run()
        let n = run.outcomes.paths, round = BlockDriver.roundLength * BlockDriver.blockSize
        #expect(run.stoppedAtPrecision)
        #expect(n % round == 0 && n >= 2 * round && n < s.paths, "\(n)")
        #expect(Matrix.relativeHalfWidth(count: run.moments.liquidations, trials: n) <= target)
        let earlier = await runner.run(blocks: 0..<((n - round) / BlockDriver.blockSize))
        #expect(Matrix.relativeHalfWidth(count: earlier.moments.liquidations, trials: n - round) > target)
        let fixed = try MatrixBook.with(nil).scenario(ScenarioOverrides(paths: n))
        let fixedRun = try await Matrix.run(fixed)
        let same = fixedRun.partial == run.partial  // (not inside #expect: it would print both accumulators)
        #expect(same, "a fixed run of \(n) paths differs from the run stopped there")
        // Resumed from a result that ends where the stop ended (what a run interrupted in its last round, or a
        // finished run's --checkpoint file, holds), the run ends there too rather than adding a round.
        let resumed = await runner.run(resuming: (run.partial, run.blocks.upperBound))
        #expect(resumed.blocks == run.blocks)
        #expect(resumed.stoppedAtPrecision)
        #expect(resumed.outcomes.liquidationsByStep == run.outcomes.liquidationsByStep)
    }

    /// `tune --target`: its count at scale 1 is run's; at scale 2 it is run's on the book written at twice the size.
    func checkTuneLeverage(_ feature: Feature, _ book: MatrixBook, _ s: Scenario) async throws {
        let liquidated = try await Matrix.run(s).moments.liquidations
        let doubled = try await Matrix.run(try book.scaled(2).scenario()).moments.liquidations
        let half = try await Matrix.run(try book.scaled(0.5).scenario()).moments.liquidations
        #expect(half < liquidated && liquidated < doubled)
        switch feature {
        case .tieredMargin, .funding, .partialLiquidation:
            #expect(Tuner.needsResimulation(s))
            let counts = try await Tuner.resimulatedCounts(scenario: s, asset: nil, table: [0.5, 2], target: 0.01, steps: 2)
            func at(_ k: Double) -> Int? { counts.grid.firstIndex(of: k).map { counts.counts[$0] } }
            #expect(at(1) == liquidated && at(2) == doubled && at(0.5) == half, "\(counts.grid) \(counts.counts)")
        case .volatileCollateral, .liquidationCosts, .studentT, .antithetic, .jumps, .stress, .garch, .historical, .filteredHistorical,
             .bridge:
            #expect(!Tuner.needsResimulation(s))
            #expect(try await Matrix.tune(s, .scale, grid: [0.5, 1, 2]) == [half, liquidated, doubled])
        case .sharding:
            let grid = Tuner.spaced(0.1...10, points: 101, logarithmic: true) + [20]
            let whole = try Tuner(scenario: s, question: .scale, asset: nil, grid: grid)
            let reference = await whole.run().partial
            var files: [(path: String, file: PartialResultFile<GridCounts>)] = []
            let driver = BlockDriver(paths: s.paths, workers: 2)
            for i in 0..<3 {
                let blocks = driver.blocks(ofShard: i, of: 3)
                let part = await whole.run(blocks: blocks).partial
                files.append(("t\(i)", try Matrix.roundTrip(PartialResultFile(
                    header: Matrix.header("tune", s, blocks, total: driver.totalBlocks), scenario: s, result: part))))
            }
            #expect(try PartialResults.merge(files.shuffled()).result == reference)
            #expect(reference.counts[reference.grid.firstIndex(of: 1)!] == liquidated)
        default:
            Issue.record("no check for the supported pair (\(feature.rawValue), tune --target)")
        }
    }

    /// `tune --maintenance-rate-for-bad-debt`: every position of the book has the flat rate 1%, so the bad-debt
    /// count at m = 1% is run's own bad-debt count; at 2% it is run's on the book re-rated to 2%.
    func checkTuneRate(_ feature: Feature, _ book: MatrixBook, _ s: Scenario) async throws {
        let run = try await Matrix.run(s)
        let rerated = try await Matrix.run(try book.rated(0.02).scenario())
        let counts = try await Matrix.tune(s, .maintenanceRate, grid: [0.005, 0.01, 0.02])
        #expect(counts[1] == run.moments.badDebtCount, "\(feature.rawValue): \(counts) vs run \(run.moments.badDebtCount)")
        #expect(counts[2] == rerated.moments.badDebtCount)
        #expect(counts[1] > counts[2] && counts[2] > 0, "\(counts)")
        switch feature {
        case .volatileCollateral, .studentT, .antithetic, .jumps, .stress, .garch, .historical, .filteredHistorical, .bridge: break
        case .sharding:
            let tuner = try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: (0...500).map { Double($0) / 10_000 })
            let reference = await tuner.run().partial
            let driver = BlockDriver(paths: s.paths, workers: 2)
            var files: [(path: String, file: PartialResultFile<GridCounts>)] = []
            for i in 0..<4 {
                let blocks = driver.blocks(ofShard: i, of: 4)
                files.append(("r\(i)", try Matrix.roundTrip(PartialResultFile(
                    header: Matrix.header("tune", s, blocks, total: driver.totalBlocks), scenario: s,
                    result: await tuner.run(blocks: blocks).partial))))
            }
            #expect(try PartialResults.merge(files.reversed()).result == reference)
        case .importanceSampling:
            // The weighted estimate at 1% against run's plain bad-debt count there, within 4 combined se.
            let tuner = try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: [0.005, 0.01, 0.02])
            let weighted = await tuner.weightedRun().sums.partial.estimates[1]
            let plain = ProportionEstimate(count: run.moments.badDebtCount, trials: s.paths)
            let both = (plain.standardError * plain.standardError + weighted.standardError * weighted.standardError).squareRoot()
            #expect(abs(weighted.probability - plain.probability) < 4 * both, "\(weighted.probability) against \(plain.probability)")
        default:
            Issue.record("no check for the supported pair (\(feature.rawValue), tune --maintenance-rate-for-bad-debt)")
        }
    }

    /// `compare`: its cross side is `run` of the cross book on the same seed, step by step, and its isolated side
    /// is `run` of the isolated book (the account's outcome there is the first position liquidated).
    func checkCompare(_ feature: Feature, _ book: MatrixBook, _ s: Scenario) async throws {
        let tally = try await Matrix.compare(s)
        var crossBook = book, isolatedBook = book
        crossBook.mode = "cross"
        isolatedBook.mode = "isolated"
        let cross = try await Matrix.run(try crossBook.scenario())
        #expect(tally.crossLiquidated == cross.moments.liquidations)
        #expect(tally.crossByStep == cross.outcomes.liquidationsByStep)
        #expect(tally.anyIsolatedLiquidated > tally.crossLiquidated)
        let isolatedScenario = try isolatedBook.scenario()
        #expect(Capabilities.refusals(isolatedScenario, .run).isEmpty, "\(Capabilities.refusals(isolatedScenario, .run))")
        let isolated = try await Matrix.run(isolatedScenario)
        #expect(tally.anyIsolatedLiquidated == isolated.moments.liquidations)
        #expect(tally.isolatedByStep == isolated.outcomes.liquidationsByStep)
        switch feature {
        case .tieredMargin, .funding, .liquidationCosts, .volatileCollateral, .studentT, .antithetic, .isolatedMode,
             .jumps, .stress, .garch, .historical, .filteredHistorical, .bridge: break
        case .sharding:
            let runner = try CompareRunner(scenario: s)
            let driver = BlockDriver(paths: s.paths, workers: 2)
            var files: [(path: String, file: PartialResultFile<CompareRunner.Tally>)] = []
            for i in 0..<3 {
                let blocks = driver.blocks(ofShard: i, of: 3)
                files.append(("c\(i)", try Matrix.roundTrip(PartialResultFile(
                    header: Matrix.header("compare", s, blocks, total: driver.totalBlocks), scenario: s,
                    result: await runner.run(blocks: blocks).partial))))
            }
            #expect(try PartialResults.merge(files.reversed()).result == tally)
        default:
            Issue.record("no check for the supported pair (\(feature.rawValue), compare)")
        }
    }

    // MARK: - Combinations refused

    struct Combination: Sendable, CustomTestStringConvertible {
        var name: String
        var book: MatrixBook
        var command: Command
        /// The feature asked for on the command line (attribution, shards), if any.
        var option: Feature?
        /// Features that the command supports alone.
        var parts: [Feature]
        /// True when the table refuses the combination; false when the command computes it.
        var refused: Bool
        /// What the refusal names (besides the command).
        var names: [String]
        var testDescription: String { name }
    }

    static var combinations: [Combination] {
        var list: [Combination] = []
        // Isolated mode with tiers, funding and costs: computed (each position its own); with partial liquidation and
        // attribution: refused.
        for f in [Feature.tieredMargin, .funding, .liquidationCosts] {
            var book = MatrixBook.with(f)
            book.mode = "isolated"
            list.append(Combination(name: "isolated run with \(f.rawValue)", book: book, command: .run, option: nil,
                                    parts: [.isolatedMode, f], refused: false, names: []))
        }
        var isolatedPartial = MatrixBook.with(.partialLiquidation)
        isolatedPartial.mode = "isolated"
        list.append(Combination(name: "isolated run with partial liquidation", book: isolatedPartial, command: .run, option: nil,
                                parts: [.isolatedMode, .partialLiquidation], refused: true, names: ["isolated", "partial liquidation"]))
        var isolated = MatrixBook.with(.isolatedMode)
        isolated.mode = "isolated"
        list.append(Combination(name: "isolated run --attribution", book: isolated, command: .run, option: .attribution,
                                parts: [.isolatedMode, .attribution], refused: true, names: ["--attribution", "isolated"]))
        list.append(Combination(name: "run --attribution with partial liquidation", book: MatrixBook.with(.partialLiquidation),
                                command: .run, option: .attribution, parts: [.attribution, .partialLiquidation], refused: true,
                                names: ["--attribution", "partial liquidation"]))
        list.append(Combination(name: "run --shard with a relative-precision target", book: MatrixBook.with(.relativePrecision),
                                command: .run, option: .sharding, parts: [.sharding, .relativePrecision], refused: true,
                                names: ["--shard", Feature.relativePrecision.rawValue]))
        for f in [Feature.tieredMargin, .funding, .partialLiquidation] {
            list.append(Combination(name: "tune --target --shard with \(f.rawValue)", book: MatrixBook.with(f),
                                    command: .tuneLeverage, option: .sharding, parts: [.sharding, f], refused: true,
                                    names: ["tune --target --shard", "tiered", "funding", "partial liquidation"]))
        }
        // Partial liquidation of a tiered book: the pro-rata cut needs margin proportional to the open size.
        var partialTiered = MatrixBook.with(.tieredMargin)
        partialTiered.accountLines += MatrixBook.with(.partialLiquidation).accountLines
        for command in [Command.run, .tuneLeverage] {
            list.append(Combination(name: "\(command.rawValue) with partial liquidation of a tiered book", book: partialTiered,
                                    command: command, option: nil, parts: [.partialLiquidation, .tieredMargin], refused: true,
                                    names: [Feature.partialLiquidation.rawValue, Feature.tieredMargin.rawValue]))
        }
        return list
    }

    @Test("combinations of features supported alone: refused with one sentence, or computed", arguments: combinations)
    func combination(_ c: Combination) async throws {
        for part in c.parts {
            guard case .supported = Capabilities.support(part, c.command) else {
                Issue.record("\(part.rawValue) is not supported by \(c.command.rawValue) alone")
                continue
            }
        }
        let s = try c.book.scenario()
        let refusals = Capabilities.refusals(s, c.command, attribution: c.option == .attribution, sharded: c.option == .sharding)
        if c.refused {
            #expect(refusals.count == 1, "\(refusals)")
            for sentence in refusals {
                #expect(sentence.hasPrefix("`\(c.command.rawValue)"), "\(sentence)")
                for name in c.names { #expect(sentence.contains(name), "\(name) not in: \(sentence)") }
            }
            try checkRefusedByCLI(c.book, c.command, c.option, sentences: refusals)
        } else {
            // Isolated run with tiers, funding or costs: the account's outcome is compare's isolated side.
            #expect(refusals.isEmpty, "\(refusals)")
            var cross = c.book
            cross.mode = "cross"
            let tally = try await Matrix.compare(try cross.scenario())
            let run = try await Matrix.run(s)
            #expect(run.moments.liquidations == tally.anyIsolatedLiquidated)
            #expect(run.outcomes.liquidationsByStep == tally.isolatedByStep)
            #expect(run.moments.liquidations > 100)
            try checkAcceptedByCLI(c.book, c.command, c.option ?? .isolatedMode)
        }
    }

    @Test("run --shard --attribution is refused (both options on the command line)")
    func shardWithAttribution() throws {
        let book = MatrixBook.with(nil)
        let s = try book.scenario()
        let refusals = Capabilities.refusals(s, .run, attribution: true, sharded: true)
        #expect(refusals == ["`run --shard` or `--partial` does not support --attribution: its second pass needs the 99% VaR of the whole run, which a shard's result does not carry; run the attribution in one process, without them"])
        try checkRefusedByCLI(book, .run, .sharding, sentences: refusals, extra: ["--attribution"])
    }

    @Test("--relative-precision on the command line is refused like the file's field")
    func relativePrecisionOption() throws {
        let book = MatrixBook.with(nil)
        for command in [Command.tuneLeverage, .tuneRate, .compare] {
            let s = try book.scenario(ScenarioOverrides(relativePrecision: 0.1))
            let refusals = Capabilities.refusals(s, command)
            #expect(refusals.count == 1 && refusals[0].contains(Feature.relativePrecision.rawValue))
            try checkRefusedByCLI(book, command, nil, sentences: refusals, extra: ["--relative-precision", "0.1"])
        }
    }
}
