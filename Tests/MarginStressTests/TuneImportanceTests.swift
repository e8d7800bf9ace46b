import Foundation
import Testing
@testable import MarginStress

/// `tune --maintenance-rate-for-bad-debt` with importance sampling: the weighted bad-debt probability at each
/// rate against the plain count and against the closed form of a single position over two steps.
@Suite("Tune: importance sampling for the bad-debt rate")
struct TuneImportanceTests {
    static let rates = (0...5000).map { Double($0) / 10_000 }

    /// One long BTC (50,000, vol 0.8) over 2 daily steps, cash putting bad debt (price below P0 - K) at 4.5
    /// one-step standard deviations.
    func single(paths: Int, seed: UInt64, workers: Int = 0, tilt: Bool) throws -> Scenario {
        let sigma = 0.8 / 365.0.squareRoot()
        let cash = 50_000 * (1 - Foundation.exp(-4.5 * sigma))
        var s = try makeScenario(assets: [("BTC", 50_000, 0.8)],
                                 positions: [PositionEntry(asset: "BTC", quantity: 1, maintenanceMarginRate: 0.01)],
                                 cash: cash, horizon: "2d", steps: 2, paths: paths, seed: seed, workers: workers)
        s.importanceSampling = tilt ? true : nil
        return s
    }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Bad debt at rate m within two steps, for log-returns X1, X2 ~ N(mu, sigma²): equity below zero at step 1
    /// (S1 < bB), or not liquidated at m at step 1 (S1 >= bL(m) = bB - ln(1 - m)) and below zero at step 2:
    /// P = Phi((bB - mu) / sigma) + integral over x >= bL of phi_mu,sigma(x) Phi((bB - x - mu) / sigma) dx
    /// (Simpson's rule, 4,000 intervals over 16 sigma).
    static func closedForm(rate m: Double, market: MarketModel, cash: Double, price: Double) -> Double {
        let mu = market.driftPerStep[0], sigma = market.loadings[0]
        let bB = Foundation.log((price - cash) / price), bL = bB - Foundation.log(1 - m)
        func f(_ x: Double) -> Double {
            let z = (x - mu) / sigma
            return Foundation.exp(-z * z / 2) / (sigma * (2 * Double.pi).squareRoot()) * phi((bB - x - mu) / sigma)
        }
        let n = 4000, upper = max(bL, mu) + 8 * sigma, h = (upper - bL) / Double(n)
        var sum = f(bL) + f(upper)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * f(bL + Double(i) * h) }
        return phi((bB - mu) / sigma) + sum * h / 3
    }

    @Test("single position, two steps: weighted estimates at 4% (~8e-4) and 15% (~1e-5) against the closed form within 4 se")
    func closedForm() async throws {
        let s = try single(paths: 65_536, seed: 81, tilt: true)
        let tuner = try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: Self.rates)
        let (outcome, shift) = await tuner.weightedRun()
        #expect(shift.count == 1 && shift[0] < 0)
        let estimates = outcome.partial.estimates
        let cash = s.collateral[0].amount
        for (m, index) in [(0.04, 400), (0.15, 1500)] {
            let e = estimates[index]
            let exact = Self.closedForm(rate: m, market: tuner.market, cash: cash, price: 50_000)
            #expect(abs(e.probability - exact) < 4 * e.standardError, "rate \(m): \(e.probability) ± \(e.standardError) against \(exact)")
            // Plain sampling of as many paths would have a standard error of sqrt(p / n): 136% of p at 15%.
            #expect(e.standardError < 0.1 * exact, "rate \(m): se \(e.standardError) of \(exact)")
            #expect(e.hits > 100)
        }
        // The closed form at 15% is a rare event that plain sampling of 65,536 paths would barely see.
        #expect(Self.closedForm(rate: 0.15, market: tuner.market, cash: cash, price: 50_000) < 3e-5)
    }

    @Test("three assets, 4 steps: weighted and plain agree within 4 se where plain reaches (400+ bad-debt paths)")
    func againstPlain() async throws {
        var s = try RareEventTests().threeAssets(steps: 4, paths: 200_000, seed: 83, continuous: false, tilt: false, cash: 25_000)
        let plainTuner = try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: Self.rates)
        let plain = await plainTuner.run().partial
        s.paths = 20_000
        s.importanceSampling = true
        let tuner = try Tuner(scenario: s, question: .maintenanceRate, asset: nil, grid: Self.rates)
        let weighted = await tuner.weightedRun().sums.partial.estimates
        var compared = 0
        for j in stride(from: 0, to: 500, by: 50) where plain.counts[j] >= 400 {
            let p = ProportionEstimate(count: plain.counts[j], trials: plain.paths), w = weighted[j]
            let both = (p.standardError * p.standardError + w.standardError * w.standardError).squareRoot()
            #expect(abs(p.probability - w.probability) < 4 * both, "rate \(Self.rates[j]): plain \(p.probability), weighted \(w.probability) ± \(w.standardError)")
            compared += 1
        }
        #expect(compared >= 2, "\(stride(from: 0, to: 500, by: 50).map { plain.counts[$0] })")
    }

    @Test("weighted sums bit-identical for workers 1, 2, 7")
    func reproducible() async throws {
        let one = try await Tuner(scenario: single(paths: 5_000, seed: 85, workers: 1, tilt: true), question: .maintenanceRate,
                                  asset: nil, grid: Self.rates).weightedRun().sums.partial
        for w in [2, 7] {
            let other = try await Tuner(scenario: single(paths: 5_000, seed: 85, workers: w, tilt: true), question: .maintenanceRate,
                                        asset: nil, grid: Self.rates).weightedRun().sums.partial
            #expect(other == one, "workers \(w)")
        }
        #expect(one.estimates[0].hits > 0)
    }
}
