import Foundation
import Testing
@testable import MarginStress

@Suite("Random numbers")
struct RandomTests {
    @Test("the mix function reproduces SplitMix64's published first outputs from state 0")
    func splitMixKnownAnswers() {
        // SplitMix64 seeded with 0 returns mix(k x gamma) for k = 1, 2, 3, ...
        let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
        let outputs = (1...3).map { RandomStream.mix(gamma &* UInt64($0)) }
        #expect(outputs == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test("a block's stream is the SplitMix64 sequence from its own offset, batch after batch")
    func streamLayout() {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        let seed: UInt64 = 77, block: UInt64 = 5
        var stream = RandomStream(seed: seed, block: block, buffer: buffer)
        let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
        let key = RandomStream.mix(seed ^ 0x6A09_E667_F3BC_C909)
        for n in 0..<(3 * RandomStream.batch) {
            let expected = RandomStream.mix(key &+ gamma &* ((block << 40) &+ UInt64(n) &+ 1))
            #expect(stream.next() == expected)
        }
    }

    /// `count` normals from the stream of (seed, block).
    func normals(_ count: Int, seed: UInt64 = 2024, block: UInt64 = 0) -> [Double] {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: seed, block: block, buffer: buffer)
        let out = UnsafeMutablePointer<Double>.allocate(capacity: count)
        defer { out.deallocate() }
        NormalSampler().fill(out, count: count, &stream)
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    @Test("streams are reproducible and differ between blocks and seeds")
    func streams() {
        #expect(normals(1000) == normals(1000))
        #expect(normals(1000, block: 1) != normals(1000, block: 0))
        #expect(normals(1000, seed: 1) != normals(1000, seed: 2))
    }

    @Test("normal sampler: moments within 4 standard errors")
    func normalMoments() {
        let n = 4_000_000
        let z = normals(n)
        let nd = Double(n)
        let mean = z.reduce(0, +) / nd
        let m2 = z.reduce(0) { $0 + $1 * $1 } / nd
        let m3 = z.reduce(0) { $0 + $1 * $1 * $1 } / nd
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / nd
        // Standard errors of the raw moments of N(0,1): sqrt(Var(z^k) / n) with Var z = 1, Var z^2 = 2,
        // Var z^3 = 15, Var z^4 = 105 - 9 = 96.
        #expect(abs(mean) < 4 * (1 / nd).squareRoot())
        #expect(abs(m2 - 1) < 4 * (2 / nd).squareRoot())
        #expect(abs(m3) < 4 * (15 / nd).squareRoot())
        #expect(abs(m4 - 3) < 4 * (96 / nd).squareRoot())
    }

    @Test("normal sampler: tail frequencies within 4 standard errors", arguments: [1.0, 2.0, 3.0, 3.442619855899, 4.0, 4.5])
    func normalTails(threshold: Double) {
        let n = 4_000_000
        let z = normals(n, seed: 99)
        let upper = Double(z.filter { $0 > threshold }.count) / Double(n)
        let lower = Double(z.filter { $0 < -threshold }.count) / Double(n)
        let p = 1 - normalCDF(threshold)
        let se = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(upper - p) < 4 * se, "P(z > \(threshold)) = \(upper), expected \(p)")
        #expect(abs(lower - p) < 4 * se, "P(z < -\(threshold)) = \(lower), expected \(p)")
    }

    @Test("chi-square sampler: mean nu and variance 2 nu", arguments: [2.5, 4.0, 10.0])
    func chiSquare(nu: Double) {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: 5, block: 3, buffer: buffer)
        let sampler = ChiSquareSampler(degreesOfFreedom: nu)
        let n = 1_000_000
        let w = (0..<n).map { _ in sampler.next(&stream) }
        let mean = w.reduce(0, +) / Double(n)
        let variance = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Var(W) = 2 nu; Var((W - nu)^2) = mu4 - sigma^4 = (12 nu (nu + 4)) + 3 (2 nu)^2 - (2 nu)^2 for chi-square.
        #expect(abs(mean - nu) < 4 * (2 * nu / Double(n)).squareRoot())
        let varOfSquares = 12 * nu * (nu + 4) + 2 * (2 * nu) * (2 * nu)
        #expect(abs(variance - 2 * nu) < 4 * (varOfSquares / Double(n)).squareRoot())
    }

    @Test("FastMath.exp agrees with exp to 2 ulp over the range used")
    func fastExpAccuracy() {
        var worst = 0.0
        var x = -30.0
        while x < 30 {
            let exact = Foundation.exp(x)
            worst = max(worst, abs(FastMath.exp(.init(repeating: x))[5] - exact) / exact)
            x += 0.000731
        }
        #expect(worst < 4.5e-16)
    }

    @Test("FastMath.log agrees with log to a few ulp on (0, 1] and beyond")
    func fastLogAccuracy() {
        var worst = 0.0
        var x = 0x1p-53
        while x < 1e6 {
            let exact = Foundation.log(x)
            let error = abs(FastMath.log(.init(repeating: x))[0] - exact) / max(abs(exact), 1e-300)
            if exact != 0 { worst = max(worst, error) }
            x *= 1.000917
        }
        #expect(worst < 1e-15)
        #expect(FastMath.log(.init(repeating: 1))[0] == 0)
        // Near 1 the absolute error is what matters (log x ~ x - 1).
        for k in 1...1000 {
            let x = 1 + Double(k) * 1e-6
            #expect(abs(FastMath.log(.init(repeating: x))[0] - Foundation.log(x)) < 4.5e-16 * (x - 1) + 1e-22)
        }
    }

    @Test("FastMath.cosSinQuarter agrees with cos and sin to 2 ulp on [-pi/4, pi/4]")
    func sinCosAccuracy() {
        var worst = 0.0
        for k in 0...200_000 {
            let t = (Double(k) / 200_000 - 0.5) * (Double.pi / 2) + 1.3e-9
            guard abs(t) <= Double.pi / 4 else { continue }
            let (cs, ss) = FastMath.cosSinQuarter(.init(repeating: t))
            let c = cs[3], s = ss[3]
            worst = max(worst, abs(c - Foundation.cos(t)) / Foundation.cos(t).ulp,
                        abs(s - Foundation.sin(t)) / max(Foundation.sin(t).magnitude.ulp, 0x1p-1074))
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test("Box-Muller pairs: the angle is uniform over sixteen sectors and the pair's halves are uncorrelated")
    func angleUniform() {
        // A wrong quarter turn (swap or sign) would leave sectors empty or doubled.
        let n = 1 << 20
        let z = normals(2 * n, seed: 31)
        var counts = [Int](repeating: 0, count: 16)
        var product = 0.0, squares = 0.0
        // fill writes the cosines of a batch's pairs to its first half and the sines to its second half.
        let batch = RandomStream.batch, half = batch / 2
        for start in stride(from: 0, to: 2 * n, by: batch) {
            for k in 0..<half {
                let x = z[start + k], y = z[start + half + k]
                product += x * y
                squares += x * x * y * y
                let angle = Foundation.atan2(y, x)  // (-pi, pi]
                counts[min(15, Int((angle + Double.pi) / (2 * Double.pi) * 16))] += 1
            }
        }
        let p = 1.0 / 16, se = (p * (1 - p) / Double(n)).squareRoot()
        for (sector, count) in counts.enumerated() {
            #expect(abs(Double(count) / Double(n) - p) < 4 * se, "sector \(sector): \(count) of \(n)")
        }
        // Independent N(0, 1) halves: E[xy] = 0 with Var(xy) = 1, E[x^2 y^2] = 1 with Var(x^2 y^2) = 9 - 1 = 8.
        #expect(abs(product / Double(n)) < 4 * (1 / Double(n)).squareRoot())
        #expect(abs(squares / Double(n) - 1) < 4 * (8 / Double(n)).squareRoot())
    }

    @Test("fill and next agree on the law: fill's odd count drops only the last sine")
    func fillOddCount() {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var a = RandomStream(seed: 1, block: 0, buffer: buffer)
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 5)
        defer { out.deallocate() }
        NormalSampler().fill(out, count: 5, &a)
        var b = RandomStream(seed: 1, block: 0, buffer: buffer)
        let w = (0..<6).map { _ in b.next() }
        let (c, s) = NormalSampler.pairs(.init(w[0], w[1], w[2], 0, 0, 0, 0, 0), .init(w[3], w[4], w[5], 0, 0, 0, 0, 0))
        #expect([out[0], out[1], out[2], out[3], out[4]] == [c[0], c[1], c[2], s[0], s[1]])
    }
}
