import CVectorMath
import Foundation
import Testing
@testable import MarginStress

/// The C kernels chosen at run time (`Kernels`): the level picked is one the CPU runs, and every supported
/// level gives the bits of the Swift formulas they replace (`FastMath`, with every multiply-add fused).
@Suite("Kernel dispatch", .serialized)
struct KernelDispatchTests {
    /// True when this Swift build fuses `ms_muladd8` (a CPU target with FMA): (1 + 2^-30)^2 - 1 is exact
    /// (2^-29 + 2^-60) when fused and loses the 2^-60 when rounded first.
    static var swiftFusesMultiplyAdd: Bool {
        let a = FastMath.Doubles(repeating: 1 + 0x1p-30)
        return a.fma(a, -1)[0] != 0x1p-29
    }

    @Test("the level in use is supported, and the highest one unless MARGINSTRESS_KERNELS lowers it")
    func picksSupportedLevel() {
        let current = Kernels.current
        #expect(Kernels.isSupported(current))
        #expect(Kernels.isSupported(.baseline))
        if ProcessInfo.processInfo.environment["MARGINSTRESS_KERNELS"] == nil {
            #expect(current == Kernels.Level.allCases.last(where: Kernels.isSupported))
        }
        #if arch(x86_64)
        // This project's machines have AVX2 and FMA; a level below them would make portable builds slow.
        #expect(current.rawValue >= Kernels.Level.avx2.rawValue || ProcessInfo.processInfo.environment["MARGINSTRESS_KERNELS"] != nil)
        #endif
        #expect(!Kernels.select(Kernels.Level(rawValue: 1) ?? .baseline) || Kernels.current == .baseline)
        Kernels.select(current)
    }

    /// The Swift formulas of `NormalSampler.pairs` (the reference the C kernel mirrors).
    static func referencePairs(_ a: FastMath.Words, _ b: FastMath.Words) -> (FastMath.Doubles, FastMath.Doubles) {
        typealias Doubles = FastMath.Doubles
        typealias Words = FastMath.Words
        let one = Words(repeating: 0x3FF0_0000_0000_0000)
        let u1 = 2 - unsafeBitCast(one | (a &>> 12), to: Doubles.self)
        let r = ms_sqrt8(-2 * FastMath.log(u1))
        let m = unsafeBitCast(one | (b &>> 12), to: Doubles.self)
        let (cosT, sinT) = FastMath.cosSinQuarter(m.fma(Doubles(repeating: 1.5707963267948966), -2.356194490192345))
        let swap = unsafeBitCast(unsafeBitCast(b &<< 62, to: SIMD8<Int64>.self) &>> 63, to: Words.self)
        let flip = b &<< 63
        let cosBits = unsafeBitCast(cosT, to: Words.self) ^ flip, sinBits = unsafeBitCast(sinT, to: Words.self)
        let c = (cosBits & ~swap) | (sinBits & swap), s = (sinBits & ~swap) | (cosBits & swap)
        return (r * unsafeBitCast(c, to: Doubles.self), r * unsafeBitCast(s, to: Doubles.self))
    }

    @Test("every level's normals equal the Swift formulas, bit for bit where Swift fuses multiply-adds")
    func normalsMatchReference() {
        let initial = Kernels.current
        defer { Kernels.select(initial) }
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { words.deallocate() }
        var stream = RandomStream(seed: 11, block: 3, buffer: words)
        var a: [FastMath.Words] = [], b: [FastMath.Words] = []
        for _ in 0..<256 {
            var x = FastMath.Words(), y = FastMath.Words()
            for j in 0..<8 { x[j] = stream.next(); y[j] = stream.next() }
            a.append(x); b.append(y)
        }
        // Extremes: the smallest and largest u1, every quarter of the angle.
        a.append(FastMath.Words(0, 1 << 12, ~0, ~0 >> 1, 0, 1, 2, 3))
        b.append(FastMath.Words(0, 1, 2, 3, ~0, ~0 - 1, ~0 - 2, ~0 - 3))
        for level in Kernels.Level.allCases where Kernels.isSupported(level) {
            #expect(Kernels.select(level))
            var worst = 0.0
            for i in a.indices {
                let (c, s) = NormalSampler.pairs(a[i], b[i]), (rc, rs) = Self.referencePairs(a[i], b[i])
                for j in 0..<8 {
                    if Self.swiftFusesMultiplyAdd {
                        #expect(c[j].bitPattern == rc[j].bitPattern && s[j].bitPattern == rs[j].bitPattern, "level \(level)")
                    }
                    worst = max(worst, abs(c[j] - rc[j]), abs(s[j] - rs[j]))
                }
            }
            #expect(worst < 1e-14, "level \(level)")
        }
    }

    @Test("a batch with an odd count and a partial last chunk equals the pairs it is made of")
    func batchLayout() {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { words.deallocate() }
        var stream = RandomStream(seed: 5, block: 0, buffer: words)
        let n = 37, half = (n + 1) / 2
        let bits = Array(UnsafeBufferPointer(start: stream.take(2 * half), count: 2 * half))
        var out = [Double](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer { ms_normal_batch(bits, $0.baseAddress!, n) }
        for k in 0..<half {
            let (c, s) = NormalSampler.pairs(FastMath.Words(repeating: bits[k]), FastMath.Words(repeating: bits[half + k]))
            #expect(out[k].bitPattern == c[0].bitPattern)
            if half + k < n { #expect(out[half + k].bitPattern == s[0].bitPattern) }
        }
    }

    @Test("runs give the same bits at every supported level: Gaussian, Student-t, filtered historical (per-chunk adjust), funding and costs")
    func runsAgreeAcrossLevels() async throws {
        let initial = Kernels.current
        defer { Kernels.select(initial) }
        let positions = [PositionEntry(asset: "BTC", quantity: 4, maintenanceMarginRate: 0.01),
                         PositionEntry(asset: "ETH", quantity: -60, maintenanceMarginRate: 0.01),
                         PositionEntry(asset: "SOL", quantity: 300, maintenanceMarginRate: 0.02)]
        let assets = [("BTC", 60_000.0, 0.6), ("ETH", 3_000.0, 0.75), ("SOL", 150.0, 0.95)]
        let correlations = [CorrelationPair("BTC", "ETH", 0.8), CorrelationPair("BTC", "SOL", 0.5)]
        var scenarios: [Scenario] = []
        for distribution in [nil, DistributionEntry(type: "student-t", degreesOfFreedom: 4)] {
            scenarios.append(try makeScenario(assets: assets, positions: positions, cash: 60_000, correlations: correlations,
                                              distribution: distribution, horizon: "7d", steps: 24, paths: 3_001, workers: 2))
        }
        for example in ["equity-pair-fhs.yaml", "hedged-btc-eth.yaml", "tiered-margin.yaml"] {
            let path = packageRoot.appendingPathComponent("examples/\(example)").path
            let file = ScenarioOverrides(paths: 2_000, workers: 2).applied(to: try ScenarioLoader.read(path: path))
            scenarios.append(try ScenarioValidator.validate(file, source: path).loadingHistory(source: path))
        }
        var reference: [String] = []
        for scenario in scenarios { reference.append(try Exporter.json(try await simulate(scenario))) }
        var checked = 0
        for level in Kernels.Level.allCases where Kernels.isSupported(level) {
            #expect(Kernels.select(level))
            for (i, scenario) in scenarios.enumerated() {
                #expect(try Exporter.json(try await simulate(scenario)) == reference[i], "level \(level), scenario \(i)")
            }
            checked += 1
        }
        #expect(checked >= 1)
        #expect(reference[0].contains("\"liquidation\"") && reference[0] != reference[1])
    }
}
