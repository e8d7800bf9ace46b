import Foundation
import Testing
@testable import MarginStress

/// Auto-deleveraging in `exchange`: a cascade by hand where the fund runs out and ADL closes named winners by
/// computed amounts in ranking order; a fund larger than any bad debt never triggers it; the fund pays the bad
/// debt up to its balance, path for path; bit-identical for workers 1, 2 and 7.
@Suite("Exchange auto-deleveraging")
struct ExchangeADLTests {
    @Test("zero volatility, shock at t0: the fund runs out on B's bad debt and ADL closes the top-ranked shorts at B's bankruptcy price")
    func byHand() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Longs A, B, C as in the cascade test; shorts D (40 BTC on 2,000) and E (30 BTC on 300), both entered at 100.
        for (dCollateral, first) in [(2000.0, "E"), (200.0, "D")] {
            let (s, book) = try ExchangeTests.cascadeBook(dir, extra: [("D", -40, dCollateral), ("E", -30, 300)])
            let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: try ExchangeTests.rules(s, depth: 1e5, adl: true))
            let r = await BlockDriver(paths: s.paths, workers: 1).run(analysis, blocks: 0..<1).partial
            let n = Double(s.paths)
            // Round 1: A sells 100 BTC at 100 (fee 10 to the fund: 110); the price moves to p1.
            let p1 = 100 * exp(-10_000 / 1e5)
            // Round 2: B's equity 300 + 50 (p1 - 100) < 0; the fund pays 110, U is left.
            let debtB = -(300 + 50 * (p1 - 100)), u = debtB - 110
            #expect(u > 0)
            // B's 50 BTC are closed at its bankruptcy price against the shorts, ranked by profit ratio x leverage:
            // both have profit ratio (100 - p1) / 100; leverage 40 p1 / (2,000 + 40 (100 - p1)) for D,
            // 30 p1 / (300 + 30 (100 - p1)) for E (E first), or 40 p1 / (200 + 40 (100 - p1)) for D (D first).
            let levD = 40 * p1 / (dCollateral + 40 * (100 - p1)), levE = 30 * p1 / (300 + 30 * (100 - p1))
            #expect((levE > levD) == (first == "E"))
            let bankruptcy = p1 + u / 50
            let closedD = first == "E" ? 20.0 : 40.0, closedE = first == "E" ? 30.0 : 10.0
            // The absorbed 50 BTC trade off the market: no flow, the price stays at p1, C survives (285 + 20 (p1 - 100) > 0.2 p1).
            #expect(285 + 20 * (p1 - 100) > 0.2 * p1)
            #expect(r.accountLiquidations == [8, 8, 0, 0, 0])
            #expect(r.cascadeDepth[2] == 8)
            #expect(abs(r.sumBadDebt.value / n / debtB - 1) < 1e-12)
            #expect(abs(r.sumFundLoss.value / n - 110) < 1e-9)
            #expect(abs(r.sumADLCovered.value / n / u - 1) < 1e-9)
            #expect(r.sumUnabsorbed.value == 0)
            #expect(r.pathsWithADL == 8 && r.adlPositions == 16)
            #expect(abs(r.sumADLNotional.value / n / (50 * bankruptcy) - 1) < 1e-12)
            #expect(r.accountDeleveraged == [0, 0, 0, 8, 8])
            #expect(r.accountADLNotionalCents[3] == 8 * Int64((closedD * bankruptcy * 100).rounded()))
            #expect(r.accountADLNotionalCents[4] == 8 * Int64((closedE * bankruptcy * 100).rounded()))
            #expect(r.accountADLLossCents[3] == 8 * Int64((closedD * (bankruptcy - p1) * 100).rounded()))
            #expect(r.accountADLLossCents[4] == 8 * Int64((closedE * (bankruptcy - p1) * 100).rounded()))
            // Without ADL the same book leaves U uncovered and B's whole sale moves the price (C falls in round 3).
            let off = try ExchangeAnalysis(book: book, scenario: s, rules: try ExchangeTests.rules(s, depth: 1e5, adl: false))
            let o = await BlockDriver(paths: s.paths, workers: 1).run(off, blocks: 0..<1).partial
            #expect(o.pathsWithADL == 0 && o.accountLiquidations == [8, 8, 8, 0, 0])
            #expect(abs(o.sumUnabsorbed.value / n / u - 1) < 1e-9)
        }
    }

    /// A random book on the test market: `count` cross or isolated accounts, long or short BTC/ETH/SOL, leverage
    /// 2 to 40.
    static func randomBook(_ dir: URL, seed: UInt64, count: Int) throws -> (Scenario, AccountBook) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let prices = ["BTC": 60000.0, "ETH": 3000.0, "SOL": 150.0]
        var a = "account,mode,schedule\n", p = "account,asset,quantity,entryPrice\n", c = "account,asset,amount\n"
        for i in 0..<count {
            a += "r\(i),\(uniform() < 0.2 ? "isolated" : "cross"),std\n"
            var notional = 0.0
            for asset in ["BTC", "ETH", "SOL"] where uniform() < 0.6 || asset == "BTC" {
                let size = 10_000 * exp(3 * uniform()), side = uniform() < 0.5 ? -1.0 : 1.0
                let entry = prices[asset]! * (0.9 + 0.2 * uniform())
                p += "r\(i),\(asset),\(side * size / prices[asset]!),\(entry)\n"
                notional += size
            }
            c += "r\(i),USDC,\(notional / (2 + 38 * uniform()))\n"
        }
        let file = try ScenarioLoader.decode(ExchangeTests.scenarioYAML, format: .yaml, source: "book.yaml")
        let s = try ScenarioValidator.validate(file, source: "book.yaml")
        for (name, text) in [("accounts.csv", a), ("positions.csv", p), ("collateral.csv", c)] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let book = try AccountBook(accounts: dir.appendingPathComponent("accounts.csv").path,
                                   positions: dir.appendingPathComponent("positions.csv").path,
                                   collateral: dir.appendingPathComponent("collateral.csv").path, market: s,
                                   schedules: try ScenarioValidator.schedules(of: file, source: "book.yaml"))
        return (s, book)
    }

    static func rules(_ s: Scenario, fund: Double, fee: Double = 0) -> ExchangeRules {
        var r = ExchangeRules(assets: s.assets.count)
        r.depth = [2e7, 5e6, 1e6, nil]
        r.insuranceFund = fund
        r.liquidationFeeRate = fee
        r.autoDeleverage = true
        return r
    }

    @Test("random books and seeds: a fund larger than any bad debt never triggers ADL; the fund pays the bad debt up to its balance, path for path")
    func fundBounds() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for seed: UInt64 in [3, 17, 101] {
            let (s, book) = try Self.randomBook(dir, seed: seed, count: 60)
            var scenario = s
            scenario.seed = seed
            // One block of paths, read path by path.
            for fund in [0.0, 20_000, 1e15] {
                let analysis = try ExchangeAnalysis(book: book, scenario: scenario, rules: Self.rules(scenario, fund: fund))
                let worker = analysis.makeWorker()
                let count = BlockDriver.blockSize
                analysis.run(block: 0, count: count, worker: worker)
                let st = worker.state, d = st.deleverage, r = worker.result
                var bad = 0, withDebt = 0
                for p in 0..<count {
                    let debt = st.pathBadDebt[p]
                    if debt > 0 { withDebt += 1 }
                    // No fee: the fund only pays, so its loss is min(fund, bad debt); the rest is ADL's or unabsorbed.
                    if abs(st.fundLoss[p] - min(fund, debt)) > 1e-9 * max(1, debt) { bad += 1 }
                    if abs(st.fundLoss[p] + d.covered[p] + d.unabsorbed[p] - debt) > 1e-9 * max(1, debt) { bad += 1 }
                }
                #expect(bad == 0, "seed \(seed), fund \(fund)")
                #expect(withDebt > 10, "seed \(seed): \(withDebt) paths with bad debt")
                if fund == 1e15 {
                    #expect(r.pathsWithADL == 0 && r.sumADLNotional.value == 0 && r.sumUncovered.value == 0, "seed \(seed)")
                } else if fund == 0 {
                    #expect(r.pathsWithADL > 10 && r.sumADLCovered.value > 0, "seed \(seed): \(r.pathsWithADL)")
                }
            }
        }
    }

    @Test("with ADL: bit-identical for workers 1, 2 and 7")
    func workers() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, book) = try Self.randomBook(dir, seed: 5, count: 80)
        let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: Self.rules(s, fund: 10_000, fee: 0.005))
        var results: [ExchangePartial] = []
        for w in [1, 2, 7] {
            let driver = BlockDriver(paths: 2048, workers: w)
            results.append(await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial)
        }
        #expect(results[0] == results[1] && results[0] == results[2])
        #expect(results[0].pathsWithADL > 20)
    }
}
