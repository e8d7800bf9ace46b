import Foundation
import Testing
@testable import MarginStress

@Suite("LAPACK wrapper")
struct LAPACKTests {
    /// A random correlation matrix: normalised Gram matrix of random vectors (positive definite).
    func randomCorrelation(_ n: Int, seed: UInt64) -> [Double] {
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        defer { buffer.deallocate() }
        var stream = RandomStream(seed: seed, block: 0, buffer: buffer)
        let normal = NormalSampler()
        let k = n + 3
        let v = (0..<(n * k)).map { _ in normal.next(&stream) }
        var g = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { g[i * n + j] = (0..<k).reduce(0) { $0 + v[i * k + $1] * v[j * k + $1] } } }
        var c = g
        for i in 0..<n { for j in 0..<n { c[i * n + j] = g[i * n + j] / (g[i * n + i] * g[j * n + j]).squareRoot() } }
        return c
    }

    @Test("L Lᵀ reproduces C to 1e-12 and L is lower triangular", arguments: [1, 2, 5, 20, 64])
    func choleskyReproduces(n: Int) throws {
        let c = randomCorrelation(n, seed: UInt64(n))
        let l = try LAPACK.choleskyLower(c, order: n)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                if j > i { #expect(l[i * n + j] == 0) }
                let llt = (0..<n).reduce(0.0) { $0 + l[i * n + $1] * l[j * n + $1] }
                worst = max(worst, abs(llt - c[i * n + j]))
            }
        }
        #expect(worst < 1e-12)
    }

    @Test("a matrix that is not positive definite is a typed error")
    func notPositiveDefinite() {
        let c: [Double] = [1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]
        #expect(throws: LAPACKError.notPositiveDefinite(leadingMinor: 3)) {
            try LAPACK.choleskyLower(c, order: 3)
        }
    }

    @Test("eigenvalues of a known symmetric matrix")
    func eigenvalues() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; the 3x3 one-factor matrix with rho has 1 - rho (twice) and 1 + 2 rho.
        let two = try LAPACK.symmetricEigenvalues([2, 1, 1, 2], order: 2)
        #expect(abs(two[0] - 1) < 1e-14 && abs(two[1] - 3) < 1e-14)
        let rho = 0.6
        let three = try LAPACK.symmetricEigenvalues([1, rho, rho, rho, 1, rho, rho, rho, 1], order: 3)
        #expect(abs(three[0] - 0.4) < 1e-14 && abs(three[1] - 0.4) < 1e-14 && abs(three[2] - 2.2) < 1e-14)
    }
}
