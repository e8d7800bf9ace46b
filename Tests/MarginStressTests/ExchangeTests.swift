import Foundation
import Testing
@testable import MarginStress

/// `exchange` without impact: every account of a book liquidated exactly where a `run` of that account alone on the
/// book's market liquidates it, path for path; bit-identical for any worker count; the book's tables read with
/// errors that name file, line and column.
@Suite("Exchange")
struct ExchangeTests {
    static let scenarioYAML = """
        name: exchange book
        account:
          marginSchedules:
            std/BTC:
              style: binance
              brackets:
                - {notionalFloor: 0, maintenanceMarginRate: 0.004, maintenanceAmount: 0}
                - {notionalFloor: 50000, maintenanceMarginRate: 0.005, maintenanceAmount: 50}
                - {notionalFloor: 250000, maintenanceMarginRate: 0.010, maintenanceAmount: 1300}
            std:
              brackets:
                - {notionalFloor: 0, maintenanceMarginRate: 0.01}
            flat2:
              brackets:
                - {notionalFloor: 0, maintenanceMarginRate: 0.02}
          collateral: []
          positions: []
        market:
          assets:
            - {symbol: BTC, price: 60000, volatility: 0.8}
            - {symbol: ETH, price: 3000, volatility: 0.9}
            - {symbol: SOL, price: 150, volatility: 1.1}
            - {symbol: USDC, price: 1, volatility: 0}
          correlations: [[BTC, ETH, 0.7], [BTC, SOL, 0.6], [ETH, SOL, 0.65]]
          distribution: {type: student-t, degreesOfFreedom: 5}
        simulation: {horizon: 7d, steps: 24, paths: 3000, seed: 9}
        """

    static let accounts = """
        account,mode,schedule
        long-btc,cross,std
        hedged,cross,std
        btc-collateral,cross,flat2
        iso-pair,isolated,std
        iso-three,isolated,flat2
        underwater,cross,std
        "quoted,name",cross,std
        """
    static let positions = """
        account,asset,quantity,entryPrice
        long-btc,BTC,5,59000
        hedged,BTC,3,60000
        hedged,ETH,-50,3100
        btc-collateral,SOL,-1000,150
        iso-pair,BTC,2,61000
        iso-pair,ETH,-30,
        iso-three,BTC,-1,60000
        iso-three,ETH,20,2900
        iso-three,SOL,300,150
        underwater,ETH,100,4000
        "quoted,name",SOL,-2000,140
        """
    static let collateral = """
        account,asset,amount,haircut
        long-btc,USDC,40000,
        hedged,USDC,25000,
        btc-collateral,BTC,0.5,0.1
        btc-collateral,USDC,5000,
        iso-pair,USDC,30000,
        iso-three,USDC,20000,0
        underwater,USDC,10000,
        "quoted,name",USDC,40000,
        """

    static func load(_ dir: URL, accounts: String = accounts, positions: String = positions,
                     collateral: String = collateral) throws -> (Scenario, AccountBook) {
        let s = try ScenarioValidator.validate(try ScenarioLoader.decode(scenarioYAML, format: .yaml, source: "book.yaml"), source: "book.yaml")
        let schedules = try ScenarioValidator.schedules(of: try ScenarioLoader.decode(scenarioYAML, format: .yaml, source: "book.yaml"), source: "book.yaml")
        for (name, text) in [("accounts.csv", accounts), ("positions.csv", positions), ("collateral.csv", collateral)] {
            try (text + "\n").write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let book = try AccountBook(accounts: dir.appendingPathComponent("accounts.csv").path,
                                   positions: dir.appendingPathComponent("positions.csv").path,
                                   collateral: dir.appendingPathComponent("collateral.csv").path, market: s, schedules: schedules)
        return (s, book)
    }

    @Test("no impact: each account's liquidations are a run of that account alone, path for path (cross and isolated)")
    func oracle() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, book) = try Self.load(dir)
        #expect(book.names == ["long-btc", "hedged", "btc-collateral", "iso-pair", "iso-three", "underwater", "quoted,name"])
        #expect(book.positions[book.positionStart[3] + 1].entryPrice == 3000)  // empty entry: today's price
        var noADL = ExchangeRules(assets: s.assets.count)
        noADL.autoDeleverage = false
        let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: noADL)
        #expect(analysis.valuation.unitCount == 10)  // one per cross account, one per isolated position
        let worker = analysis.makeWorker()
        let cap = BlockDriver.blockSize
        let steps = UnsafeMutablePointer<Int32>.allocate(capacity: analysis.valuation.unitCount * cap)
        defer { steps.deallocate() }
        worker.state.unitSteps = steps
        let runs = (0..<book.count).map { a -> (RunAnalysis, RunAnalysis.Worker) in
            let alone = book.scenario(account: a, market: s)
            let r = RunAnalysis(scenario: alone, market: analysis.market, initialEquity: alone.snapshot.equity, valueScale: 1)
            return (r, r.makeWorker())
        }
        let driver = BlockDriver(paths: s.paths, workers: 1)
        var liquidated = [Int](repeating: 0, count: book.count), mismatches = 0
        for b in 0..<driver.totalBlocks {
            let n = driver.paths(inBlock: b)
            analysis.run(block: b, count: n, worker: worker)
            for (a, (run, w)) in runs.enumerated() {
                run.run(block: b, count: n, worker: w)
                for p in 0..<n {
                    var first: Int32 = -1
                    for u in 0..<analysis.valuation.unitCount where Int(analysis.valuation.account[u]) == a {
                        let t = steps[u * cap + p]
                        if t >= 0 && (first < 0 || t < first) { first = t }
                    }
                    if first != w.workspace.liquidationStep[p] { mismatches += 1 }
                    if first >= 0 { liquidated[a] += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(worker.result.accountLiquidations == liquidated)
        #expect(liquidated[5] == s.paths, "the underwater account is liquidated at once on every path")
        for a in [0, 1, 2, 3, 4, 6] { #expect(liquidated[a] > 30 && liquidated[a] < s.paths - 30, "\(book.names[a]): \(liquidated[a]) of \(s.paths)") }
        // And the accumulated count of each account equals its run's.
        for (a, (run, w)) in runs.enumerated() {
            _ = run
            #expect(w.result.moments.liquidations == liquidated[a], "\(book.names[a])")
        }
    }

    @Test("bit-identical for workers 1, 2 and 7")
    func workers() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, book) = try Self.load(dir)
        let analysis = try ExchangeAnalysis(book: book, scenario: s)
        var results: [ExchangePartial] = []
        for w in [1, 2, 7] {
            let driver = BlockDriver(paths: s.paths, workers: w)
            results.append(await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial)
        }
        let same = results[0] == results[1] && results[0] == results[2]
        #expect(same)
        #expect(results[0].paths == s.paths)
    }

    @Test("errors name the file, the line and the column")
    func errors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(accounts: String = Self.accounts, positions: String = Self.positions, collateral: String = Self.collateral) -> String {
            do {
                _ = try Self.load(dir, accounts: accounts, positions: positions, collateral: collateral)
                return ""
            } catch { return "\(error)" }
        }
        let badQuantity = message(positions: Self.positions.replacingOccurrences(of: "long-btc,BTC,5,", with: "long-btc,BTC,five,"))
        #expect(badQuantity.contains("positions.csv, line 2, column quantity: \"five\" is not a number"), "\(badQuantity)")
        let badAsset = message(collateral: Self.collateral.replacingOccurrences(of: "hedged,USDC", with: "hedged,USDT"))
        #expect(badAsset.contains("collateral.csv, line 3, column asset: \"USDT\" is not an asset"), "\(badAsset)")
        let badMode = message(accounts: Self.accounts.replacingOccurrences(of: "hedged,cross", with: "hedged,portfolio"))
        #expect(badMode.contains("accounts.csv, line 3, column mode"), "\(badMode)")
        let unknown = message(positions: Self.positions.replacingOccurrences(of: "long-btc,BTC", with: "nobody,BTC"))
        #expect(unknown.contains("positions.csv, line 2, column account: \"nobody\" is not in"), "\(unknown)")
        let missing = message(collateral: Self.collateral.replacingOccurrences(of: "account,asset,amount,haircut", with: "account,asset,qty"))
        #expect(missing.contains("column qty: unknown column") && missing.contains("column amount: missing column"), "\(missing)")
        let noSchedule = message(accounts: Self.accounts.replacingOccurrences(of: "long-btc,cross,std", with: "long-btc,cross,vip"))
        #expect(noSchedule.contains("neither \"vip/BTC\" nor \"vip\""), "\(noSchedule)")
    }

    @Test("100,000 accounts load in seconds")
    func largeBook() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 100_000
        var a = "account,mode,schedule\n", p = "account,asset,quantity,entryPrice\n", c = "account,asset,amount\n"
        for i in 0..<n {
            a += "acct\(i),\(i % 7 == 0 ? "isolated" : "cross"),std\n"
            p += "acct\(i),BTC,\(Double(i % 13 + 1) * 0.01),60000\nacct\(i),ETH,-\(Double(i % 5 + 1) * 0.1),3000\n"
            c += "acct\(i),USDC,\(1000 + i % 100)\n"
        }
        let clock = ContinuousClock(), start = clock.now
        let (s, book) = try Self.load(dir, accounts: a, positions: p, collateral: c)
        let seconds = (clock.now - start) / .seconds(1)
        #expect(book.count == n && book.positions.count == 2 * n)
        #expect(seconds < 20, "\(seconds) s (a few seconds alone; the bound allows for a busy machine)")
        let valuation = BookValuation(book: book, scenario: s, market: try MarketModel(scenario: s, used: BookValuation.usedAssets(book)))
        #expect(valuation.unitCount == n + (n + 6) / 7)
    }

    // MARK: - Cascades

    static let cascadeYAML = """
        name: cascade by hand
        account:
          marginSchedules:
            flat1: {brackets: [{notionalFloor: 0, maintenanceMarginRate: 0.01}]}
          collateral: []
          positions: []
        market:
          assets:
            - {symbol: BTC, price: 100, volatility: 0, drift: 1.0e-12}
            - {symbol: USDC, price: 1, volatility: 0}
        simulation: {horizon: 2d, steps: 2, paths: 8, seed: 1}
        """

    /// Three longs and a short on BTC at 100, no volatility: A starts below maintenance; its sale moves the price,
    /// which liquidates B (with bad debt), whose sale liquidates C; D (short) gains.
    static func cascadeBook(_ dir: URL, extra: [(name: String, quantity: Double, collateral: Double)]? = nil) throws -> (Scenario, AccountBook) {
        let shorts = extra ?? [("D", -10, 200)]
        return try writtenBook(dir, yaml: cascadeYAML, source: "cascade.yaml",
                               accounts: "A,cross,flat1\nB,cross,flat1\nC,cross,flat1\n" + shorts.map { "\($0.name),cross,flat1\n" }.joined(),
                               positions: "A,BTC,100,100\nB,BTC,50,100\nC,BTC,20,100\n" + shorts.map { "\($0.name),BTC,\($0.quantity),100\n" }.joined(),
                               collateral: "A,USDC,50\nB,USDC,300\nC,USDC,285\n" + shorts.map { "\($0.name),USDC,\($0.collateral)\n" }.joined())
    }

    /// The scenario `yaml` and a book of the three tables' rows (headers added), written to `dir` and loaded.
    static func writtenBook(_ dir: URL, yaml: String, source: String, accounts: String, positions: String,
                            collateral: String) throws -> (Scenario, AccountBook) {
        let file = try ScenarioLoader.decode(yaml, format: .yaml, source: source)
        let s = try ScenarioValidator.validate(file, source: source)
        let tables = [("accounts.csv", "account,mode,schedule\n" + accounts),
                      ("positions.csv", "account,asset,quantity,entryPrice\n" + positions),
                      ("collateral.csv", "account,asset,amount\n" + collateral)]
        for (name, text) in tables { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let book = try AccountBook(accounts: dir.appendingPathComponent("accounts.csv").path,
                                   positions: dir.appendingPathComponent("positions.csv").path,
                                   collateral: dir.appendingPathComponent("collateral.csv").path, market: s,
                                   schedules: try ScenarioValidator.schedules(of: file, source: source))
        return (s, book)
    }

    static func rules(_ s: Scenario, depth: Double, maxRounds: Int = 20, fund: Double = 100, adl: Bool = false) throws -> ExchangeRules {
        try ExchangeRules(symbols: s.assets.map(\.symbol), law: .linear, depth: ["BTC": depth], coefficient: [:], halfLifeHours: nil,
                          maxRounds: maxRounds, insuranceFund: fund, liquidationFeeRate: 0.001, autoDeleverage: adl)
    }

    @Test("a three-account cascade at t0 computed by hand: impact, second and third rounds, bad debt, fund")
    func cascadeByHand() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (s, book) = try Self.cascadeBook(dir)
        let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: try Self.rules(s, depth: 1e5))
        let r = await BlockDriver(paths: s.paths, workers: 1).run(analysis, blocks: 0..<1).partial
        // Round 1: A (equity 50 < margin 100) sells 100 BTC at 100: fee min(50, 0.001 x 10,000) = 10 to the fund;
        // log-price moves by -10,000 / 1e5.
        let p1 = 100 * exp(-10_000 / 1e5)
        // Round 2: B's equity 300 + 50 (p1 - 100) < 0: bad debt; the fund (100 + 10) pays 110 and runs out.
        let debtB = -(300 + 50 * (p1 - 100))
        #expect(debtB > 110)
        let p2 = p1 * exp(-50 * p1 / 1e5)
        // Round 3: C's equity 285 + 20 (p2 - 100) is below its margin 0.2 p2; above it at p1.
        #expect(285 + 20 * (p1 - 100) > 0.2 * p1 && 285 + 20 * (p2 - 100) < 0.2 * p2)
        let notional = 100 * 100 + 50 * p1 + 20 * p2
        let n = Double(s.paths)
        #expect(r.accountLiquidations == [8, 8, 8, 0])
        #expect(r.liquidationsByStep == [24, 0, 0])
        #expect(r.cascadeDepth[3] == 8 && r.pathsAtRoundCap == 0)
        #expect(abs(r.sumLiquidatedNotional.value / n / notional - 1) < 1e-12)
        #expect(abs(r.sumBadDebt.value / n / debtB - 1) < 1e-12)
        #expect(abs(r.sumFundLoss.value / n - 110) < 1e-9)
        #expect(abs(r.sumUncovered.value / n - (debtB - 110)) < 1e-9)
        #expect(r.fundExhaustedByStep == [8, 0, 0])
        // With a cap of two rounds, C falls at the next step instead (the moved price persists: no decay).
        let capped = try ExchangeAnalysis(book: book, scenario: s, rules: try Self.rules(s, depth: 1e5, maxRounds: 2))
        let c = await BlockDriver(paths: s.paths, workers: 1).run(capped, blocks: 0..<1).partial
        #expect(c.liquidationsByStep == [16, 8, 0] && c.pathsAtRoundCap == 8)
        // A fund larger than any bad debt pays all of it: nothing beyond the fund.
        let rich = try ExchangeAnalysis(book: book, scenario: s, rules: try Self.rules(s, depth: 1e5, fund: 1e9))
        let f = await BlockDriver(paths: s.paths, workers: 1).run(rich, blocks: 0..<1).partial
        #expect(f.sumUncovered.value == 0 && f.fundExhaustedByStep.reduce(0, +) == 0)
        #expect(f.sumFundLoss.value == f.sumBadDebt.value)
    }

    @Test("more impact never liquidates fewer accounts (a one-sided book); the fund pays bad debt up to exhaustion")
    func impactMonotone() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try ScenarioLoader.decode(Self.scenarioYAML, format: .yaml, source: "book.yaml")
        let s = try ScenarioValidator.validate(file, source: "book.yaml")
        // Longs only on BTC and ETH, of growing leverage.
        var a = "account,mode,schedule\n", p = "account,asset,quantity,entryPrice\n", c = "account,asset,amount\n"
        for i in 0..<40 {
            a += "x\(i),\(i % 4 == 0 ? "isolated" : "cross"),std\n"
            p += "x\(i),BTC,\(1 + i % 5),60000\nx\(i),ETH,\(10 + i),3000\n"
            c += "x\(i),USDC,\(30_000 + 2_000 * (i % 9))\n"
        }
        for (name, text) in [("accounts.csv", a), ("positions.csv", p), ("collateral.csv", c)] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let book = try AccountBook(accounts: dir.appendingPathComponent("accounts.csv").path,
                                   positions: dir.appendingPathComponent("positions.csv").path,
                                   collateral: dir.appendingPathComponent("collateral.csv").path, market: s,
                                   schedules: try ScenarioValidator.schedules(of: file, source: "book.yaml"))
        var previous: [Int]? = nil
        for depth in [Double.infinity, 1e8, 2e7, 5e6] {
            var rules = ExchangeRules(assets: s.assets.count)
            if depth.isFinite { rules.depth = [depth, depth, nil, nil] }
            rules.insuranceFund = 50_000
            let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: rules)
            let driver = BlockDriver(paths: 1024, workers: 2)
            let r = await driver.run(analysis, blocks: 0..<driver.totalBlocks).partial
            if let previous {
                #expect(zip(previous, r.accountLiquidations).allSatisfy { $0 <= $1 }, "depth \(depth)")
                #expect(r.accountLiquidations.reduce(0, +) > previous.reduce(0, +), "depth \(depth)")
            }
            previous = r.accountLiquidations
            // The fund's loss on each path is the bad debt up to its balance (no fee here): in total, the sum of
            // min(fund, bad debt) over paths, and what is beyond it is uncovered.
            #expect(abs(r.sumFundLoss.value + r.sumUncovered.value - r.sumBadDebt.value) <= 1e-9 * max(1, r.sumBadDebt.value))
        }
    }
}
