import CLAPACKE

/// A failure reported by LAPACK, typed so callers never see C return codes.
public enum LAPACKError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not positive definite: the leading minor of this order (1-based) is not positive.
    case notPositiveDefinite(leadingMinor: Int)
    /// An argument was rejected (`info < 0`): a programming error in the wrapper.
    case illegalArgument(position: Int, routine: String)
    /// The eigenvalue iteration did not converge.
    case noConvergence(routine: String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (leading minor of order \(k) is not positive)"
        case .illegalArgument(let position, let routine):
            return "\(routine): argument \(position) had an illegal value"
        case .noConvergence(let routine):
            return "\(routine): the algorithm failed to converge"
        }
    }
}

/// The only place that calls LAPACKE. Matrices are dense, row-major `[Double]` of size `n * n`.
public enum LAPACK {
    /// Lower Cholesky factor `L` with `L Lᵀ = A` for a symmetric positive-definite `A`.
    ///
    /// The upper triangle of the result is zero (row-major `dpotrf` leaves it untouched, so it is cleared here).
    /// - Throws: `LAPACKError.notPositiveDefinite` when `A` is not positive definite.
    /// - Complexity: O(n³). Wraps `LAPACKE_dpotrf`.
    public static func choleskyLower(_ a: [Double], order n: Int) throws(LAPACKError) -> [Double] {
        precondition(a.count == n * n, "matrix must have n * n elements")
        if n == 0 { return [] }
        var l = a
        let info = l.withUnsafeMutableBufferPointer { buffer in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), clapacke_int(n), buffer.baseAddress, clapacke_int(n))
        }
        if info > 0 { throw .notPositiveDefinite(leadingMinor: Int(info)) }
        if info < 0 { throw .illegalArgument(position: Int(-info), routine: "dpotrf") }
        for i in 0..<n {
            for j in (i + 1)..<n { l[i * n + j] = 0 }
        }
        return l
    }

    /// Eigenvalues of a symmetric matrix, ascending.
    /// - Complexity: O(n³). Wraps `LAPACKE_dsyev` (values only).
    public static func symmetricEigenvalues(_ a: [Double], order n: Int) throws(LAPACKError) -> [Double] {
        precondition(a.count == n * n, "matrix must have n * n elements")
        if n == 0 { return [] }
        var work = a
        var values = [Double](repeating: 0, count: n)
        let info = work.withUnsafeMutableBufferPointer { m in
            values.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "L")),
                              clapacke_int(n), m.baseAddress, clapacke_int(n), w.baseAddress)
            }
        }
        if info > 0 { throw .noConvergence(routine: "dsyev") }
        if info < 0 { throw .illegalArgument(position: Int(-info), routine: "dsyev") }
        return values
    }
    /// Eigenvalues (ascending) and unit eigenvectors of a symmetric matrix: `vectors[i * n + k]` is component i
    /// of the eigenvector of `values[k]` (row-major, one eigenvector per column).
    /// - Complexity: O(n³). Wraps `LAPACKE_dsyev` (values and vectors).
    public static func symmetricEigen(_ a: [Double], order n: Int) throws(LAPACKError) -> (values: [Double], vectors: [Double]) {
        precondition(a.count == n * n, "matrix must have n * n elements")
        if n == 0 { return ([], []) }
        var work = a
        var values = [Double](repeating: 0, count: n)
        let info = work.withUnsafeMutableBufferPointer { m in
            values.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                              clapacke_int(n), m.baseAddress, clapacke_int(n), w.baseAddress)
            }
        }
        if info > 0 { throw .noConvergence(routine: "dsyev") }
        if info < 0 { throw .illegalArgument(position: Int(-info), routine: "dsyev") }
        return (values, work)
    }
}
