import Foundation

extension MarketModel {
    /// A market of `spot.count` simulated assets straight from a per-step covariance: volatilities per step
    /// s_i = sqrt(Sigma_ii), correlation C_ij = Sigma_ij / (s_i s_j), loadings A = diag(s) L with L L^T = C, and
    /// drift -s_i^2 / 2 per step (zero expected return: E[P_t] = P_0), as the backtest's forecasts assume.
    /// An asset with zero variance keeps its price (its row of A is zero).
    /// - Parameters:
    ///   - covariance: row-major d x d covariance of one step's log-returns.
    public init(spot: [Double], stepCovariance covariance: [Double], distribution: Scenario.Distribution) throws(LAPACKError) {
        let d = spot.count
        precondition(covariance.count == d * d, "a d x d covariance")
        let sigma = (0..<d).map { max(0, covariance[$0 * d + $0]).squareRoot() }
        var correlation = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                correlation[i * d + j] = i == j ? 1 : (sigma[i] > 0 && sigma[j] > 0 ? covariance[i * d + j] / (sigma[i] * sigma[j]) : 0)
            }
        }
        let l = try LAPACK.choleskyLower(correlation, order: d)
        var loadings = [Double](repeating: 0, count: d * d)
        for a in 0..<d { for b in 0...a { loadings[a * d + b] = sigma[a] * l[a * d + b] } }
        let drift = sigma.map { -$0 * $0 / 2 }
        var degree: Int? = nil
        if case .gaussian = distribution {
            degree = Self.taylorDegree(bound: Self.largestLogReturn(loadings: loadings, drift: drift))
        }
        self.init(simulated: Array(0..<d), driftPerStep: drift, loadings: loadings, cholesky: l, spot: spot,
                  distribution: distribution, incrementDegree: degree)
    }
}
