import Testing
@testable import MarginStress

/// `SmallestValues` against the sorted prefix (the independent computation), on samples with ties, sorted and
/// reversed inputs, and every k from 0 to n + 1.
@Suite struct SmallestValuesTests {
    /// A reproducible uniform sample from the engine's mixing function.
    struct Uniforms {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func nextUniform() -> Double {
            state &+= 1
            return Double(RandomStream.mix(state) >> 11) * 0x1p-53
        }
    }

    @Test func equalsSortedPrefix() {
        var random = Uniforms(seed: 2026)
        for n in [1, 2, 3, 7, 64, 257, 1_000] {
            let uniform = (0..<n).map { _ in random.nextUniform() }
            let ties = (0..<n).map { _ in Double(Int(random.nextUniform() * 5)) }
            for x in [uniform, ties, uniform.sorted(), uniform.sorted().reversed()] {
                let sorted = x.sorted()
                for k in Set([0, 1, 2, n / 2, n - 1, n, n + 1].filter { $0 >= 0 }) {
                    #expect(SmallestValues.of(x, count: k) == Array(sorted.prefix(k)), "n \(n), k \(k)")
                }
            }
        }
    }

    @Test func tailMetricsFromTheSmallestEqualTheFullSort() {
        var random = Uniforms(seed: 7)
        let x = (0..<20_000).map { _ in random.nextUniform() - 0.5 }
        let sorted = x.sorted()
        for level in [0.99, 0.975, 0.5] {
            let k = BacktestSeries.tailCount(x.count, level: level)
            let a = BacktestSeries.tailMetrics(smallest: SmallestValues.of(x, count: k), of: x.count, level: level, tailSize: 32)
            let b = BacktestSeries.tailMetrics(smallest: sorted, of: x.count, level: level, tailSize: 32)
            #expect(a.vaR == b.vaR && a.es == b.es && a.tail == b.tail)
            #expect(a.vaR == -sorted[k - 1])
        }
    }
}
