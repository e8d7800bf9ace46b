import Foundation
import Testing
@testable import MarginStress

/// Single-position accounts against the first-passage closed forms of DESIGN.md.
@Suite("Analytic oracles: first passage")
struct BarrierOracleTests {
    let price = 50_000.0, vol = 0.8, days = 30.0

    /// Long q with cash K and maintenance rate m is liquidated iff P < B = (e - K/q) / (1 - m).
    @Test("single long perpetual: discrete first passage within 4 se", arguments: [(120, 0.0), (30, 0.0), (120, 0.5)])
    func singleLong(steps: Int, drift: Double) async throws {
        let q = 10.0, m = 0.005, cash = 150_000.0
        var scenario = try makeScenario(
            assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: q, maintenanceMarginRate: m)],
            cash: cash, horizon: "\(Int(days))d", steps: steps, paths: 200_000, seed: 11)
        scenario.assets[0].drift = drift
        let summary = try await simulate(scenario)
        let barrier = (price - cash / q) / (1 - m)
        let T = days / 365, nu = drift - vol * vol / 2
        let expected = barrierProbability(b: log(barrier / price), nu: nu, sigma: vol, T: T, dt: T / Double(steps))
        let got = summary.liquidation
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "simulated \(got.probability) ± \(got.standardError), closed form \(expected)")
        #expect(got.probability > 0.01)
    }

    /// Short s with cash K: liquidated iff P > B = (e + K/s) / (1 + m).
    @Test("single short perpetual: discrete first passage within 4 se")
    func singleShort() async throws {
        let s = 10.0, m = 0.01, cash = 200_000.0
        let scenario = try makeScenario(
            assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: -s, maintenanceMarginRate: m)],
            cash: cash, horizon: "30d", steps: 120, paths: 200_000, seed: 12)
        let summary = try await simulate(scenario)
        let barrier = (price + cash / s) / (1 + m)
        let T = days / 365
        let expected = barrierProbability(b: log(barrier / price), nu: -vol * vol / 2, sigma: vol, T: T, dt: T / 120)
        let got = summary.liquidation
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "simulated \(got.probability) ± \(got.standardError), closed form \(expected)")
        #expect(got.probability > 0.01)
    }

    @Test("one step: the terminal probability Phi((b - nu T) / (sigma sqrt T)) within 4 se")
    func oneStep() async throws {
        let q = 10.0, m = 0.005, cash = 120_000.0
        let scenario = try makeScenario(
            assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: q, maintenanceMarginRate: m)],
            cash: cash, horizon: "30d", steps: 1, paths: 400_000, seed: 13)
        let summary = try await simulate(scenario)
        let T = days / 365, nu = -vol * vol / 2
        let b = log((price - cash / q) / (1 - m) / price)
        let expected = normalCDF((b - nu * T) / (vol * T.squareRoot()))
        let got = summary.liquidation
        #expect(abs(got.probability - expected) < 4 * got.standardError,
                "simulated \(got.probability) ± \(got.standardError), closed form \(expected)")
    }

    @Test("more frequent monitoring never lowers the liquidation count on nested grids")
    func monitoringMonotone() async throws {
        // Not nested paths (streams differ by step count), so compare against the closed forms' ordering with error.
        var previous = 0.0
        for steps in [1, 4, 16, 64] {
            let scenario = try makeScenario(
                assets: [("BTC", price, vol)], positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)],
                cash: 150_000, horizon: "30d", steps: steps, paths: 100_000, seed: 14)
            let p = try await simulate(scenario).liquidation
            #expect(p.probability > previous - 4 * p.standardError)
            previous = p.probability
        }
    }
}

@Suite("Analytic oracles: tail metrics")
struct TailOracleTests {
    /// Terminal PnL of a long q with no liquidation is q P0 (e^X - 1), X ~ N(nu T, sigma² T):
    /// VaR_a = q P0 (1 - e^{nu T + sigma sqrt(T) z_{1-a}}),
    /// ES_a = q P0 (1 - e^{nu T + sigma² T / 2} Phi(z_{1-a} - sigma sqrt T) / (1 - a)).
    @Test("VaR and ES of a single long position against the lognormal closed form")
    func lognormalVaRES() async throws {
        let p0 = 3000.0, vol = 0.7, q = 100.0, days = 10.0
        let scenario = try makeScenario(
            assets: [("ETH", p0, vol)], positions: [PositionEntry(asset: "ETH", quantity: q, maintenanceMarginRate: 0.005)],
            cash: 10_000_000, horizon: "10d", steps: 1, paths: 400_000, seed: 21)
        let summary = try await simulate(scenario)
        #expect(summary.liquidation.count == 0)
        let T = days / 365, nu = -vol * vol / 2, st = vol * T.squareRoot()
        for level in RunSummary.tailLevels {
            let key = levelKey(level)
            let z = normalQuantile(1 - level)
            let var_ = q * p0 * (1 - exp(nu * T + st * z))
            let es = q * p0 * (1 - exp(nu * T + st * st / 2) * normalCDF(z - st) / (1 - level))
            let ci = summary.terminalPnL.valueAtRiskInterval95[key]!
            // The order-statistic interval is a 95% interval (about 2 se): widen to 4 se, plus the sketch's 0.05%.
            let half = (ci[1] - ci[0]) / 2 * 2 + 5e-4 * var_
            #expect(abs(summary.terminalPnL.valueAtRisk[key]! - var_) < half,
                    "VaR \(key): \(summary.terminalPnL.valueAtRisk[key]!) vs \(var_)")
            let esSE = summary.terminalPnL.expectedShortfallStandardError[key]!
            #expect(abs(summary.terminalPnL.expectedShortfall[key]! - es) < 4 * esSE + 5e-4 * es,
                    "ES \(key): \(summary.terminalPnL.expectedShortfall[key]!) ± \(esSE) vs \(es)")
        }
        // Mean terminal PnL is q P0 (e^{mu T} - 1) = 0 with zero drift.
        #expect(abs(summary.terminalPnL.mean) < 4 * summary.terminalPnL.standardError)
    }
}
