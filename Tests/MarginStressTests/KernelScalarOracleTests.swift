import CVectorMath
import Testing
@testable import MarginStress

/// Two dispatched kernels against scalar formulas written here, at every level the CPU supports: the SplitMix64
/// words for any count (the eight-lane rounds and the scalar tail), and the period close of the Brownian bridge
/// (`ms_close8`) with every multiply-add an exact fused multiply-add (`addingProduct`, one rounding in every build).
@Suite("Kernel scalar oracles", .serialized)
struct KernelScalarOracleTests {
    @Test("every level's SplitMix64 words are mix(start + gamma (k + 1)), for counts that are not multiples of 16")
    func wordsForAnyCount() {
        let initial = Kernels.current
        defer { Kernels.select(initial) }
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: 600)
        defer { out.deallocate() }
        for level in Kernels.Level.allCases where Kernels.select(level) {
            for start: UInt64 in [0, .max - 5, 0x0123_4567_89AB_CDEF] {
                for n in [0, 1, 7, 15, 16, 17, 31, 33, 100, 512, 600] {
                    out.update(repeating: 0, count: 600)
                    ms_splitmix_words(out, start, n)
                    let wrong = (0..<n).filter { out[$0] != RandomStream.mix(start &+ RandomStream.gamma &* UInt64($0 + 1)) }
                    #expect(wrong.isEmpty, "\(level), start \(start), n \(n): words \(wrong.prefix(4)) differ")
                    #expect(n == 600 || out[n] == 0, "\(level): wrote past \(n) words")
                }
            }
        }
    }

    /// The close by the scalar formula: degree >= 0: x = z s + drift and close = open T(x) (Horner from the top,
    /// T's coefficients 1 / k!); degree < 0: close = z s + (open + drift) held within the bounds, x = close - open.
    static func referenceClose(z: Double, s: Double, drift: Double, open: Double, degree: Int) -> (close: Double, x: Double) {
        if degree >= 0 {
            let x = drift.addingProduct(z, s)
            var p = FastMath.inverseFactorials[degree]
            for k in stride(from: degree - 1, through: 0, by: -1) { p = FastMath.inverseFactorials[k].addingProduct(p, x) }
            return (open * p, x)
        }
        let high = NumericalLimits.largestLogReturn
        let close = min(max((open + drift).addingProduct(z, s), -high), high)
        return (close, close - open)
    }

    @Test("every level's ms_close8 equals the scalar formula bit for bit (Taylor degrees 6 and 9, log-returns, clamp)")
    func closeMatchesScalar() {
        let initial = Kernels.current
        defer { Kernels.select(initial) }
        let high = NumericalLimits.largestLogReturn
        let z: [Double] = [0.3, -1.7, 2.9, -0.05, 1e-9, 3.3, -2.2, 0.77]
        let scale: [Double] = [1, 0.5, 1.3, 2.0, 0.9, 1.1, 0.25, 3.0]
        let huge: [Double] = [1e6, -1e6, 4e4, -4e4, 0.5, -0.5, 1e3, -1e3]  // past the log-return bounds
        for level in Kernels.Level.allCases where Kernels.select(level) {
            for degree in [-1, 6, 9] {
                for (shocks, scaled) in [(z, false), (z, true), (huge, false)] where degree < 0 || shocks == z {
                    let drift = degree >= 0 ? -0.0003 : 0.0004
                    let opens: [Double] = degree >= 0 ? [100, 50.5, 0.4, 6e4, 1, 7, 150, 3e3] : [0, 0.1, -0.2, 1.5, -3, 0.01, 2, -0.7]
                    var close = opens, x = [Double](repeating: .nan, count: 8)
                    scale.withUnsafeBufferPointer { s in
                        ms_close8(shocks, scaled ? s.baseAddress : nil, drift, &close, &x, degree, FastMath.inverseFactorials,
                                  -high, high)
                    }
                    for p in 0..<8 {
                        let r = Self.referenceClose(z: shocks[p], s: scaled ? scale[p] : 1, drift: drift, open: opens[p], degree: degree)
                        #expect(close[p].bitPattern == r.close.bitPattern && x[p].bitPattern == r.x.bitPattern,
                                "\(level), degree \(degree), lane \(p): \(close[p]), \(x[p]) against \(r.close), \(r.x)")
                    }
                }
            }
        }
    }
}
