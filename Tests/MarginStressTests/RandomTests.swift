import Foundation
import Testing
@testable import MarginStress

@Suite("Random numbers")
struct RandomTests {
    @Test("Philox4x32-10 matches the Random123 known-answer vectors")
    func philoxKnownAnswers() {
        let zero = Philox4x32(key: 0).block(0, 0, 0, 0)
        #expect(zero == (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8))
        let ones = Philox4x32(key: 0xffff_ffff_ffff_ffff).block(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff)
        #expect(ones == (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd))
        let pi = Philox4x32(key: 0x299f_31d0_a409_3822).block(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344)
        #expect(pi == (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1))
    }

    /// `count` normals from the stream of (seed, block).
    func normals(_ count: Int, seed: UInt64 = 2024, block: UInt64 = 0) -> [Double] {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: seed, block: block, buffer: buffer)
        let sampler = NormalSampler()
        return (0..<count).map { _ in sampler.next(&stream) }
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

    @Test("fastExp agrees with exp to 2 ulp over the range used")
    func fastExpAccuracy() {
        var worst = 0.0
        var x = -30.0
        while x < 30 {
            let exact = Foundation.exp(x)
            worst = max(worst, abs(fastExp(x) - exact) / exact)
            x += 0.000731
        }
        #expect(worst < 4.5e-16)
    }
}
