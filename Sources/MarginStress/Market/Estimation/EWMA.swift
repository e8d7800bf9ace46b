import Foundation

/// Exponentially weighted moving average (RiskMetrics 1996) variances and covariances of log-returns.
///
/// Zero-mean recursion over returns `r_1..r_n`: `S_0` = the zero-mean sample covariance of the whole window,
/// `(1/n) sum r_t r_tᵀ` (the seed; its weight `lambda^n` vanishes for long windows), and
/// `S_t = lambda S_{t-1} + (1 - lambda) r_t r_tᵀ`. `S_n` is the estimate after the last return, i.e. the forecast
/// for the next period. RiskMetrics uses `lambda = 0.94` for daily data.
public struct EWMA: Sendable, Equatable {
    public let lambda: Double
    public let dimension: Int
    /// Row-major d x d covariance after the last return, `S_n` (per period).
    public let covariance: [Double]

    public init(returns: [[Double]], lambda: Double) {
        precondition(lambda > 0 && lambda < 1, "lambda in (0, 1)")
        let d = returns.count, n = returns.first?.count ?? 0
        precondition(n >= 1 && returns.allSatisfy { $0.count == n })
        self.lambda = lambda
        dimension = d
        var s = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in i..<d {
                var seed = 0.0
                for t in 0..<n { seed += returns[i][t] * returns[j][t] }
                var v = seed / Double(n)
                for t in 0..<n { v = lambda * v + (1 - lambda) * returns[i][t] * returns[j][t] }
                s[i * d + j] = v
                s[j * d + i] = v
            }
        }
        covariance = s
    }

    /// Per-period volatilities `sqrt(S_n,ii)`.
    public var volatilities: [Double] { (0..<dimension).map { covariance[$0 * dimension + $0].squareRoot() } }

    /// Row-major correlation `S_n,ij / sqrt(S_n,ii S_n,jj)`.
    public var correlation: [Double] { Covariance.correlation(covariance, order: dimension) }

    /// The filtered variance path of one series: `v[t]` is the variance of `r[t]` given the returns before it
    /// (`v[0]` = the seed `(1/n) sum r_t²`, `v[t] = lambda v[t-1] + (1 - lambda) r[t-1]²`), and `v[n]` the forecast
    /// for the period after the last; `n + 1` values. Standardised residuals are `r[t] / sqrt(v[t])`.
    public static func variancePath(_ r: [Double], lambda: Double) -> [Double] {
        let n = r.count
        var v = [Double](repeating: 0, count: n + 1)
        v[0] = r.reduce(0) { $0 + $1 * $1 } / Double(max(1, n))
        for t in 0..<n { v[t + 1] = lambda * v[t] + (1 - lambda) * r[t] * r[t] }
        return v
    }
}
