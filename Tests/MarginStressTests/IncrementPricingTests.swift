import Foundation
import Testing
@testable import MarginStress

/// Prices stepped by their increments (P_t = P_{t-1} x T_n(x_t)) against the full exponential.
@Suite("Pricing by increments")
struct IncrementPricingTests {
    @Test("the Taylor degree is the smallest whose remainder bound is within 2^-56", arguments: [1e-6, 0.008, 0.05, 0.2, 0.25])
    func degreeIsSmallest(bound: Double) throws {
        let n = try #require(MarketModel.taylorDegree(bound: bound))
        // Lagrange bound, computed here independently of the loop in taylorDegree.
        func remainder(_ k: Int) -> Double {
            Foundation.pow(bound, Double(k + 1)) / Foundation.tgamma(Double(k + 2)) * Foundation.exp(2 * bound)
        }
        #expect(remainder(n) <= 0x1p-56)
        if n > 0 { #expect(remainder(n - 1) > 0x1p-56) }
    }

    @Test("known degrees: 6 for the steps of a minute-by-minute day, none for wide steps")
    func knownDegrees() {
        #expect(MarketModel.taylorDegree(bound: 0.008) == 6)  // 0.008^7 / 7! e^0.016 = 4e-19; degree 5 leaves 4e-16
        #expect(MarketModel.taylorDegree(bound: 3) == nil)
        #expect(MarketModel.taylorDegree(bound: 0) == 0)
    }

    @Test("the polynomial of the chosen degree is e^x to 2 ulp over the whole bound", arguments: [0.008, 0.05, 0.25])
    func polynomialAccuracy(bound: Double) throws {
        let n = try #require(MarketModel.taylorDegree(bound: bound))
        var worst = 0.0
        for k in 0...20_000 {
            let x = bound * (Double(k) / 10_000 - 1)
            let value = FastMath.expTaylor(.init(repeating: x), degree: n, coefficients: FastMath.inverseFactorials)[2]
            worst = max(worst, abs(value - Foundation.exp(x)) / Foundation.exp(x).ulp)
        }
        #expect(worst <= 2, "worst \(worst) ulp at degree \(n)")
    }

    @Test("the log-return bound: drift plus the sampler's largest |z| times each row's absolute loadings")
    func largestLogReturn() {
        // Rows (0.01, 0) and (-0.003, 0.004): sums 0.01 and 0.007; drifts -1e-4 and 2e-3.
        let bound = MarketModel.largestLogReturn(loadings: [0.01, 0, -0.003, 0.004], drift: [-1e-4, 2e-3])
        let z = NormalSampler.largestMagnitude
        #expect(bound == max(1e-4 + z * 0.01, 2e-3 + z * 0.007))
        #expect(abs(z - (2 * 52 * Foundation.log(2.0)).squareRoot()) < 1e-9)
    }

    func scenario(_ distribution: DistributionEntry? = nil, steps: Int) throws -> Scenario {
        try makeScenario(
            assets: [("BTC", 60_000, 0.6), ("ETH", 3_000, 0.8), ("SOL", 150, 1.0)],
            positions: [PositionEntry(asset: "BTC", quantity: 40, maintenanceMarginRate: 0.005),
                        PositionEntry(asset: "ETH", quantity: -300, maintenanceMarginRate: 0.01),
                        PositionEntry(asset: "SOL", quantity: 2_000, maintenanceMarginRate: 0.01)],
            cash: 300_000, correlations: [CorrelationPair("BTC", "ETH", 0.8), CorrelationPair("BTC", "SOL", 0.5)],
            distribution: distribution, horizon: "1d", steps: steps, seed: 11)
    }

    @Test("Gaussian markets step by increments; Student-t markets use the full exponential")
    func modeChoice() throws {
        #expect(try SimulationRunner(scenario: try scenario(steps: 96)).market.incrementDegree != nil)
        let t = try scenario(DistributionEntry(type: "student-t", degreesOfFreedom: 4), steps: 96)
        #expect(try SimulationRunner(scenario: t).market.incrementDegree == nil)
    }

    /// Equity and margin of every path at every step, as the observer sees them.
    struct Recorder: PathObserver {
        var first: [Double] = [], second: [Double] = []
        mutating func start(count: Int, first: Double, second: Double) -> Bool { true }
        mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
            self.first.append(contentsOf: UnsafeBufferPointer(start: first, count: count))
            self.second.append(contentsOf: UnsafeBufferPointer(start: second, count: count))
            return true
        }
    }

    @Test("equity and margin equal those of the full exponential to 1e-12 at every step of every path", arguments: [96, 1440])
    func agreesWithExponential(steps: Int) throws {
        let s = try scenario(steps: steps)
        let runner = try SimulationRunner(scenario: s)
        let stepped = PathBlockSimulator(market: runner.market, valuation: runner.valuation, steps: steps, seed: 5)
        let degree = try #require(stepped.incrementDegree)
        #expect(degree < FastMath.largestTaylorDegree)
        var full = stepped
        full.incrementDegree = nil
        let ws = BlockWorkspace(capacity: 203, dimension: runner.market.dimension)
        var a = Recorder(), b = Recorder()
        stepped.run(block: 3, count: 203, in: ws, observer: &a)
        let lastReturn = stepped.logReturn(asset: 2, path: 100, in: ws)
        full.run(block: 3, count: 203, in: ws, observer: &b)
        #expect(a.first.count == 203 * steps && b.first.count == a.first.count)
        var worst = 0.0
        for i in a.first.indices {
            worst = max(worst, abs(a.first[i] - b.first[i]) / abs(b.first[i]), abs(a.second[i] - b.second[i]) / abs(b.second[i]))
        }
        #expect(worst < 1e-12, "largest relative difference \(worst)")
        #expect(worst > 0, "the two modes are different computations")
        #expect(abs(lastReturn - full.logReturn(asset: 2, path: 100, in: ws)) < 1e-12)
    }
}
