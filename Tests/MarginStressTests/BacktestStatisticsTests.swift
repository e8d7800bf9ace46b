import Foundation
import Testing
@testable import MarginStress

/// Oracles: scripts/oracles/backtest-statistics.py (scipy.stats) printed every reference value below.
@Suite("Backtest statistics")
struct BacktestStatisticsTests {
    static func sequence(_ n: Int, _ hits: [Int]) -> [Bool] {
        var s = [Bool](repeating: false, count: n)
        for i in hits { s[i] = true }
        return s
    }

    @Test("chi-square survival against scipy.stats.chi2.sf")
    func chiSquare() {
        let cases: [(Double, Double, Double)] = [
            (0.5, 1, 0.47950012218695337), (3.841458820694124, 1, 0.04999999999999989), (10.0, 1, 0.001565402258002549),
            (5.991464547107979, 2, 0.05000000000000007), (1.0, 2, 0.6065306597126334), (25.0, 2, 3.7266531720786718e-06),
            (0.01, 1, 0.920344325445942), (60.0, 1, 9.485737571073857e-15),
        ]
        for (x, k, expected) in cases {
            let value = ChiSquare.survival(x, degreesOfFreedom: k)
            #expect(abs(value - expected) <= 1e-12 * max(1, expected) + 1e-13 * expected, "chi2(\(k)) at \(x): \(value) vs \(expected)")
            #expect(abs(value / expected - 1) < 1e-10, "relative: \(value) vs \(expected)")
        }
        #expect(abs(ChiSquare.normalTwoSided(1.96) - 0.04999579029644087) < 1e-14)
        #expect(abs(ChiSquare.normalTwoSided(-3.3) - 0.0009668482847675549) < 1e-15)
    }

    @Test("Kupiec POF against scipy on worked examples")
    func kupiec() {
        let cases: [(Int, Int, Double, Double, Double)] = [
            (60, 4528, 0.01, 4.3858847612135605, 0.03623767972246092),
            (154, 4528, 0.025, 13.579528415205914, 0.00022866567601225054),
            (45, 4528, 0.01, 0.001752517803140563, 0.966607845273545),
            (0, 250, 0.01, 5.025167926750726, 0.02498150305344973),
            (3, 250, 0.01, 0.09494012266443264, 0.75798832137329),
            (12, 250, 0.01, 19.016185661391603, 1.296143301763101e-05),
        ]
        for (x, t, p, lr, pValue) in cases {
            let test = CoverageTests.kupiec(hits: x, days: t, probability: p)
            #expect(abs(test.statistic - lr) < 1e-9 * max(1, lr), "LR \(x)/\(t): \(test.statistic) vs \(lr)")
            #expect(abs(test.pValue / pValue - 1) < 1e-8, "p \(x)/\(t): \(test.pValue) vs \(pValue)")
        }
    }

    @Test("Christoffersen independence and conditional coverage against scipy")
    func christoffersen() {
        let cases: [(Int, [Int], [Int], Double, Double, Double, Double)] = [
            (100, [3, 4, 20, 50, 51, 52, 90], [88, 4, 4, 3], 8.113712657144454, 0.004393165933351505, 8.866727858646442, 0.011874477508386225),
            (250, [10, 60, 110, 160, 210], [239, 5, 5, 0], 0.20493237652149787, 0.6507686878924301, 6.276412722095188, 0.04336050127932228),
            (40, [1, 2, 3, 4, 30], [32, 2, 2, 3], 7.927967757303186, 0.004867643815205555, 11.33420819945669, 0.0034578644213686355),
        ]
        for (n, hits, counts, lrInd, pInd, lrCC, pCC) in cases {
            let s = Self.sequence(n, hits)
            let c = CoverageTests.Transitions(hits: s)
            #expect([c.n00, c.n01, c.n10, c.n11] == counts)
            let ind = CoverageTests.independence(hits: s)
            #expect(abs(ind.statistic - lrInd) < 1e-9 && abs(ind.pValue / pInd - 1) < 1e-8, "\(ind) vs \(lrInd), \(pInd)")
            let cc = CoverageTests.conditionalCoverage(hits: s, probability: 0.05)
            #expect(cc.degreesOfFreedom == 2)
            #expect(abs(cc.statistic - lrCC) < 1e-9 && abs(cc.pValue / pCC - 1) < 1e-8, "\(cc) vs \(lrCC), \(pCC)")
            let whole = CoverageBacktest(hits: s, level: 0.95, trafficLightWindow: min(n, 250))
            #expect(abs(whole.conditionalCoverage.pValue / pCC - 1) < 1e-8 && whole.hits == hits.count)
        }
    }

    @Test("traffic light thresholds match the Basel table and scipy's binomial; rolling windows on a hand-made sequence")
    func trafficLight() {
        for (p, n, g, y) in [(0.01, 250, 4, 9), (0.025, 250, 10, 16), (0.01, 500, 8, 14)] {
            let t = TrafficLight.thresholds(probability: p, window: n)
            #expect(t.green == g && t.yellow == y, "\(p) \(n): \(t)")
        }
        // 300 days: 4 hits in days 0..<10, 6 hits in days 100..<106, 1 hit at day 260.
        // Window ending at day 249 (index 0) holds 10 hits -> red; the one starting at 1: 9 -> yellow;
        // from the one starting at 4, the six hits at 100..<106 (and later day 260) keep it yellow.
        let hits = Array(0..<4) + Array(100..<106) + [260]
        let light = TrafficLight(hits: Self.sequence(300, hits), probability: 0.01, window: 250)
        #expect(light.counts.count == 51)
        #expect(light.counts[0] == 10 && light.zones[0] == .red)
        #expect(light.counts[1] == 9 && light.zones[1] == .yellow)
        #expect(light.counts[4] == 6 && light.zones[4] == .yellow)
        #expect(light.counts[11] == 7)   // window 11...260: six hits at 100..<106 and day 260
        #expect(light.counts[50] == 7 && light.zones[50] == .yellow)   // window 50...299: 100..<106 and 260
        #expect(light.windows(in: .red) == 1 && light.windows(in: .green) == 0 && light.worst == .red)
        let quiet = TrafficLight(hits: Self.sequence(300, [5, 200, 280]), probability: 0.01, window: 250)
        #expect(quiet.worst == .green && quiet.windows(in: .green) == 51)
    }

    /// Day t's forecast: PnL ~ N(0, sigma_t^2). Exact VaR, ES and tail quantiles of the normal.
    static func normalForecasts(_ sigmas: [Double], alpha: Double, tailSize: Int) -> (vaR: [Double], es: [Double], tails: [Double]) {
        let z = inverseNormal(1 - alpha)
        let phi = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        var tailsUnit: [Double] = []
        for k in 0..<tailSize { tailsUnit.append(inverseNormal(alpha * (Double(k) + 0.5) / Double(tailSize))) }
        var tails: [Double] = []
        tails.reserveCapacity(sigmas.count * tailSize)
        for s in sigmas { for q in tailsUnit { tails.append(s * q) } }
        return (sigmas.map { $0 * z }, sigmas.map { $0 * phi / alpha }, tails)
    }

    /// The standard normal quantile by bisection on erfc (200 halvings: to rounding).
    static func inverseNormal(_ p: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if ChiSquare.normalCDF(mid) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    @Test("Acerbi-Szekely Z2 rejects at about its size when the model is right and almost always when it is wrong")
    func acerbiSzekely() {
        let alpha = 0.025, days = 250, tailSize = 64, replications = 200
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: 77, block: 0, buffer: buffer)
        let normal = NormalSampler()
        let sigmas = (0..<days).map { 0.01 * (1 + 0.5 * sin(Double($0) / 20)) }
        let f = Self.normalForecasts(sigmas, alpha: alpha, tailSize: tailSize)
        var rejectRight = 0, rejectWrong = 0
        for r in 0..<replications {
            let z = (0..<days).map { _ in normal.next(&stream) }
            let right = zip(z, sigmas).map { $0 * $1 }
            let wrong = zip(z, sigmas).map { 1.5 * $0 * $1 }
            let a = AcerbiSzekelyZ2(pnl: right, valueAtRisk: f.vaR, expectedShortfall: f.es, alpha: alpha,
                                    tails: f.tails, tailSize: tailSize, simulations: 400, seed: UInt64(r))
            let b = AcerbiSzekelyZ2(pnl: wrong, valueAtRisk: f.vaR, expectedShortfall: f.es, alpha: alpha,
                                    tails: f.tails, tailSize: tailSize, simulations: 400, seed: UInt64(r))
            rejectRight += a.rejected ? 1 : 0
            rejectWrong += b.rejected ? 1 : 0
            // The paper's 5% critical value for Z2 is about -0.7, stable across distributions.
            if r == 0 { #expect(a.criticalValue > -1.0 && a.criticalValue < -0.45, "critical \(a.criticalValue)") }
        }
        // Size 0.05 over 200 replications: standard error 0.0154; 4 se around 10 of 200 -> 0...22.
        #expect(rejectRight <= 22, "rejected a right model \(rejectRight) of \(replications)")
        #expect(rejectRight >= 1)
        // Volatility 1.5x too high in reality: power is near 1.
        #expect(rejectWrong >= 160, "rejected a wrong model only \(rejectWrong) of \(replications)")
        // Z2 from the formula by hand: one hit of -3 against VaR 2, ES 2.5 over 4 days at alpha 0.25.
        let z2 = AcerbiSzekelyZ2.statistic(pnl: [-3, 1, -1, 0], valueAtRisk: [2, 2, 2, 2], expectedShortfall: [2.5, 2.5, 2.5, 2.5], alpha: 0.25)
        #expect(abs(z2 - (-3 / 2.5 / (4 * 0.25) + 1)) < 1e-15)
    }

    @Test("Brier score, skill, reliability and count test: by hand, calibrated and miscalibrated simulations")
    func probabilityCalibration() {
        let hand = ProbabilityCalibration(predicted: [0.1, 0.5, 0.9, 0.0], observed: [false, true, true, false])
        #expect(abs(hand.brierScore - (0.01 + 0.25 + 0.01 + 0) / 4) < 1e-15)
        #expect(abs(hand.baseRate - 0.5) < 1e-15 && abs(hand.brierSkill! - (1 - 0.0675 / 0.25)) < 1e-12)
        #expect(abs(hand.predictedCount - 1.5) < 1e-15 && hand.observedCount == 2)
        #expect(abs(hand.countStandardError - (0.09 + 0.25 + 0.09).squareRoot()) < 1e-15)

        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: 5, block: 0, buffer: buffer)
        var predicted: [Double] = [], calibrated: [Bool] = [], doubled: [Bool] = []
        for _ in 0..<20_000 {
            let p = pow(stream.nextUniform(), 3) * 0.5
            let u = stream.nextUniform()
            predicted.append(p)
            calibrated.append(u < p)
            doubled.append(u < min(1, 1.6 * p))
        }
        let good = ProbabilityCalibration(predicted: predicted, observed: calibrated)
        #expect(abs(good.countZ) < 4, "z \(good.countZ)")
        #expect(good.bins.filter { !$0.consistent }.count <= 1, "\(good.bins)")
        #expect(good.brierSkill! > 0)
        let bad = ProbabilityCalibration(predicted: predicted, observed: doubled)
        #expect(bad.countZ > 4 && bad.countPValue < 1e-4)
        #expect(bad.bins.filter { !$0.consistent }.count >= 3)
    }
}
