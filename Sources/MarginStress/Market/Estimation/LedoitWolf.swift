/// Ledoit-Wolf shrinkage of a correlation matrix toward the identity (Ledoit and Wolf 2004, "A well-conditioned
/// estimator for large-dimensional covariance matrices", J. Multivariate Anal. 88), applied to returns standardised
/// by their sample volatilities so the volatilities are left as estimated.
///
/// With centred, standardised returns `y_t` (t = 1..n, d assets), `S = (1/n) sum y_t y_tᵀ`, `mu = tr(S) / d`,
/// `delta² = ||S - mu I||²_F / d`, `beta² = min(delta², (1/n²) sum_t ||y_t y_tᵀ - S||²_F / d)`, the shrinkage is
/// `s = beta² / delta²` in [0, 1] and the estimate `(1 - s) S + s mu I`, rescaled to unit diagonal:
/// `(1 - s) R + s I` with `R` the sample correlation (the same formula as scikit-learn's `ledoit_wolf`).
public struct LedoitWolf: Sendable, Equatable {
    /// The shrinkage intensity `s` in [0, 1].
    public let shrinkage: Double
    /// Row-major d x d shrunk correlation matrix.
    public let correlation: [Double]

    public init(returns: [[Double]]) {
        let moments = SampleMoments(returns: returns)
        let d = moments.dimension, n = moments.count
        let vol = moments.volatilities
        let y: [[Double]] = (0..<d).map { i in
            returns[i].map { vol[i] > 0 ? ($0 - moments.mean[i]) / vol[i] : 0 }
        }
        var s = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                var acc = 0.0
                for t in 0..<n { acc += y[i][t] * y[j][t] }
                s[i * d + j] = acc / Double(n)
            }
        }
        let mu = (0..<d).reduce(0.0) { $0 + s[$1 * d + $1] } / Double(d)
        var delta2 = 0.0
        for i in 0..<d { for j in 0..<d { let v = s[i * d + j] - (i == j ? mu : 0); delta2 += v * v } }
        delta2 /= Double(d)
        var beta2 = 0.0
        for t in 0..<n {
            for i in 0..<d { for j in 0..<d { let v = y[i][t] * y[j][t] - s[i * d + j]; beta2 += v * v } }
        }
        beta2 /= Double(n) * Double(n) * Double(d)
        beta2 = min(beta2, delta2)
        let intensity = delta2 > 0 ? beta2 / delta2 : 0
        shrinkage = intensity
        var shrunk = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d { shrunk[i * d + j] = (1 - intensity) * s[i * d + j] + (i == j ? intensity * mu : 0) }
        }
        correlation = Covariance.correlation(shrunk, order: d)
    }
}
