import Foundation
import Testing
@testable import MarginStress

@Suite("Partial liquidation")
struct PartialLiquidationTests {
    func book(partial: LiquidationEntry?, fee: Double? = nil) throws -> Scenario {
        var file = ScenarioOverrides(paths: 40_000, steps: 84).applied(to: DefaultScenario.file)
        file.account?.liquidation = partial
        file.account?.liquidationFee = fee
        return try ScenarioValidator.validate(file, source: "default")
    }

    func moments(_ s: Scenario) async throws -> (MomentTotals, RunSummary) {
        let runner = try SimulationRunner(scenario: s)
        let result = await runner.run()
        return (result.moments, RunSummary(scenario: s, runner: runner, result: result, totalSeconds: 0))
    }

    @Test("the first liquidation happens on the same paths whether it is partial or full; the account may survive it")
    func sameFirstTrigger() async throws {
        let (full, _) = try await moments(try book(partial: nil))
        let (partial, summary) = try await moments(try book(partial: LiquidationEntry(type: "partial", buffer: 0.1)))
        #expect(partial.pathsWithLiquidationEvent == full.liquidations)
        #expect(partial.liquidations < full.liquidations)
        #expect(partial.pathsPartiallyLiquidated > 0)
        #expect(summary.liquidationOutcome.partiallyLiquidated?.count == partial.pathsPartiallyLiquidated)
    }

    /// A fee of 0.2% of notional is below the margin a partial close restores (about 0.55% x 1.1), so partial
    /// liquidation can save the account; a fee of 1% is above it, so every liquidation closes everything.
    ///
    /// Partial closes pay the fee on the part closed, so on the same paths they pay less in all (about 12% less
    /// here, whatever the seed). Mean terminal PnL gains the same amount in expectation (prices are
    /// martingales), but that gain (about 0.3 per path) is below the noise the surviving positions add (about
    /// 0.5 at 40,000 paths), so the costs are compared instead.
    @Test("with costs: partial helps when they are below the restored margin, and falls back to full when not")
    func costs() async throws {
        let (fullMoments, full) = try await moments(try book(partial: nil, fee: 0.002))
        let (partialMoments, partial) = try await moments(try book(partial: LiquidationEntry(type: "partial", buffer: 0.1), fee: 0.002))
        #expect(partial.liquidation.count < full.liquidation.count)
        #expect(partialMoments.pathsWithLiquidationEvent == fullMoments.liquidations)
        #expect(partialMoments.sumLiquidationCost < 0.95 * fullMoments.sumLiquidationCost)
        let (_, fullCostly) = try await moments(try book(partial: nil, fee: 0.01))
        let (_, partialCostly) = try await moments(try book(partial: LiquidationEntry(type: "partial", buffer: 0.1), fee: 0.01))
        #expect(partialCostly.liquidation.count == fullCostly.liquidation.count)
        #expect(partialCostly.liquidationOutcome.partiallyLiquidated?.count == 0)
    }

    @Test("bad liquidation settings are clear errors")
    func badInput() throws {
        let e1 = #expect(throws: ScenarioError.self) { try book(partial: LiquidationEntry(type: "gradual")) }
        #expect(e1?.description.contains("account.liquidation.type: \"gradual\" is not a liquidation type; use full or partial") == true)
        let e2 = #expect(throws: ScenarioError.self) { try book(partial: LiquidationEntry(type: "partial", buffer: -1)) }
        #expect(e2?.description.contains("account.liquidation.buffer") == true)
    }
}
