import Foundation
import Testing
@testable import MarginStress

/// `liquidation-price`: Binance's published cross-margin formula on its brackets, and the price path crossing the
/// liquidation price exactly when `run` liquidates.
@Suite("Liquidation prices")
struct LiquidationPriceTests {
    /// Binance USD-M BTCUSDT brackets (floor, maintenance margin rate, maintenance amount), as in
    /// examples/tiered-margin.yaml.
    static let brackets: [(floor: Double, rate: Double, amount: Double)] = [
        (0, 0.004, 0), (50_000, 0.005, 50), (250_000, 0.010, 1_300), (3_000_000, 0.025, 46_300), (15_000_000, 0.050, 421_300),
    ]

    /// A BTC position (and optionally an ETH one) on Binance's brackets, cash collateral `wallet`.
    static func yaml(quantity: Double, entry: Double, wallet: Double, eth: (quantity: Double, entry: Double)? = nil,
                     mode: String = "cross", volatility: Double = 0.8, steps: Int = 24, paths: Int = 4096) -> String {
        var lines = ["name: binance formula", "account:", "  mode: \(mode)", "  marginSchedules:", "    btc:",
                     "      style: binance", "      brackets:"]
        for b in brackets {
            lines.append("        - {notionalFloor: \(b.floor), maintenanceMarginRate: \(b.rate), maintenanceAmount: \(b.amount)}")
        }
        lines += ["  collateral: [{asset: USDT, amount: \(wallet)}]", "  positions:",
                  "    - {asset: BTC, quantity: \(quantity), entryPrice: \(entry), maintenanceSchedule: btc}"]
        if let eth { lines.append("    - {asset: ETH, quantity: \(eth.quantity), entryPrice: \(eth.entry), maintenanceMarginRate: 0.01}") }
        lines += ["market:", "  assets:", "    - {symbol: BTC, price: 95000, volatility: \(volatility)}",
                  "    - {symbol: ETH, price: 3500, volatility: 0.9}", "    - {symbol: USDT, price: 1, volatility: 0}",
                  "  correlations: [[BTC, ETH, 0.8]]",
                  "simulation: {horizon: 7d, steps: \(steps), paths: \(paths), seed: 5}"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func scenario(_ text: String) throws -> Scenario {
        try ScenarioValidator.validate(try ScenarioLoader.decode(text, format: .yaml, source: "lp.yaml"), source: "lp.yaml")
    }

    /// Binance's formula for contract 1 in cross margin, one-way mode, as published ("How to Calculate
    /// Liquidation Price of USDⓈ-M Futures Contracts"):
    ///     LP = (WB - TMM1 + UPNL1 + cumB - Side1 x Position1 x EP1) / (Position1 x MMR_B - Side1 x Position1)
    /// with MMR and cum of the bracket of the position's notional at the liquidation price (Binance: when the
    /// bracket at the liquidation price differs from today's, substitute that bracket's and recalculate).
    static func binance(wallet: Double, otherMaintenance: Double, otherPnL: Double, quantity: Double, entry: Double) -> Double? {
        let side = quantity > 0 ? 1.0 : -1.0, position = abs(quantity)
        for (k, b) in brackets.enumerated() {
            let lp = (wallet - otherMaintenance + otherPnL + b.amount - side * position * entry) / (position * b.rate - side * position)
            let upper = k + 1 < brackets.count ? brackets[k + 1].floor : .infinity
            if lp > 0 && position * lp >= b.floor && position * lp < upper { return lp }
        }
        return nil
    }

    @Test("one position: Binance's formula on its brackets, long and short, every bracket, to 1e-9")
    func binanceSinglePosition() throws {
        var checked = 0
        for quantity in [0.4, -0.4, 2.0, -2.0, 20.0, -20.0, 120.0, -120.0, 250.0, -250.0] {
            for leverage in [3.0, 10.0, 25.0, 60.0] {
                let entry = quantity > 0 ? 93_000.0 : 97_000.0
                let wallet = abs(quantity) * 95_000 / leverage
                let s = try Self.scenario(Self.yaml(quantity: quantity, entry: entry, wallet: wallet))
                let r = try LiquidationPrices(scenario: s)
                let row = r.rows[0]
                guard !row.liquidatedNow else { continue }
                let expected = try #require(Self.binance(wallet: wallet, otherMaintenance: 0, otherPnL: 0, quantity: quantity, entry: entry))
                let found = try #require(quantity > 0 ? row.liquidationPrice.down : row.liquidationPrice.up)
                #expect(abs(found / expected - 1) < 1e-9, "q \(quantity) leverage \(leverage): \(found) vs \(expected)")
                #expect((quantity > 0 ? row.liquidationPrice.up : row.liquidationPrice.down) == nil)
                checked += 1
            }
        }
        #expect(checked >= 36)
    }

    @Test("with another position: Binance's TMM1 and UPNL1 held fixed")
    func binanceWithOtherPosition() throws {
        for (q, eth) in [(10.0, (-80.0, 3_300.0)), (-6.0, (150.0, 3_600.0)), (40.0, (100.0, 3_400.0))] {
            let wallet = 150_000.0
            let s = try Self.scenario(Self.yaml(quantity: q, entry: 95_500, wallet: wallet, eth: eth))
            let row = try LiquidationPrices(scenario: s).rows[0]
            let ethMaintenance = abs(eth.0) * 3_500 * 0.01, ethPnL = eth.0 * (3_500 - eth.1)
            let expected = try #require(Self.binance(wallet: wallet, otherMaintenance: ethMaintenance, otherPnL: ethPnL, quantity: q, entry: 95_500))
            let found = try #require(q > 0 ? row.liquidationPrice.down : row.liquidationPrice.up)
            #expect(abs(found / expected - 1) < 1e-9, "\(found) vs \(expected)")
        }
    }

    @Test("the uniform and principal-component moves leave the account exactly at maintenance")
    func movesAreRoots() throws {
        let s = try Self.scenario(Self.yaml(quantity: 20, entry: 95_000, wallet: 300_000, eth: (-150, 3_500)))
        let r = try LiquidationPrices(scenario: s)
        let surplus = MarginSurplus(cross: s)
        let spot = s.assets.map(\.price)
        for x in [r.rows[0].uniformMove.down, r.rows[0].uniformMove.up].compactMap({ $0 }) {
            var prices = spot
            prices[0] *= 1 + x
            prices[1] *= 1 + x
            #expect(abs(surplus.value(at: prices)) < 1e-6 * 300_000, "uniform \(x)")
        }
        let c = try #require(r.component)
        #expect(abs(c.loadings[0] - 0.5.squareRoot()) < 1e-12 && abs(c.eigenvalue - 1.8) < 1e-12)
        let m = try #require(r.rows[0].componentMove.down ?? r.rows[0].componentMove.up)
        var prices = spot
        for (i, a) in [0, 1].enumerated() {
            prices[a] *= 1 + m * c.eigenvalue.squareRoot() * c.loadings[i] * s.assets[a].volatility / s.daysPerYear.squareRoot()
        }
        #expect(abs(surplus.value(at: prices)) < 1e-6 * 300_000)
    }

    /// Records the first step at which the price (the first form) crosses `barrier` (below it for a long).
    struct Crossing: PathObserver {
        let barrier: Double
        let below: Bool
        let step: UnsafeMutablePointer<Int32>
        mutating func start(count: Int, first: Double, second: Double) -> Bool {
            for p in 0..<count { step[p] = -1 }
            return true
        }
        mutating func observe(step t: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
            for p in 0..<count where step[p] < 0 && (below ? first[p] < barrier : first[p] > barrier) { step[p] = Int32(t) }
            return true
        }
    }

    @Test("the price path crosses the liquidation price exactly when run liquidates, path for path", arguments: [40.0, -40.0])
    func crossingIsRun(quantity: Double) async throws {
        let s = try Self.scenario(Self.yaml(quantity: quantity, entry: 95_000, wallet: 600_000, paths: 8192))
        let row = try LiquidationPrices(scenario: s).rows[0]
        let barrier = try #require(quantity > 0 ? row.liquidationPrice.down : row.liquidationPrice.up)
        let market = try MarketModel(scenario: s, used: AccountModel.usedAssets(s))
        let run = PathBlockSimulator(market: market, valuation: Valuation(scenario: s, market: market, rows: .run),
                                     steps: s.steps, seed: s.seed)
        let price = PathBlockSimulator(market: market, valuation: Valuation(forms: LinearForms(
            firstConstant: 0, firstWeights: [1], secondConstant: 0, secondWeights: [0]), market: market), steps: s.steps, seed: s.seed)
        let ws = BlockWorkspace(capacity: BlockDriver.blockSize, dimension: 1, extraForms: run.forms.extraCount)
        let crossed = UnsafeMutablePointer<Int32>.allocate(capacity: BlockDriver.blockSize)
        defer { crossed.deallocate() }
        let driver = BlockDriver(paths: s.paths, workers: 1)
        var total = 0, mismatches = 0
        for b in 0..<driver.totalBlocks {
            let n = driver.paths(inBlock: b)
            run.run(block: b, count: n, in: ws)
            var observer = Crossing(barrier: barrier, below: quantity > 0, step: crossed)
            price.run(block: b, count: n, in: ws, observer: &observer)
            for p in 0..<n {
                if crossed[p] != ws.liquidationStep[p] { mismatches += 1 }
                if crossed[p] >= 0 { total += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(total > 200 && total < s.paths - 200, "\(total)")
        let result = await (try SimulationRunner(scenario: s)).run()
        #expect(result.moments.liquidations == total)
    }
}
