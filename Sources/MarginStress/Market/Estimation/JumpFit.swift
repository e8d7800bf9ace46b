import Foundation

/// Merton jump-diffusion of one series of per-period log-returns by maximum likelihood (Merton 1976; Press 1967),
/// and each asset's beta to the jumps of a market series.
///
/// Per period: `r = mu + sigma z + sum_{k=1}^{N} J_k`, `N ~ Poisson(lambda)`, `J_k ~ N(jumpMean, jumpSD²)`, so
/// `f(r) = sum_k e^-lambda lambda^k / k! phi(r; mu + k jumpMean, sigma² + k jumpSD²)`, the sum truncated at k = 6
/// (for lambda <= 0.2 per period the omitted Poisson mass is below 3e-9). Maximised by Nelder-Mead with restarts on the
/// series divided by its standard deviation; classical standard errors from the observed information
/// (`MaximumLikelihood`). Constraints: `sigma > 0`, `0 <= lambda <= 0.2` per period, `jumpSD > 0`.
public struct JumpFit: Sendable, Equatable {
    public struct Parameters: Sendable, Equatable {
        public var mean: Double
        public var sigma: Double
        /// Expected jumps per period.
        public var intensity: Double
        public var jumpMean: Double
        public var jumpStandardDeviation: Double
    }

    public let parameters: Parameters
    /// nil when the information matrix is not positive definite (e.g. no jumps found: intensity at 0).
    public let standardErrors: Parameters?
    public let logLikelihood: Double
    /// `P(at least one jump | r_t)` per period.
    public let jumpProbabilities: [Double]

    public init(returns: [Double]) throws(EstimationError) {
        let n = returns.count
        guard n >= 100 else { throw EstimationError(message: "a jump fit needs at least 100 returns, got \(n)") }
        let m = returns.reduce(0, +) / Double(n)
        let sd = (returns.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)).squareRoot()
        guard sd > 0 else { throw EstimationError(message: "the returns are constant: no jumps to find") }
        let x = returns.map { $0 / sd }
        func params(_ v: [Double]) -> Parameters {
            Parameters(mean: v[0], sigma: v[1], intensity: v[2], jumpMean: v[3], jumpStandardDeviation: v[4])
        }
        let objective = { (v: [Double]) -> Double in
            let p = params(v)
            guard p.sigma > 0, p.intensity >= 0, p.intensity <= 0.2, p.jumpStandardDeviation > 0.01 else { return .infinity }
            return -Self.contributions(x, p).reduce(0, +)
        }
        var best: (point: [Double], value: Double)?
        for (lambda, size) in [(0.02, -3.0), (0.05, 0.0)] {
            let start = [m / sd, 0.8, lambda, size, 1.5]
            let found = NelderMead.minimise(objective, start: start, steps: [0.05, 0.1, 0.01, 0.5, 0.3], tolerance: 1e-11)
            if best == nil || found.value < best!.value { best = found }
        }
        guard let best, best.value.isFinite else { throw EstimationError(message: "no jump-diffusion maximum found") }
        func unscale(_ p: Parameters) -> Parameters {
            Parameters(mean: p.mean * sd, sigma: p.sigma * sd, intensity: p.intensity, jumpMean: p.jumpMean * sd,
                       jumpStandardDeviation: p.jumpStandardDeviation * sd)
        }
        let scaled = params(best.point)
        parameters = unscale(scaled)
        let covariance = MaximumLikelihood.covariance({ Self.contributions(x, params($0)) }, at: best.point, robust: false)
        if let covariance, (0..<5).allSatisfy({ covariance[$0 * 6] > 0 }) {
            standardErrors = unscale(params((0..<5).map { covariance[$0 * 6].squareRoot() }))
        } else {
            standardErrors = nil
        }
        logLikelihood = -best.value - Double(n) * Foundation.log(sd)
        jumpProbabilities = x.map { r in
            let (total, none) = Self.mixture(r, scaled)
            return total > 0 ? 1 - none / total : 0
        }
    }

    static let largestCount = 6

    /// The Poisson-weighted normal densities `e^-lambda lambda^k / k! phi(r; mu + k jumpMean, sigma² + k jumpSD²)`
    /// for k = 0...largestCount, summed; `none` is the k = 0 term.
    static func mixture(_ r: Double, _ p: Parameters) -> (total: Double, none: Double) {
        var total = 0.0, none = 0.0, weight = Foundation.exp(-p.intensity)
        for k in 0...largestCount {
            if k > 0 { weight *= p.intensity / Double(k) }
            let variance = p.sigma * p.sigma + Double(k) * p.jumpStandardDeviation * p.jumpStandardDeviation
            let e = r - p.mean - Double(k) * p.jumpMean
            let term = weight * Foundation.exp(-e * e / (2 * variance)) / (2 * Double.pi * variance).squareRoot()
            total += term
            if k == 0 { none = term }
        }
        return (total, none)
    }

    static func contributions(_ x: [Double], _ p: Parameters) -> [Double] {
        x.map { Foundation.log(mixture($0, p).total) }
    }

    /// Each asset's loading on the market jumps: `beta_a = sum_t w_t r_a,t m_t / sum_t w_t m_t²` with weights
    /// `w_t` = the probability that period t had a jump, `m_t` the market series the jumps were fitted to.
    public func betas(returns: [[Double]], market: [Double]) -> [Double] {
        let denominator = zip(jumpProbabilities, market).reduce(0.0) { $0 + $1.0 * $1.1 * $1.1 }
        return returns.map { r in
            denominator > 0 ? r.indices.reduce(0.0) { $0 + jumpProbabilities[$1] * r[$1] * market[$1] } / denominator : 1
        }
    }
}
