import Foundation
import Testing
@testable import MarginStress

@Suite("Attribution")
struct AttributionTests {
    func attribute(_ s: Scenario) async throws -> (RunSummary, AttributionSummary) {
        let runner = try SimulationRunner(scenario: s)
        let result = await runner.run()
        let summary = RunSummary(scenario: s, runner: runner, result: result, totalSeconds: 0)
        return (summary, try #require(await runner.attribution(of: result)))
    }

    @Test("component ES sums to the tail's mean loss, which is the summary's ES within the sketch's accuracy")
    func componentsSum() async throws {
        let s = try ScenarioValidator.validate(ScenarioOverrides(paths: 50_000, steps: 48).applied(to: DefaultScenario.file),
                                               source: "default")
        let (summary, a) = try await attribute(s)
        let c = a.componentExpectedShortfall
        let sum = c.positions.reduce(0) { $0 + $1.contribution } + c.other
        #expect(abs(sum - c.total) < 1e-9 * abs(c.total))
        #expect(abs(c.other) < 1e-6 * abs(c.total))  // cash collateral, no costs, no funding: nothing else moves
        let es = summary.terminalPnL.expectedShortfall["0.99"]!
        // The same tail as the summary's ES: exactly its paths; the total differs only by the sketch's rounding
        // of each loss to its bucket (0.05%).
        #expect(abs(c.total - es) <= summary.sketchRelativeAccuracy * es, "\(c.total) vs \(es)")
        let beyond = summary.terminalPnL.pathsBeyond["0.99"]!
        #expect(c.tailPaths == beyond, "\(c.tailPaths) vs \(beyond)")
        // The longs carry the loss in the tail of a long-heavy book; the SOL short offsets part of it.
        #expect(c.positions[0].contribution > 0 && c.positions[2].contribution < 0)
        #expect(a.liquidated.paths == summary.liquidation.count)
        let shares = a.liquidated.positions.reduce(0) { $0 + $1.share }
        #expect(abs(shares - 1) < 1e-12)
        let drivers = a.liquidated.positions.reduce(0) { $0 + $1.driverFrequency }
        #expect(abs(drivers - 1) < 1e-12)
    }

    @Test("a single position carries the whole ES and every liquidation")
    func singlePosition() async throws {
        let s = try makeScenario(
            assets: [("BTC", 50_000, 0.8)], positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)],
            cash: 150_000, horizon: "30d", steps: 30, paths: 20_000, seed: 5)
        let (summary, a) = try await attribute(s)
        #expect(a.liquidated.positions[0].share == 1 && a.liquidated.positions[0].driverFrequency == 1)
        #expect(abs(a.componentExpectedShortfall.positions[0].contribution - a.componentExpectedShortfall.total) < 1e-9 * a.componentExpectedShortfall.total)
        #expect(a.liquidated.paths == summary.liquidation.count)
    }
}
