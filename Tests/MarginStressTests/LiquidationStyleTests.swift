import Foundation
import Testing
@testable import MarginStress

/// `exchange`'s liquidation styles on hand-computed cases (zero volatility, shock at t0): Hyperliquid's chunks,
/// cooldown and backstop; dYdX's fillable-price penalty and its cap.
@Suite("Exchange liquidation styles")
struct LiquidationStyleTests {
    static let yaml = """
        name: styles by hand
        account:
          marginSchedules:
            flat1: {brackets: [{notionalFloor: 0, maintenanceMarginRate: 0.01}]}
            flat5: {brackets: [{notionalFloor: 0, maintenanceMarginRate: 0.05}]}
            flat10: {brackets: [{notionalFloor: 0, maintenanceMarginRate: 0.10}]}
          collateral: []
          positions: []
        market:
          assets:
            - {symbol: BTC, price: 100, volatility: 0, drift: 1.0e-12}
            - {symbol: USDC, price: 1, volatility: 0}
        simulation: {horizon: 2d, steps: 2, paths: 8, seed: 1}
        """

    static func book(_ dir: URL, _ rows: [(name: String, schedule: String, quantity: Double, collateral: Double)]) throws -> (Scenario, AccountBook) {
        try ExchangeTests.writtenBook(dir, yaml: yaml, source: "styles.yaml",
                                      accounts: rows.map { "\($0.name),cross,\($0.schedule)\n" }.joined(),
                                      positions: rows.map { "\($0.name),BTC,\($0.quantity),100\n" }.joined(),
                                      collateral: rows.map { "\($0.name),USDC,\($0.collateral)\n" }.joined())
    }

    @Test("Hyperliquid: two 20% chunks move the price, then the backstop takes the rest off the market; a cooldown of a day spreads them over two steps")
    func chunks() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 20,000 BTC long at 100 on 18,000: equity 18,000 < maintenance 20,000, above 2/3 of it.
        let (s, book) = try Self.book(dir, [("W", "flat1", 20_000, 18_000)])
        let preset = try VenuePresets.preset("hyperliquid", source: "test")
        var rules = ExchangeRules(assets: s.assets.count).applying(preset)
        #expect(rules.style == .chunks && rules.chunkFraction == 0.2 && rules.chunkAboveNotional == 100_000 && rules.cooldownSeconds == 30)
        rules.depth = [1e8, nil]
        rules.autoDeleverage = false
        let n = Double(s.paths)
        // Chunk 1 at 100: 4,000 sold (400,000); the price moves to p1. Equity stays 18,000 (sold at the mark).
        let p1 = 100 * exp(-400_000 / 1e8)
        let e1 = 18_000 + 16_000 * (p1 - 100), m1 = 0.01 * 16_000 * p1
        #expect(e1 < m1 && e1 >= 2.0 / 3 * m1)
        // Chunk 2 at p1: 3,200 sold; the price moves to p2; equity below 2/3 of maintenance: the backstop.
        let p2 = p1 * exp(-3_200 * p1 / 1e8)
        let e2 = e1 + 12_800 * (p2 - p1), m2 = 0.01 * 12_800 * p2
        #expect(e2 > 0 && e2 < 2.0 / 3 * m2)
        let notional = 400_000 + 3_200 * p1 + 12_800 * p2
        for cooldown in [30.0, 86_400] {
            rules.cooldownSeconds = cooldown
            let analysis = try ExchangeAnalysis(book: book, scenario: s, rules: rules)
            let r = await BlockDriver(paths: s.paths, workers: 1).run(analysis, blocks: 0..<1).partial
            #expect(r.accountLiquidations == [8] && r.liquidationsByStep == [8, 0, 0])
            #expect(r.chunks == 16 && r.backstops == 8)
            #expect(abs(r.sumLiquidatedNotional.value / n / notional - 1) < 1e-9, "cooldown \(cooldown)")
            #expect(r.sumBadDebt.value == 0)
            // 30 s: all three rounds at t0; a day: one chunk at t0, the second and the backstop at the next step.
            #expect(cooldown == 30 ? r.cascadeDepth[3] == 8 : r.cascadeDepth[2] == 8, "\(r.cascadeDepth)")
        }
        // Full liquidation instead: all 20,000 at 100 in one round.
        rules.style = .full
        let full = await BlockDriver(paths: s.paths, workers: 1).run(try ExchangeAnalysis(book: book, scenario: s, rules: rules), blocks: 0..<1).partial
        #expect(full.chunks == 0 && abs(full.sumLiquidatedNotional.value / n - 2_000_000) < 1e-6)
    }

    @Test("dYdX: the fillable price's penalty SMMR x MMF x (1 - Q) into the fund, capped at 1.5%")
    func fillable() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // X: maintenance 500 (5%), equity 450: Q = 0.9, penalty 1.5 x 0.05 x 0.1 = 0.75% of 10,000 = 75.
        // Y: maintenance 1,000 (10%), equity 300: 1.5 x 0.1 x 0.7 = 10.5%, capped at 1.5%: 150.
        let (s, book) = try Self.book(dir, [("X", "flat5", 100, 450), ("Y", "flat10", 100, 300)])
        let preset = try VenuePresets.preset("dydx-v4", source: "test")
        var rules = ExchangeRules(assets: s.assets.count).applying(preset)
        #expect(rules.style == .fillablePrice && rules.spreadToMaintenanceRatio == 1.5 && rules.maximumPenalty == 0.015)
        rules.insuranceFund = 1_000
        let r = await BlockDriver(paths: s.paths, workers: 1).run(try ExchangeAnalysis(book: book, scenario: s, rules: rules), blocks: 0..<1).partial
        #expect(r.accountLiquidations == [8, 8])
        #expect(abs(r.sumFees.value / Double(s.paths) - 225) < 1e-9, "\(r.sumFees.value)")
        rules.style = .full
        rules.liquidationFeeRate = 0.001
        let f = await BlockDriver(paths: s.paths, workers: 1).run(try ExchangeAnalysis(book: book, scenario: s, rules: rules), blocks: 0..<1).partial
        #expect(abs(f.sumFees.value / Double(s.paths) - 20) < 1e-9)
    }
}
