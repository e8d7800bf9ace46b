import Testing
@testable import MarginStress

@Suite("Liquidation check")
struct LiquidationCheckTests {
    @Test("the eight-path vector check equals the rule path by path, also for a tail of fewer than eight",
          arguments: [256, 203, 7])
    func vectorCheckEqualsRule(count: Int) {
        let ws = BlockWorkspace(capacity: 256, dimension: 1)
        var observer = LiquidationObserver(ws)
        let e0 = 100.0, m0 = 60.0
        let started = observer.start(count: count, first: e0, second: m0)
        #expect(started)
        // The rule, kept independently: liquidated at the first step with equity below margin; exit equity is
        // the equity at that step (or the last); minimum over the steps up to it.
        var step = [Int32](repeating: -1, count: count), exit = [Double](repeating: e0, count: count)
        var low = [Double](repeating: e0, count: count)
        var rng = SplitMix(seed: 99)
        var stillOpen = true
        for t in 1...60 where stillOpen {
            for p in 0..<count {
                ws.equity[p] = e0 - 50 * rng.unit() + 8 * Double(t % 3)  // ties with margin happen too
                ws.margin[p] = (rng.unit() < 0.02) ? ws.equity[p] : m0 - 10 * rng.unit()
            }
            stillOpen = observer.observe(step: t, count: count, first: ws.equity, second: ws.margin)
            for p in 0..<count where step[p] < 0 {
                let e = ws.equity[p]
                low[p] = Swift.min(low[p], e)
                exit[p] = e
                if e < ws.margin[p] { step[p] = Int32(t) }
            }
            let anyOpen = step.contains { $0 < 0 }
            #expect(stillOpen == anyOpen, "step \(t)")
        }
        for p in 0..<count {
            #expect(ws.liquidationStep[p] == step[p], "path \(p)")
            #expect(ws.exitEquity[p] == exit[p], "path \(p)")
            #expect(ws.minimumEquity[p] == low[p], "path \(p)")
        }
        let liquidated = step.filter { $0 > 0 }.count, later = step.filter { $0 > 1 }.count
        #expect(liquidated > 0 && later > 0)
    }
}

/// A small independent generator for test data (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
