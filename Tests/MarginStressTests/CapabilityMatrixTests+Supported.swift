import Foundation
import Testing
@testable import MarginStress

/// The supported pairs of the capability table, each against an independent computation (`checkSupported`).
extension CapabilityMatrixTests {
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
            if feature == .sharding {
                // Three shards, each through a partial file, merged in another order: the one-process result.
                let merged = try await Matrix.mergedShards("exchange", s, shards: 3) { await driver.run(analysis, blocks: $0).partial }
                #expect(merged == exchange)
            }
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
            #expect(try await Matrix.mergedShards("tune", s, shards: 3, rotated: true) { await whole.run(blocks: $0).partial } == reference)
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
            #expect(try await Matrix.mergedShards("tune", s, shards: 4) { await tuner.run(blocks: $0).partial } == reference)
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
            #expect(try await Matrix.mergedShards("compare", s, shards: 3) { await runner.run(blocks: $0).partial } == tally)
        default:
            Issue.record("no check for the supported pair (\(feature.rawValue), compare)")
        }
    }
}
