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

    public var dimension: Int { simulated.count }

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
    }
}
