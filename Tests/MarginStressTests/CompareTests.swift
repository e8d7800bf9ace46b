import Foundation
import Testing
@testable import MarginStress

@Suite("Cross versus isolated margin")
struct CompareTests {
    func compare(_ s: Scenario) async throws -> CompareSummary {
        let runner = try CompareRunner(scenario: s)
        return CompareSummary(scenario: s, modes: runner.modes, tally: await runner.run().partial)
    }

    @Test("a single position with all the collateral: cross and isolated are the same, path for path")
    func singlePosition() async throws {
        let s = try makeScenario(
            assets: [("BTC", 50_000, 0.8)], positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)],
            cash: 150_000, horizon: "30d", steps: 60, paths: 50_000, seed: 23)
        let c = try await compare(s)
        #expect(c.cross.anyLiquidated.count == c.isolated.anyLiquidated.count)
        #expect(c.cross.anyLiquidated.count > 1000)
        #expect(c.positions[0].contagion.count == 0 && c.positions[0].savedByPooling.count == 0)
        #expect(abs(c.cross.expectedLiquidationLoss - c.isolated.expectedLiquidationLoss) < 1e-9 * c.cross.expectedLiquidationLoss)
        // And the cross side is run's own count on the same seed.
        #expect(try await simulate(s).liquidation.count == c.cross.anyLiquidated.count)
    }

    @Test("two independent positions: isolated any-liquidation is 1 - (1 - p1)(1 - p2) within error")
    func independentPositions() async throws {
        let s = try makeScenario(
            assets: [("A", 100, 0.9), ("B", 50, 0.7)],
            positions: [PositionEntry(asset: "A", quantity: 1000, maintenanceMarginRate: 0.01, isolatedMargin: 15_000),
                        PositionEntry(asset: "B", quantity: -2000, maintenanceMarginRate: 0.01, isolatedMargin: 15_000)],
            cash: 30_000, horizon: "30d", steps: 30, paths: 200_000, seed: 29)
        let c = try await compare(s)
        let p1 = c.positions[0].isolatedLiquidated.probability, p2 = c.positions[1].isolatedLiquidated.probability
        let any = c.isolated.anyLiquidated
        let expected = 1 - (1 - p1) * (1 - p2)
        // The product of two estimates has its own error; the any-estimate's se bounds the comparison well enough
        // when doubled (the two errors are of the same size and positively correlated).
        #expect(abs(any.probability - expected) < 4 * 2 * any.standardError, "\(any.probability) vs \(expected)")
        #expect(p1 > 0.05 && p2 > 0.05)
        #expect(c.isolated.expectedPositionsLiquidated == p1 + p2)
    }

    @Test("isolated run: the account's liquidation is the first position liquidated, as in compare")
    func isolatedRun() async throws {
        var s = try ScenarioValidator.validate(ScenarioOverrides(paths: 30_000, steps: 48).applied(to: DefaultScenario.file),
                                               source: "default")
        let c = try await compare(s)
        s.mode = .isolated
        let run = try await simulate(s)
        #expect(run.liquidation.count == c.isolated.anyLiquidated.count)
        s.mode = .cross
        #expect(try await simulate(s).liquidation.count == c.cross.anyLiquidated.count)
    }

    @Test("the survival curves of compare are run's, step for step, in each mode; they end at 1 - P(liquidated)")
    func survivalCurves() async throws {
        var s = try ScenarioValidator.validate(ScenarioOverrides(paths: 20_000, steps: 36).applied(to: DefaultScenario.file),
                                               source: "default")
        let c = try await compare(s)
        let cross = try await simulate(s)
        s.mode = .isolated
        let isolated = try await simulate(s)
        #expect(c.cross.timeToLiquidation == cross.timeToLiquidation)
        #expect(c.isolated.timeToLiquidation == isolated.timeToLiquidation)
        #expect(c.cross.timeToLiquidation.survival.count == 37)
        #expect(abs(c.cross.timeToLiquidation.survival.last!.probability - (1 - c.cross.anyLiquidated.probability)) < 1e-12)
        #expect(abs(c.isolated.timeToLiquidation.survival.last!.probability - (1 - c.isolated.anyLiquidated.probability)) < 1e-12)
        // Survival never rises, and the isolated book (positions alone on smaller margins) goes first here.
        for mode in [c.cross, c.isolated] {
            let p = mode.timeToLiquidation.survival.map(\.probability)
            #expect(zip(p, p.dropFirst()).allSatisfy { $0 >= $1 })
        }
        #expect(c.isolated.anyLiquidated.count > c.cross.anyLiquidated.count)
    }

    @Test("allocation: explicit margins kept, the rest split in proportion to initial margin")
    func allocation() throws {
        let s = try makeScenario(
            assets: [("A", 100, 0.5), ("B", 100, 0.5), ("C", 100, 0.5)],
            positions: [PositionEntry(asset: "A", quantity: 100, maintenanceMarginRate: 0.01, initialMarginRate: 0.1),
                        PositionEntry(asset: "B", quantity: -300, maintenanceMarginRate: 0.01, initialMarginRate: 0.1),
                        PositionEntry(asset: "C", quantity: 50, maintenanceMarginRate: 0.01, isolatedMargin: 1_000)],
            cash: 5_000)
        #expect(MarginModes.allocation(s) == [1_000, 3_000, 1_000])
    }

    @Test("compare is the same for any worker count")
    func workers() async throws {
        var results: [CompareSummary] = []
        for w in [1, 2, 5] {
            let s = try ScenarioValidator.validate(
                ScenarioOverrides(paths: 20_000, steps: 24, workers: w).applied(to: DefaultScenario.file), source: "default")
            results.append(try await compare(s))
        }
        #expect(results[0] == results[1] && results[0] == results[2])
    }
}

@Suite("CLI: compare")
struct CompareCLITests {
    @Test("compare --json has both modes and per-position contagion; a bad mode is a clear error")
    func json() throws {
        let result = try runCLI(["compare", "--paths", "10000", "--steps", "24", "--json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        for key in ["cross", "isolated", "positions"] { #expect(o[key] != nil) }
        let position = (o["positions"] as! [[String: Any]])[0]
        for key in ["crossLiquidated", "isolatedLiquidated", "contagion", "savedByPooling", "isolatedMargin"] {
            #expect(position[key] != nil, "\(key)")
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try scenarioText().replacingOccurrences(of: "mode: cross", with: "mode: portfolio").write(to: file, atomically: true, encoding: .utf8)
        let bad = try runCLI(["validate", file.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("account.mode: \"portfolio\" is not a margin mode; use cross"))
    }
}
