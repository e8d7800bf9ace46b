/// `market.jumps`, validated: market-wide compound Poisson jumps added to every step's log-returns.
///
/// Over a step of length dt the number of jumps is N ~ Poisson(intensity dt); asset i's log-return gains
/// beta_i (Y_1 + ... + Y_N), the Y i.i.d. jump sizes: normal (Merton 1976) or double-exponential (Kou 2002).
/// The drift is not compensated: the diffusion's drift is the scenario's, and the jumps add their own mean.
public struct JumpOverlay: Sendable, Equatable, Codable {
    /// The law of one jump's log-size.
    public enum Sizes: Sendable, Equatable, Codable {
        /// Y ~ N(mean, standardDeviation²).
        case normal(mean: Double, standardDeviation: Double)
        /// Y = +Exp(mean meanUp) with probability probabilityUp, else -Exp(mean meanDown).
        case doubleExponential(probabilityUp: Double, meanUp: Double, meanDown: Double)
    }

    /// Expected jumps per year.
    public var intensity: Double
    public var sizes: Sizes
    /// Per asset of `Scenario.assets`: the multiple of the market jump its log-return takes.
    public var betas: [Double]
}

/// `market.stress`, validated: a stressed copy of the market.
///
/// Volatilities are multiplied by `volatilityFactor` (for GARCH: the whole conditional variance path by its
/// square), correlations are blended toward one, `C_s = (1 - w) C + w 11ᵀ` (positive semidefinite for
/// w in [0, 1]), and each asset's price is moved by `shock` (a simple return) at t0, just before step 1.
public struct StressOverlay: Sendable, Equatable, Codable {
    public var volatilityFactor: Double = 1
    public var correlationBlend: Double = 0
    /// Per asset of `Scenario.assets`: the instantaneous simple return at t0 (0: none).
    public var shock: [Double]
    /// Days of a price file replayed in order over the first steps (`ReplaySpec`); nil: none.
    public var replay: ReplaySpec? = nil
}
