import Foundation
import Testing
@testable import MarginStress

@Suite("Funding payments")
struct FundingTests {
    func book(quantity: Double, funding: Double?, vol: Double, cash: Double, steps: Int = 100) throws -> Scenario {
        let file = ScenarioFile(
            name: "funding",
            account: AccountSection(collateral: [CollateralEntry(asset: "USDC", amount: cash)],
                                    positions: [PositionEntry(asset: "BTC", quantity: quantity, maintenanceMarginRate: 0.01,
                                                              fundingRate: funding)]),
            market: MarketSection(assets: [AssetEntry(symbol: "BTC", price: 50_000, volatility: vol),
                                           AssetEntry(symbol: "USDC", price: 1, volatility: 0)]),
            simulation: SimulationSection(horizon: Horizon("100d"), steps: steps, paths: 2_000, seed: 3))
        return try ScenarioValidator.validate(file, source: "test")
    }

    /// A long of notional N = 500,000 paying f = 36.5% a year, with a (nearly) constant price: funding of
    /// N f / 365 = 500 a day drains equity K - 500 t until it meets the margin N m = 5,000: at t = (K - 5,000) / 500
    /// (K chosen so that t falls between two daily steps, away from the tie).
    @Test("a long paying funding on a near-constant price is liquidated on the day the closed form says")
    func drainsEquity() async throws {
        let s = try book(quantity: 10, funding: 0.365, vol: 1e-9, cash: 20_250)
        let summary = try await simulate(s)
        #expect(summary.liquidation.count == 2_000)
        // (20,250 - 5,000) / 500 = 30.5 days: equity is still above the margin after step 30 and below it after 31.
        let liquidated = summary.timeToLiquidation.histogram.filter { $0.count > 0 }
        #expect(liquidated.count == 1)
        #expect(liquidated.first?.upper == 31)
        // Without funding nothing happens.
        #expect(try await simulate(try book(quantity: 10, funding: nil, vol: 1e-9, cash: 20_000)).liquidation.count == 0)
    }

    @Test("positive funding: longs pay and shorts receive (liquidation probability moves accordingly)")
    func signConvention() async throws {
        let longPays = try await simulate(try book(quantity: 10, funding: 0.5, vol: 0.6, cash: 120_000)).liquidation
        let longFree = try await simulate(try book(quantity: 10, funding: nil, vol: 0.6, cash: 120_000)).liquidation
        let shortGets = try await simulate(try book(quantity: -10, funding: 0.5, vol: 0.6, cash: 120_000)).liquidation
        let shortFree = try await simulate(try book(quantity: -10, funding: nil, vol: 0.6, cash: 120_000)).liquidation
        #expect(longPays.count > longFree.count)
        #expect(shortGets.count < shortFree.count)
    }
}
