import Foundation
import Testing
@testable import MarginStress

@Suite("Scenario")
struct ScenarioTests {
    @Test("the default scenario is valid and matches its description")
    func defaultScenario() throws {
        let s = try ScenarioValidator.validate(DefaultScenario.file, source: DefaultScenario.source)
        #expect(s.assets.map(\.symbol) == ["BTC", "ETH", "SOL", "USDC"])
        #expect(s.positions.count == 3)
        #expect(s.warnings.isEmpty)
        let snap = s.snapshot
        #expect(snap.equity == 45_000)
        #expect(abs(snap.grossNotional - 375_000) < 1e-6)
    }

    @Test("pairs and the full matrix give the same correlation")
    func pairsEqualMatrix() throws {
        let pairs = ScenarioFile(market: MarketSection(
            assets: [AssetEntry(symbol: "A", price: 1, volatility: 0.1), AssetEntry(symbol: "B", price: 1, volatility: 0.1),
                     AssetEntry(symbol: "C", price: 1, volatility: 0.1)],
            correlations: [CorrelationPair("A", "B", 0.5), CorrelationPair("C", "B", -0.2)]))
        var matrix = pairs
        matrix.market?.correlations = nil
        matrix.market?.correlationMatrix = [[1, 0.5, 0], [0.5, 1, -0.2], [0, -0.2, 1]]
        var validator = ScenarioValidator()
        let a = validator.buildMarket(pairs.market)
        let b = validator.buildMarket(matrix.market)
        #expect(validator.issues.isEmpty)
        #expect(a!.correlation == b!.correlation)
    }

    @Test("JSON and YAML read the same scenario")
    func jsonAndYAML() throws {
        let yaml = try ScenarioLoader.decode(DefaultScenario.yaml, format: .yaml, source: "yaml")
        let json = String(decoding: try JSONEncoder().encode(yaml), as: UTF8.self)
        let back = try ScenarioLoader.decode(json, format: .json, source: "json")
        #expect(back == yaml)
    }

    @Test("entry price defaults to the market price; an account below maintenance margin warns and is liquidated at 0")
    func startBelowMargin() async throws {
        let s = try makeScenario(
            assets: [("BTC", 100, 0.5)],
            positions: [PositionEntry(asset: "BTC", quantity: 10, entryPrice: 200, maintenanceMarginRate: 0.01)],
            cash: 500, steps: 10, paths: 1000)
        #expect(s.positions[0].entryPrice == 200)
        #expect(s.warnings.contains { $0.contains("starts below maintenance margin") })
        let summary = try await simulate(s)
        #expect(summary.liquidation.count == 1000)
        #expect(summary.timeToLiquidation.histogram.first == Histogram.Bin(lower: 0, upper: 0, count: 1000))
        let t = try makeScenario(assets: [("BTC", 100, 0.5)],
                                 positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.01)], cash: 500)
        #expect(t.positions[0].entryPrice == 100)
    }

    @Test("perfectly hedged positions (correlation ~1, opposite quantities, equal vols) are not liquidated; unhedged are")
    func perfectHedge() async throws {
        // Correlation exactly 1 is singular and rejected; 0.999999 leaves a spread volatility of 0.9 x sqrt(2e-6).
        // Cash covers the margin's growth with prices (2% of notional) up to a 5x rise, so only PnL could liquidate.
        func book(_ sign: Double) throws -> Scenario {
            try makeScenario(
                assets: [("A", 100, 0.9), ("B", 100, 0.9)],
                positions: [PositionEntry(asset: "A", quantity: 1000, maintenanceMarginRate: 0.01),
                            PositionEntry(asset: "B", quantity: sign * 1000, maintenanceMarginRate: 0.01)],
                cash: 10_000, correlations: [CorrelationPair("A", "B", 0.999999)], steps: 50, paths: 20_000)
        }
        let hedged = try await simulate(try book(-1))
        let unhedged = try await simulate(try book(1))
        #expect(hedged.liquidation.count == 0)
        #expect(unhedged.liquidation.probability > 0.2)
    }

    /// Collateral of c BTC at haircut h and a long of q BTC (entry e, rate m): E = (c(1-h) + q) P - q e, M = q m P,
    /// so the account is liquidated iff P < B = q e / (c (1 - h) + q (1 - m)): a single-barrier oracle in which
    /// the collateral falls with the position (wrong-way risk).
    @Test("volatile collateral with a haircut: first passage against the closed-form barrier")
    func volatileCollateral() async throws {
        let c = 10.0, h = 0.2, q = 30.0, m = 0.01, e = 50_000.0, vol = 0.9, T = 30.0 / 365
        func scenario(collateral: CollateralEntry) throws -> Scenario {
            let file = ScenarioFile(
                name: "volatile collateral",
                account: AccountSection(collateral: [collateral],
                                        positions: [PositionEntry(asset: "BTC", quantity: q, maintenanceMarginRate: m)]),
                market: MarketSection(assets: [AssetEntry(symbol: "BTC", price: e, volatility: vol),
                                               AssetEntry(symbol: "USDC", price: 1, volatility: 0)]),
                simulation: SimulationSection(horizon: Horizon("30d"), steps: 60, paths: 200_000, seed: 5))
            return try ScenarioValidator.validate(file, source: "test")
        }
        let barrier = q * e / (c * (1 - h) + q * (1 - m))
        let expected = barrierProbability(b: log(barrier / e), nu: -vol * vol / 2, sigma: vol, T: T, dt: T / 60)
        let volatile = try await simulate(try scenario(collateral: CollateralEntry(asset: "BTC", amount: c, haircut: h)))
        let got = volatile.liquidation
        // The collateral at liquidation is c (1 - h) P_tau with P_tau just below the barrier.
        let atLiquidation = try #require(volatile.liquidationOutcome.meanCollateralValueAtLiquidation)
        #expect(atLiquidation < c * (1 - h) * barrier && atLiquidation > 0.9 * c * (1 - h) * barrier,
                "\(atLiquidation) vs \(c * (1 - h) * barrier)")
        #expect(abs(got.probability - expected) < 4 * got.standardError, "\(got.probability) ± \(got.standardError) vs \(expected)")
        #expect(got.probability > 0.05)
        // The same starting collateral value in USDC liquidates less often: the pool no longer falls with the position.
        let cash = try await simulate(try scenario(collateral: CollateralEntry(asset: "USDC", amount: c * (1 - h) * e, haircut: 0)))
        #expect(cash.liquidation.probability < got.probability - 4 * got.standardError)
    }
}
