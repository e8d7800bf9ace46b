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
    /// Per simulated asset, the price at the start of step 1: spot, times 1 + the stress shock at t0.
    public let startPrice: [Double]
    /// Per simulated asset, log(startPrice / spot) (0 without a stress shock).
    public let startLogReturn: [Double]
    /// Market-wide jumps added to the log-returns; nil: none.
    public let jumps: MarketJumps?

    public var dimension: Int { simulated.count }

    /// The GARCH recursion of each simulated asset (distribution garch), or the volatility filter's
    /// (filtered-historical); nil for the other models.
    public let garch: MarketGARCH?
    /// The window a historical model resamples; nil for the other models.
    public let history: MarketHistory?

    /// Doubles of per-path state the shock model needs (`BlockWorkspace.modelStateWords`).
    public var shockStateWordsPerPath: Int {
        (garch == nil ? 0 : dimension) + (history == nil ? 0 : 1) + (jumps == nil ? 0 : 1)
            + (bridge == nil ? 0 : MarketBridge.stateRows(dimension: dimension)) + (replay == nil ? 0 : 1)
    }

    /// The stress replay played over the first steps (`MarketReplay`); nil: none.
    public internal(set) var replay: MarketReplay? = nil

    /// The Brownian bridge filling each period of the data when the steps are finer (`MarketBridge`); nil: none.
    public internal(set) var bridge: MarketBridge? = nil

    /// Every field given (`MarketModel+Covariance` builds them from a covariance): no stress shock, no jumps.
    init(simulated: [Int], driftPerStep: [Double], loadings: [Double], cholesky: [Double], spot: [Double],
         distribution: Scenario.Distribution, incrementDegree: Int?) {
        self.simulated = simulated
        self.driftPerStep = driftPerStep
        self.loadings = loadings
        self.cholesky = cholesky
        self.spot = spot
        self.distribution = distribution
        self.incrementDegree = incrementDegree
        startPrice = spot
        startLogReturn = spot.map { _ in 0 }
        jumps = nil
        garch = nil
        history = nil
    }

    /// Builds the model for the assets in `used` (asset indices whose price matters to the account).
    /// An asset is simulated when it is used and its volatility, drift, stress shock or jump beta is non-zero;
    /// the rest keep their price. A stress overlay scales the volatilities and blends the correlations
    /// (`StressOverlay`); the blended matrix may be singular, and is then factored as semidefinite.
    public init(scenario: Scenario, used: Set<Int>) throws(LAPACKError) {
        let stress = scenario.stress, jumps = scenario.jumps
        var garchSpec: GARCHSpec? = nil
        if case .garch(let g) = scenario.distribution { garchSpec = g }
        let historySpec = scenario.historySpec
        precondition(historySpec.map { $0.isLoaded && $0.returns.count == scenario.assets.count } ?? true,
                     "a historical model's window is read by Scenario.loadingHistory() (or given in memory, one column per asset) before simulating")
        let indices = scenario.assets.indices.filter { i in
            used.contains(i) && (scenario.assets[i].volatility > 0 || scenario.assets[i].drift != 0 || garchSpec?.assets[i] != nil
                || !(historySpec?.returns[i].isEmpty ?? true)
                || (stress?.shock[i] ?? 0) != 0 || (jumps.map { $0.intensity > 0 && $0.betas[i] != 0 } ?? false))
        }
        let n = scenario.assets.count, d = indices.count
        let w = stress?.correlationBlend ?? 0, factor = stress?.volatilityFactor ?? 1
        var sub = [Double](repeating: 0, count: d * d)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() {
                let c = scenario.correlation[i * n + j]
                sub[a * d + b] = w == 0 ? c : (1 - w) * c + w
            }
        }
        let l: [Double]
        if w > 0, let definite = try? LAPACK.choleskyLower(sub, order: d) {
            l = definite
        } else if w > 0, let semidefinite = SemidefiniteCholesky.lower(sub, order: d) {
            l = semidefinite
        } else {
            l = try LAPACK.choleskyLower(sub, order: d)
        }
        let dt = scenario.stepYears
        let volatility = indices.map { i in stress == nil ? scenario.assets[i].volatility : scenario.assets[i].volatility * factor }
        var loadings = [Double](repeating: 0, count: d * d)
        for a in indices.indices {
            // GARCH: unit-variance innovations, scaled per path by sqrt(h) (`GARCHShocks`).
            // Historical models: the identity, so the resampled values pass through unchanged.
            if historySpec != nil {
                loadings[a * d + a] = 1
                continue
            }
            let s = garchSpec == nil ? volatility[a] * dt.squareRoot() : 1
            for b in 0...a { loadings[a * d + b] = s * l[a * d + b] }
        }
        simulated = indices
        cholesky = l
        self.loadings = loadings
        let replay = stress?.replay.map { MarketReplay(spec: $0, simulated: indices) }
        if let garchSpec {
            let means = indices.map { garchSpec.assets[$0]?.mean ?? 0 }
            driftPerStep = means
            let g = MarketGARCH(spec: garchSpec, simulated: indices, volatilityFactor: factor)
            garch = replay?.continuing(g, means: means) ?? g
            history = nil
        } else if case .historical(let h) = scenario.distribution {
            driftPerStep = indices.map { _ in 0 }
            history = MarketHistory.historical(h, simulated: indices, factor: factor)
            garch = nil
        } else if case .filteredHistorical(let h) = scenario.distribution {
            let (table, filter, means) = MarketHistory.filtered(h, simulated: indices, factor: factor)
            driftPerStep = means
            history = table
            garch = replay?.continuing(filter, means: means) ?? filter
        } else {
            driftPerStep = indices.enumerated().map { a, i in
                (scenario.assets[i].drift - volatility[a] * volatility[a] / 2) * dt
            }
            garch = nil
            history = nil
        }
        spot = indices.map { scenario.assets[$0].price }
        let shocks = indices.map { stress?.shock[$0] ?? 0 }
        startPrice = zip(spot, shocks).map { p, r in r == 0 ? p : p * (1 + r) }
        startLogReturn = shocks.map { r in r == 0 ? 0 : Foundation.log1p(r) }
        // With a bridge, jumps are drawn once per period of the data, as part of the period's close.
        let perPeriod = scenario.stepsPerDataPeriod ?? 1, jumpYears = perPeriod > 1 ? dt * Double(perPeriod) : dt
        self.jumps = jumps.flatMap { j in
            j.intensity > 0 ? MarketJumps(intensityPerStep: j.intensity * jumpYears, sizes: j.sizes, betas: indices.map { j.betas[$0] }) : nil
        }
        distribution = scenario.distribution
        if case .gaussian = scenario.distribution, self.jumps == nil, replay == nil {
            incrementDegree = Self.taylorDegree(bound: Self.largestLogReturn(loadings: loadings, drift: driftPerStep))
        } else if case .historical = scenario.distribution, self.jumps == nil, replay == nil, let table = history?.table {
            // Resampled returns are bounded by the window's largest.
            incrementDegree = Self.taylorDegree(bound: table.reduce(0) { max($0, abs($1)) })
        } else {
            incrementDegree = nil
        }
        self.replay = replay
        if perPeriod > 1 {
            if let history {
                bridge = MarketBridge.fromWindow(history, dimension: d, stepsPerPeriod: perPeriod, fixedDeviation: garch == nil)
            } else {
                bridge = MarketBridge(stepsPerPeriod: perPeriod, cholesky: l, deviation: nil)
            }
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
