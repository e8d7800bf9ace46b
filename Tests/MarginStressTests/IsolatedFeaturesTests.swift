import Foundation
import Testing
@testable import MarginStress

/// Isolated margin with tiers, funding and liquidation costs, bad debt per position, partial closes that pay
/// the impact of their size, and ES from the exact tail.
@Suite("Isolated features, partial-close costs and the exact tail")
struct IsolatedFeaturesTests {
    /// One BTC position holding all the collateral, with a tiered schedule, funding, spread, impact and a fee.
    func onePosition(mode: String) throws -> Scenario {
        let yaml = """
            name: one position
            account:
              mode: \(mode)
              liquidationFee: 0.004
              marginSchedules:
                btc:
                  style: binance
                  brackets:
                    - {notionalFloor: 0,      maintenanceMarginRate: 0.005, maintenanceAmount: 0}
                    - {notionalFloor: 400000, maintenanceMarginRate: 0.02,  maintenanceAmount: 6000}
              collateral: [{asset: USDC, amount: 90000}]
              positions: [{asset: BTC, quantity: 10, maintenanceSchedule: btc, fundingRate: 0.3}]
            market:
              assets:
                - {symbol: BTC, price: 50000, volatility: 0.8, halfSpread: 0.0005, averageDailyVolume: 2000}
                - {symbol: USDC, price: 1, volatility: 0}
            simulation: {horizon: 30d, steps: 60, paths: 40000, seed: 31}
            """
        return try ScenarioValidator.validate(try ScenarioLoader.decode(yaml, format: .yaml, source: "one"), source: "one")
    }

    @Test("one position with all the collateral: isolated equals cross path for path, with tiers, funding and costs")
    func onePositionBothModes() async throws {
        let cross = try await simulate(try onePosition(mode: "cross"))
        let isolated = try await simulate(try onePosition(mode: "isolated"))
        #expect(cross.liquidation.count > 2000)
        #expect(isolated.liquidation.count == cross.liquidation.count)
        #expect(isolated.liquidationOutcome.badDebt.count == cross.liquidationOutcome.badDebt.count)
        let costCross = try #require(cross.liquidationOutcome.meanCostWhenLiquidated)
        let costIsolated = try #require(isolated.liquidationOutcome.meanCostWhenLiquidated)
        #expect(costCross > 0 && abs(costIsolated - costCross) <= 1e-9 * costCross)
        #expect(abs(isolated.terminalPnL.mean - cross.terminalPnL.mean) <= 1e-6 * abs(cross.terminalPnL.standardDeviation))
        // compare: no contagion, no rescue, the same losses.
        let s = try onePosition(mode: "cross")
        let runner = try CompareRunner(scenario: s)
        let c = CompareSummary(scenario: s, modes: runner.modes, tally: await runner.run().partial)
        #expect(c.cross.anyLiquidated.count == cross.liquidation.count)
        #expect(c.isolated.anyLiquidated.count == cross.liquidation.count)
        #expect(c.positions[0].contagion.count == 0 && c.positions[0].savedByPooling.count == 0)
        #expect(abs(c.cross.expectedLiquidationLoss - c.isolated.expectedLiquidationLoss) <= 1e-9 * c.cross.expectedLiquidationLoss)
    }

    /// E[max(0, K - P_T)] and E[max(0, K - P_T)^2] for a driftless lognormal P_T (Black-Scholes put, zero rates),
    /// the second by quadrature.
    func putMoments(spot: Double, strike k: Double, sigma: Double, years t: Double) -> (mean: Double, second: Double) {
        let st = sigma * t.squareRoot()
        let d1 = (log(spot / k) + st * st / 2) / st, d2 = d1 - st
        let mean = k * normalCDF(-d2) - spot * normalCDF(-d1)
        var second = 0.0
        let n = 40_000, lo = -12.0, h = 24.0 / Double(n)
        for j in 0..<n {
            let z = lo + (Double(j) + 0.5) * h
            let payoff = max(0, k - spot * exp(-st * st / 2 + st * z))
            second += payoff * payoff * exp(-z * z / 2) / (2 * Double.pi).squareRoot() * h
        }
        return (mean, second)
    }

    @Test("isolated bad debt is per position: one step, two independent longs against the closed form")
    func badDebtPerPosition() async throws {
        let yaml = """
            name: two isolated longs
            account:
              mode: isolated
              collateral: [{asset: USDC, amount: 22000}]
              positions:
                - {asset: A, quantity: 1000, maintenanceMarginRate: 0.01, isolatedMargin: 10000}
                - {asset: B, quantity: 2000, maintenanceMarginRate: 0.01, isolatedMargin: 12000}
            market:
              assets:
                - {symbol: A, price: 100, volatility: 0.8}
                - {symbol: B, price: 50, volatility: 0.6}
                - {symbol: USDC, price: 1, volatility: 0}
            simulation: {horizon: 30d, steps: 1, paths: 400000, seed: 37}
            """
        let s = try ScenarioValidator.validate(try ScenarioLoader.decode(yaml, format: .yaml, source: "two"), source: "two")
        let summary = try await simulate(s)
        let t = 30.0 / 365
        // Position i ends in bad debt iff a_i + q_i (P_i - P0_i) < 0: P_i below K_i = P0_i - a_i / q_i.
        let legs = [(spot: 100.0, q: 1000.0, a: 10_000.0, sigma: 0.8), (spot: 50.0, q: 2000.0, a: 12_000.0, sigma: 0.6)]
        var survive = 1.0, expected = 0.0, variance = 0.0, liquidatedNone = 1.0
        for leg in legs {
            let k = leg.spot - leg.a / leg.q, st = leg.sigma * t.squareRoot()
            survive *= 1 - normalCDF((log(k / leg.spot) + st * st / 2) / st)
            // Liquidated iff a + q (P - P0) < m q P: P < (P0 - a / q) / (1 - m).
            liquidatedNone *= 1 - normalCDF((log(k / 0.99 / leg.spot) + st * st / 2) / st)
            let m = putMoments(spot: leg.spot, strike: k, sigma: leg.sigma, years: t)
            expected += leg.q * m.mean
            variance += leg.q * leg.q * (m.second - m.mean * m.mean)
        }
        let badDebt = summary.liquidationOutcome.badDebt
        #expect(abs(badDebt.probability - (1 - survive)) < 4 * badDebt.standardError, "\(badDebt.probability) vs \(1 - survive)")
        #expect(badDebt.probability > 0.01)
        let liq = summary.liquidation
        #expect(abs(liq.probability - (1 - liquidatedNone)) < 4 * liq.standardError)
        let se = (variance / Double(s.paths)).squareRoot()
        let measured = summary.liquidationOutcome.expectedBadDebt
        #expect(abs(measured - expected) < 4 * se, "expected bad debt \(measured) vs \(expected) (se \(se))")
    }

    @Test("a partial close restores (1 + buffer) times the margin left, paying the impact of the size it closes")
    func partialCloseBalance() {
        let ws = BlockWorkspace(capacity: 8, dimension: 1, extraForms: 1)
        var observer = PartialLiquidationObserver(ws, buffer: 0.2, collateralRow: 0, pnlRow: 0)
        for (c, i) in [(3_000.0, 0.0), (3_000.0, 1_800.0), (500.0, 400.0)] {
            ws.resetOutcomes(count: 1)
            observer.alive = 1
            let e = 9_000.0, m = 10_000.0, s = 0.8, u = -20_000.0
            observer.check(0, step: 3, equity: e, margin: m, scale: s, cost: c, impact: i, pnl: u)
            #expect(ws.liquidationStep[0] == -1, "partial, not full")
            let phi = 1 - ws.positionScale[0] / s
            let paid = ws.liquidationCost[0]
            let x = phi * s
            #expect(abs(paid - (x * (c - i) + x * x.squareRoot() * i)) <= 1e-9 * paid)
            // Equity after the close's cost equals the buffered margin of what stays open.
            #expect(abs((e - paid) - 1.2 * (1 - phi) * m) <= 1e-9 * m, "c \(c) i \(i)")
            #expect(ws.exitEquity[0] == e - paid)
        }
        // Closing everything would leave bad debt (e < C), yet a partial close restores the margin: the balance is
        // concave with impact, so it is positive inside (0, 1) although negative at 1.
        var concave = PartialLiquidationObserver(ws, buffer: 0.1, collateralRow: 0, pnlRow: 0)
        ws.resetOutcomes(count: 1)
        concave.alive = 1
        concave.check(0, step: 2, equity: 9_200, margin: 10_000, scale: 1, cost: 9_500, impact: 9_500, pnl: 0)
        #expect(ws.liquidationStep[0] == -1 && ws.partialLiquidations[0] == 1)
        let cut = 1 - ws.positionScale[0]
        #expect(abs((9_200 - ws.liquidationCost[0]) - 1.1 * (1 - cut) * 10_000) <= 1e-6)
        // Impact of the size closed, not of the whole position: with impact the close costs less than phi C.
        ws.resetOutcomes(count: 1)
        observer.check(0, step: 1, equity: 9_000, margin: 10_000, scale: 1, cost: 3_000, impact: 1_800, pnl: 0)
        let phi = 1 - ws.positionScale[0]
        #expect(ws.liquidationCost[0] < phi * 3_000)
    }

    @Test("ES is the mean of exactly the n - r + 1 largest losses, even when the VaR's bucket holds many")
    func exactTail() throws {
        var sketch = LogSketch(scale: 1_000)
        var values: [Double] = []
        for j in 0..<9_450 { values.append(Double(j % 900) / 2) }
        values += Array(repeating: 1_000, count: 500) + Array(repeating: 2_000, count: 50)
        for v in values { sketch.add(v) }
        let metric = try #require(TailMetric(loss: sketch, level: 0.99))
        let sorted = values.sorted(), n = values.count, r = Int((0.99 * Double(n)).rounded(.up))
        let tail = sorted[(r - 1)...]
        #expect(metric.pathsBeyond == n - r + 1)
        let exact = tail.reduce(0, +) / Double(tail.count)
        #expect(abs(metric.expectedShortfall - exact) <= 5e-4 * exact, "\(metric.expectedShortfall) vs \(exact)")
        // The whole VaR bucket would be 550 paths with mean 1,090.9: far from the 101 worst.
        #expect(abs(metric.expectedShortfall - (50 * 2_000 + 500 * 1_000) / 550.0) > 0.1 * exact)
    }
}
