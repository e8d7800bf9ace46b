import Foundation
import Testing
@testable import MarginStress

@Suite("Exact sums")
struct ExactSumTests {
    /// Terms of every magnitude and sign, whose floating-point sum depends on the order of addition.
    func terms(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix(seed: seed)
        return (0..<n).map { _ in
            let magnitude = Double(sign: .plus, exponent: Int(g.next() % 100) - 50, significand: 1 + Double(g.next() % 1024) / 1024)
            return g.next() % 2 == 0 ? magnitude : -magnitude
        }
    }

    @Test("the sum is the same in any order and any grouping, and equals the exact rational sum")
    func orderFree() {
        let xs = terms(5_000, seed: 1)
        let forward = ExactSum(xs), backward = ExactSum(xs.reversed())
        #expect(forward == backward)
        #expect(forward.value.bitPattern == backward.value.bitPattern)
        var grouped = ExactSum()
        for chunk in stride(from: 0, to: xs.count, by: 777) {
            grouped.merge(ExactSum(xs[chunk..<min(xs.count, chunk + 777)].shuffled()))
        }
        #expect(grouped == forward)
        // Naive floating sums differ with the order: the exact sum is what makes merges bit-identical.
        #expect(xs.reduce(0, +) != xs.reversed().reduce(0, +))
        // Against an independent exact sum: terms scaled to integers (all are multiples of 2^-60, below 2^51).
        let scaled = xs.map { $0 * 0x1p60 }
        #expect(scaled.allSatisfy { $0 == $0.rounded() })
        var wide = Int128(0)
        for s in scaled {
            wide += Int128(s)
        }
        let exact = Double(wide) * 0x1p-60
        #expect(forward.value == exact)
    }

    @Test("x + (-x) + y is y exactly; huge and tiny terms; subnormals; non-finite terms")
    func cancellation() {
        var s = ExactSum()
        s.add(1e300)
        s.add(1e-300)
        s.add(-1e300)
        #expect(s.value == 1e-300)
        var t = ExactSum([0x1p-1074, 0x1p-1074, 3 * 0x1p-1074])
        #expect(t.value == 5 * 0x1p-1074)
        t.add(-Double.greatestFiniteMagnitude)
        t.add(Double.greatestFiniteMagnitude)
        #expect(t.value == 5 * 0x1p-1074)
        #expect(ExactSum([1, -3.5]).value == -2.5)
        #expect(ExactSum([0.1, 0.2, 0.3]).value == 0.6000000000000001 || ExactSum([0.1, 0.2, 0.3]).value == 0.6)
        #expect(ExactSum([1, .infinity]).value == .infinity)
        #expect(ExactSum([Double]()).value == 0)
    }

    @Test("encoding and decoding keep the exact sum")
    func codable() throws {
        let s = ExactSum(terms(1_000, seed: 9))
        let back = try JSONDecoder().decode(ExactSum.self, from: try JSONEncoder().encode(s))
        #expect(back == s)
        #expect(back.value.bitPattern == s.value.bitPattern)
    }
}

@Suite("Sketch limits")
struct SketchLimitTests {
    @Test("an infinite or NaN value clamps to the last bucket instead of trapping; a volatility of 79 (the largest at 7 days) runs")
    func infiniteValues() async throws {
        var sketch = LogSketch(scale: 1)
        sketch.add(.infinity)
        sketch.add(-.infinity)
        sketch.add(1)
        #expect(sketch.total == 3 && sketch.clamped == 2)
        #expect(sketch.counts.last == 1 && sketch.counts.first == 1)
        sketch.add(.nan)
        #expect(sketch.total == 4)
        let s = try makeScenario(assets: [("BTC", 60_000, 79)],
                                 positions: [PositionEntry(asset: "BTC", quantity: 1, maintenanceMarginRate: 0.01)],
                                 cash: 10_000, horizon: "7d", steps: 10, paths: 512, seed: 1)
        #expect(try await simulate(s).liquidation.count >= 500)
    }
}
