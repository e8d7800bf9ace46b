import Foundation
import Testing
@testable import MarginStress

@Suite("Sampling: antithetic variates and relative precision")
struct SamplingTests {
    /// A single long perpetual liquidated about 13% of the time: monotone in the shocks, where pairing helps.
    func singleLong(paths: Int, seed: UInt64, antithetic: Bool = false, relativePrecision: Double? = nil,
                    workers: Int = 0, cash: Double = 150_000, steps: Int = 30) throws -> Scenario {
        var s = try makeScenario(
            assets: [("BTC", 50_000, 0.8)], positions: [PositionEntry(asset: "BTC", quantity: 10, maintenanceMarginRate: 0.005)],
            cash: cash, horizon: "30d", steps: steps, paths: paths, seed: seed, workers: workers)
        s.antithetic = antithetic
        s.relativePrecision = relativePrecision
        return s
    }

    @Test("the antithetic estimate lies within the plain estimate's interval, and both match the closed form")
    func antitheticAgrees() async throws {
        let plain = try await simulate(try singleLong(paths: 200_000, seed: 3)).liquidation
        let anti = try await simulate(try singleLong(paths: 200_000, seed: 3, antithetic: true)).liquidation
        #expect(anti.probability >= plain.interval95[0] && anti.probability <= plain.interval95[1],
                "antithetic \(anti.probability), plain \(plain.probability) \(plain.interval95)")
        let T = 30.0 / 365, vol = 0.8
        let expected = barrierProbability(b: log((50_000 - 15_000) / 0.995 / 50_000), nu: -vol * vol / 2, sigma: vol,
                                          T: T, dt: T / 30)
        #expect(abs(anti.probability - expected) < 4 * anti.standardError, "\(anti.probability) ± \(anti.standardError) vs \(expected)")
    }

    /// One step, liquidation iff Z < a with a < 0, p = Phi(a) about 0.4: a pair (Z, -Z) is never liquidated
    /// twice, so Var(pair mean) = p / 2 - p², and the variance reduction against independent paths is
    /// (1 - p) / (1 - 2p), about 3. Over 40 independent replications of each estimator the observed ratio of
    /// variances must agree with it: ratios of sample variances on 39 and 39 degrees of freedom lie within a
    /// factor 2.3 of the truth with probability above 99%.
    @Test("the variance reduction reported is the closed form's and the one observed across replications")
    func varianceReductionIsReal() async throws {
        let cash = 42_730.0
        var plain: [Double] = [], anti: [Double] = [], reported: [Double] = []
        for seed in 100..<140 as Range<UInt64> {
            plain.append(try await simulate(try singleLong(paths: 8_192, seed: seed, cash: cash, steps: 1)).liquidation.probability)
            let a = try await simulate(try singleLong(paths: 8_192, seed: seed, antithetic: true, cash: cash, steps: 1))
            anti.append(a.liquidation.probability)
            reported.append(a.sampling.liquidationVarianceReduction!)
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        func variance(_ v: [Double]) -> Double {
            let m = mean(v)
            return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
        }
        let p = mean(plain)
        let exact = (1 - p) / (1 - 2 * p)
        let observed = variance(plain) / variance(anti)
        let claimed = mean(reported)
        #expect(exact > 2.5)
        #expect(abs(claimed - exact) < 0.1 * exact, "reported \(claimed), closed form \(exact)")
        #expect(observed > exact / 2.3 && observed < exact * 2.3, "observed \(observed), closed form \(exact)")
    }

    @Test("a relative-precision target stops at a round boundary once met, the same for any worker count")
    func relativePrecisionStops() async throws {
        var summaries: [RunSummary] = []
        for workers in [1, 2, 3] {
            summaries.append(try await simulate(try singleLong(paths: 2_000_000, seed: 9, relativePrecision: 0.02, workers: workers)))
        }
        let s = summaries[0]
        #expect(summaries[1] == s && summaries[2] == s)
        #expect(s.sampling.stoppedAtPrecision)
        #expect(s.paths < 2_000_000)
        #expect(s.paths % (SimulationRunner.roundLength * PathBlockSimulator.blockSize) == 0)
        let half = (s.liquidation.interval95[1] - s.liquidation.interval95[0]) / 2
        #expect(half <= 0.02 * s.liquidation.probability)
        // One round fewer would not have met the target: the half-width scales as 1 / sqrt(paths).
        let round = Double(SimulationRunner.roundLength * PathBlockSimulator.blockSize)
        #expect(half * (Double(s.paths) / (Double(s.paths) - round)).squareRoot() > 0.98 * 0.02 * s.liquidation.probability)
    }

    @Test("an unreachable target runs every path and says so")
    func unreachableTarget() async throws {
        let s = try await simulate(try singleLong(paths: 40_000, seed: 9, relativePrecision: 0.001))
        #expect(s.paths == 40_000)
        #expect(!s.sampling.stoppedAtPrecision)
    }
}
