import Foundation

/// Sample mean, covariance, volatilities and correlations of per-period log-returns, with standard errors.
///
/// For returns `r_t` (t = 1..n) of d assets: mean `m = (1/n) sum r_t`, covariance
/// `S = (1/(n-1)) sum (r_t - m)(r_t - m)ᵀ`, per-period volatility `s_i = sqrt(S_ii)`, correlation
/// `C_ij = S_ij / (s_i s_j)`. Annualised volatility `s_i sqrt(daysPerYear)`.
/// Standard errors under i.i.d. Gaussian returns: `se(m_i) = s_i / sqrt(n)`, `se(s_i) = s_i / sqrt(2(n-1))`,
/// `se(C_ij) = (1 - C_ij²) / sqrt(n - 3)` (Fisher's z, delta method).
public struct SampleMoments: Sendable, Equatable {
    public let count: Int
    public let dimension: Int
    /// Per-period mean log-return of each asset.
    public let mean: [Double]
    /// Row-major d x d covariance of per-period log-returns.
    public let covariance: [Double]

    /// - Parameter returns: `returns[a][t]`, the same length for every asset, at least 2.
    public init(returns: [[Double]]) {
        let d = returns.count, n = returns.first?.count ?? 0
        precondition(n >= 2 && returns.allSatisfy { $0.count == n }, "at least 2 returns per asset, equal lengths")
        count = n
        dimension = d
        mean = returns.map { $0.reduce(0, +) / Double(n) }
        var s = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in i..<d {
                var acc = 0.0
                for t in 0..<n { acc += (returns[i][t] - mean[i]) * (returns[j][t] - mean[j]) }
                s[i * d + j] = acc / Double(n - 1)
                s[j * d + i] = s[i * d + j]
            }
        }
        covariance = s
    }

    /// Per-period volatilities `sqrt(S_ii)`.
    public var volatilities: [Double] { (0..<dimension).map { covariance[$0 * dimension + $0].squareRoot() } }

    /// Row-major correlation matrix `S_ij / (s_i s_j)` (0 off the diagonal for a zero-variance asset).
    public var correlation: [Double] { Covariance.correlation(covariance, order: dimension) }

    /// `s_i / sqrt(2(n-1))` per asset (per period).
    public var volatilityStandardErrors: [Double] {
        volatilities.map { $0 / (2 * Double(count - 1)).squareRoot() }
    }

    /// `s_i / sqrt(n)` per asset (per period).
    public var meanStandardErrors: [Double] { volatilities.map { $0 / Double(count).squareRoot() } }

    /// `(1 - C_ij²) / sqrt(n - 3)`, row-major (0 on the diagonal).
    public var correlationStandardErrors: [Double] {
        let c = correlation, d = dimension
        return (0..<(d * d)).map { k in k / d == k % d ? 0 : (1 - c[k] * c[k]) / Double(max(1, count - 3)).squareRoot() }
    }
}

/// Helpers on row-major covariance matrices.
public enum Covariance {
    /// `C_ij = S_ij / sqrt(S_ii S_jj)`, unit diagonal; 0 off the diagonal where a variance is 0.
    public static func correlation(_ s: [Double], order d: Int) -> [Double] {
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                if i == j { c[i * d + j] = 1; continue }
                let v = s[i * d + i] * s[j * d + j]
                c[i * d + j] = v > 0 ? s[i * d + j] / v.squareRoot() : 0
            }
        }
        return c
    }
}
