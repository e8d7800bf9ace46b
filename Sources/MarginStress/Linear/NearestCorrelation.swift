/// Higham's nearest correlation matrix (Higham 2002, "Computing the nearest correlation matrix - a problem from
/// finance", IMA J. Numer. Anal. 22): the correlation matrix X (symmetric, unit diagonal, positive semidefinite)
/// closest to a symmetric A in the Frobenius norm, by alternating projections with Dykstra's correction:
///
///     dS = 0, Y = A;  repeat  R = Y - dS;  X = P_S(R);  dS = X - R;  Y = P_U(X)
///
/// `P_S` replaces the eigenvalues of its argument below `minimumEigenvalue` by it (`V max(L, eps) Vᵀ`, LAPACK
/// `dsyev`), `P_U` sets the diagonal to 1. It stops when `||Y - X||_F <= tolerance` and X, Y change by less than
/// `tolerance`. The result is the last `P_S` iterate rescaled to unit diagonal (`D^-1/2 X D^-1/2`), so it is
/// positive semidefinite to rounding and has an exact unit diagonal. With `minimumEigenvalue > 0` it is positive
/// definite (so it has a Cholesky factor); `eps = 0` is Higham's problem exactly.
public struct NearestCorrelation: Sendable, Equatable {
    public let matrix: [Double]
    /// `||A - X||_F`.
    public let distance: Double
    public let iterations: Int

    public init(_ a: [Double], order d: Int, minimumEigenvalue: Double = 0, tolerance: Double = 1e-12,
                maxIterations: Int = 10_000) throws(LAPACKError) {
        precondition(a.count == d * d)
        var y = a
        for i in 0..<d { for j in 0..<i { let m = (a[i * d + j] + a[j * d + i]) / 2; y[i * d + j] = m; y[j * d + i] = m } }
        let symmetric = y
        var ds = [Double](repeating: 0, count: d * d)
        var x = y
        var k = 0
        while k < maxIterations {
            k += 1
            let r = (0..<(d * d)).map { y[$0] - ds[$0] }
            let (values, v) = try LAPACK.symmetricEigen(r, order: d)
            var next = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                for j in 0...i {
                    var acc = 0.0
                    for m in 0..<d { acc += v[i * d + m] * max(values[m], minimumEigenvalue) * v[j * d + m] }
                    next[i * d + j] = acc
                    next[j * d + i] = acc
                }
            }
            ds = (0..<(d * d)).map { next[$0] - r[$0] }
            var nextY = next
            for i in 0..<d { nextY[i * d + i] = 1 }
            let changeX = Self.norm(zip(next, x).map { $0 - $1 }), changeY = Self.norm(zip(nextY, y).map { $0 - $1 })
            let gap = Self.norm(zip(nextY, next).map { $0 - $1 })
            x = next
            y = nextY
            if gap <= tolerance || (changeX <= tolerance && changeY <= tolerance) { break }
        }
        var result = x
        for i in 0..<d {
            for j in 0..<d {
                result[i * d + j] = i == j ? 1 : x[i * d + j] / (x[i * d + i] * x[j * d + j]).squareRoot()
            }
        }
        matrix = result
        distance = Self.norm(zip(symmetric, result).map { $0 - $1 })
        iterations = k
    }

    /// Frobenius norm.
    public static func norm(_ m: [Double]) -> Double { m.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
