import Foundation
import Testing
@testable import MarginStress

@Suite("Liquidation costs and bad debt")
struct LiquidationCostTests {
    func singleLong(halfSpread: Double? = nil, fee: Double? = nil, adv: Double? = nil) throws -> Scenario {
        let file = ScenarioFile(
            name: "costs",
            account: AccountSection(collateral: [CollateralEntry(asset: "USDC", amount: 150_000)],
                                    positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)],
                                    liquidationFee: fee),
            market: MarketSection(assets: [AssetEntry(symbol: "BTC", price: 50_000, volatility: 0.8, halfSpread: halfSpread,
                                                      averageDailyVolume: adv),
                                           AssetEntry(symbol: "USDC", price: 1, volatility: 0)]),
            simulation: SimulationSection(horizon: Horizon("30d"), steps: 60, paths: 100_000, seed: 31))
        return try ScenarioValidator.validate(file, source: "test")
    }

    @Test("zero spread and fee reproduce the numbers without costs exactly")
    func zeroCosts() async throws {
        var a = try await simulate(try singleLong())
        var b = try await simulate(try singleLong(halfSpread: 0, fee: 0))
        a.scenarioDigest = ""
        b.scenarioDigest = ""
        #expect(a == b)
        #expect(a.liquidationOutcome.meanCostWhenLiquidated == 0)
    }

    /// Liquidated at the first step with P < B = (e - K/q) / (1 - m): the positions close at P_tau < B, so the
    /// cost |q| c P_tau is below |q| c B, and above it less an hourly move's worth (P_tau is near B).
    @Test("costs are |q| x rate x price at liquidation: between the closed-form bounds, and only ever lower equity")
    func costsLowerEquity() async throws {
        let plain = try await simulate(try singleLong())
        let costly = try await simulate(try singleLong(halfSpread: 0.001, fee: 0.005, adv: 20_000))
        #expect(costly.liquidation.count == plain.liquidation.count)
        let rate = 0.001 + 0.005 + 0.8 / 365.0.squareRoot() * (10.0 / 20_000).squareRoot()
        let barrier = (50_000 - 15_000) / 0.995
        let cost = try #require(costly.liquidationOutcome.meanCostWhenLiquidated)
        #expect(cost < 10 * rate * barrier && cost > 0.9 * 10 * rate * barrier, "cost \(cost), bound \(10 * rate * barrier)")
        #expect(costly.terminalPnL.mean < plain.terminalPnL.mean)
        for level in ["0.95", "0.99", "0.999"] {
            #expect(costly.terminalPnL.valueAtRisk[level]! >= plain.terminalPnL.valueAtRisk[level]!)
        }
        #expect(costly.liquidationOutcome.badDebt.count >= plain.liquidationOutcome.badDebt.count)
        let lglPlain = try #require(plain.liquidationOutcome.lossGivenLiquidation), lglCostly = try #require(costly.liquidationOutcome.lossGivenLiquidation)
        #expect(abs(lglCostly.mean - lglPlain.mean - cost) < 1e-3 * lglCostly.mean)
    }

    @Test("bad debt without costs is run's equity below zero at some step")
    func badDebtIsBelowZero() async throws {
        let s = try ScenarioValidator.validate(ScenarioOverrides(paths: 50_000).applied(to: DefaultScenario.file), source: "d")
        let summary = try await simulate(s)
        #expect(summary.liquidationOutcome.badDebt.count == summary.minimumEquity.belowZero.count)
    }

    @Test("a bad cost parameter is a clear error")
    func badInput() throws {
        #expect(throws: ScenarioError.self) { try singleLong(halfSpread: 1.5) }
        let fee = #expect(throws: ScenarioError.self) { try singleLong(fee: -0.1) }
        #expect(fee?.issues.contains { $0.field == "account.liquidationFee" } == true)
        let adv = #expect(throws: ScenarioError.self) { try singleLong(adv: 0) }
        #expect(adv?.issues.contains { $0.field == "market.assets[0].averageDailyVolume" } == true)
    }
}
