/// The lower Cholesky factor of a positive semidefinite matrix, for the singular correlation matrices LAPACK's
/// `dpotrf` refuses (a stressed `C_s = (1 - w) C + w 11ᵀ` with w = 1 is the matrix of ones).
///
/// Column by column (Cholesky-Banachiewicz without pivoting): `L_jj = sqrt(A_jj - sum_k L_jk²)`, and a pivot
/// at most `tolerance` (relative to the diagonal) is taken as 0 with the column below it 0, which is exact for
/// a semidefinite matrix whose dependent rows follow the independent ones (Higham, "Accuracy and Stability of
/// Numerical Algorithms", 2nd ed., section 10.3). `L Lᵀ = A` to rounding for such matrices.
public enum SemidefiniteCholesky {
    /// Returns nil when a pivot is clearly negative (the matrix is not semidefinite).
    public static func lower(_ a: [Double], order n: Int, tolerance: Double = 1e-12) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var pivot = a[j * n + j]
            for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
            let scale = max(1, abs(a[j * n + j]))
            if pivot < -tolerance * scale { return nil }
            guard pivot > tolerance * scale else { continue }
            let root = pivot.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var v = a[i * n + j]
                for k in 0..<j { v -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = v / root
            }
        }
        return l
    }
}
