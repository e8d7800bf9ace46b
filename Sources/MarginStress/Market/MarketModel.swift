import Foundation

/// The market as the simulation sees it: only the assets whose price can move and that the account holds,
/// with per-step drifts and the lower-triangular loading matrix `A = diag(sigma sqrt(dt)) L`, `L Lᵀ = C`.
///
/// Log-return of simulated asset i over one step: `x_i = driftPerStep_i + scale * (A z)_i`, with `z ~ N(0, I)`
/// and `scale = 1` (Gaussian) or `sqrt((nu - 2) / W)`, `W ~ chi²(nu)` (Student-t).
public struct MarketModel: Sendable {
    /// Indices into `Scenario.assets` of the simulated assets, in simulation order.
    public let simulated: [Int]
    /// `(mu_i - sigma_i² / 2) dt` per simulated asset.
    public let driftPerStep: [Double]
    /// Row-major d x d lower-triangular loadings `sigma_i sqrt(dt) L_ij`.
    public let loadings: [Double]
    /// Lower Cholesky factor of the simulated assets' correlation matrix (row-major d x d).
    public let cholesky: [Double]
    public let spot: [Double]
    public let distribution: Scenario.Distribution
    /// The degree n of the Taylor polynomial of e^x that is exact to 2^-56 relative for every one-step
    /// log-return this model can draw, so that prices can step as P_t = P_{t-1} x poly(x_t); nil when no
    /// degree up to `FastMath.largestTaylorDegree` is (Student-t shocks have no bound; very wide steps).
    public let incrementDegree: Int?

    public var dimension: Int { simulated.count }

    /// Every field given (`MarketModel+Covariance` builds them from a covariance).
    init(simulated: [Int], driftPerStep: [Double], loadings: [Double], cholesky: [Double], spot: [Double],
         distribution: Scenario.Distribution, incrementDegree: Int?) {
        self.simulated = simulated
        self.driftPerStep = driftPerStep
        self.loadings = loadings
        self.cholesky = cholesky
        self.spot = spot
        self.distribution = distribution
        self.incrementDegree = incrementDegree
    }

    /// Builds the model for the assets in `used` (asset indices whose price matters to the account).
    /// An asset is simulated when it is used and its volatility or drift is non-zero; the rest keep their price.
    public init(scenario: Scenario, used: Set<Int>) throws(LAPACKError) {
        let indices = scenario.assets.indices.filter { i in
            used.contains(i) && (scenario.assets[i].volatility > 0 || scenario.assets[i].drift != 0)
        }
        let n = scenario.assets.count, d = indices.count
        var sub = [Double](repeating: 0, count: d * d)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() { sub[a * d + b] = scenario.correlation[i * n + j] }
        }
        let l = try LAPACK.choleskyLower(sub, order: d)
        let dt = scenario.stepYears
        var loadings = [Double](repeating: 0, count: d * d)
        for (a, i) in indices.enumerated() {
            let s = scenario.assets[i].volatility * dt.squareRoot()
            for b in 0...a { loadings[a * d + b] = s * l[a * d + b] }
        }
        simulated = indices
        cholesky = l
        self.loadings = loadings
        driftPerStep = indices.map { i in
            let a = scenario.assets[i]
            return (a.drift - a.volatility * a.volatility / 2) * dt
        }
        spot = indices.map { scenario.assets[$0].price }
        distribution = scenario.distribution
        if case .gaussian = scenario.distribution {
            incrementDegree = Self.taylorDegree(bound: Self.largestLogReturn(loadings: loadings, drift: driftPerStep))
        } else {
            incrementDegree = nil
        }
    }

    /// The largest |x_i| over assets of a Gaussian one-step log-return `x = drift + A z` when every |z_j| is at
    /// most the normal sampler's largest magnitude: max_i |drift_i| + z_max sum_j |A_ij|.
    public static func largestLogReturn(loadings: [Double], drift: [Double]) -> Double {
        let d = drift.count
        var largest = 0.0
        for i in 0..<d {
            var rowSum = 0.0
            for j in 0..<d { rowSum += abs(loadings[i * d + j]) }
            largest = max(largest, abs(drift[i]) + NormalSampler.largestMagnitude * rowSum)
        }
        return largest
    }

    /// The smallest n such that the Taylor polynomial of e^x of degree n is within 2^-56 relative of e^x for
    /// every |x| <= bound, or nil when n would exceed `FastMath.largestTaylorDegree`.
    ///
    /// Lagrange's remainder: |e^x - T_n(x)| <= bound^(n+1) / (n+1)! e^bound, and e^x >= e^-bound, so the
    /// relative error is at most bound^(n+1) / (n+1)! e^(2 bound).
    public static func taylorDegree(bound: Double) -> Int? {
        let growth = Foundation.exp(2 * bound)
        var term = bound  // bound^(n+1) / (n+1)! for n = 0
        for n in 0...FastMath.largestTaylorDegree {
            if term * growth <= 0x1p-56 { return n }
            term *= bound / Double(n + 2)
        }
        return nil
    }
}
