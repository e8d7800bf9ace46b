/// The RiskMetrics exponentially weighted covariance of daily log-returns, updated one day at a time:
///
///     Sigma <- lambda Sigma + (1 - lambda) r r^T        (zero mean; J.P. Morgan/Reuters, RiskMetrics, 1996)
///
/// started from the mean of r r^T over the first returns given to `seed`. After `update` with the returns of
/// days 1...t-1 it holds the forecast for day t: nothing later enters.
public struct EWMACovariance: Sendable {
    public let dimension: Int
    public let lambda: Double
    /// Row-major d x d.
    public private(set) var covariance: [Double]

    public init(dimension: Int, lambda: Double) {
        self.dimension = dimension
        self.lambda = lambda
        covariance = Array(repeating: 0, count: dimension * dimension)
    }

    /// Sets the covariance to the mean of r r^T over `returns` (each of `dimension` values).
    public mutating func seed(_ returns: [[Double]]) {
        let d = dimension, n = Double(max(returns.count, 1))
        for i in 0..<(d * d) { covariance[i] = 0 }
        for r in returns {
            for i in 0..<d { for j in 0..<d { covariance[i * d + j] += r[i] * r[j] / n } }
        }
    }

    /// One day: Sigma <- lambda Sigma + (1 - lambda) r r^T.
    public mutating func update(_ r: [Double]) {
        let d = dimension, w = 1 - lambda
        for i in 0..<d {
            for j in 0..<d { covariance[i * d + j] = lambda * covariance[i * d + j] + w * r[i] * r[j] }
        }
    }
}
