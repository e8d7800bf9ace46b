/// A stress replay (`ReplaySpec`) for the simulated assets: the file's log-returns played in order over the first
/// `periods` steps, the same on every path.
public struct MarketReplay: Sendable, Equatable {
    /// Steps the replay takes.
    public let periods: Int
    /// `returns[t * d + k]`: simulated asset k's log-return at step t + 1 (0 for an asset the file does not move).
    public let returns: [Double]

    public init(spec: ReplaySpec, simulated: [Int]) {
        periods = spec.periods
        var r = [Double](repeating: 0, count: spec.periods * simulated.count)
        for (k, i) in simulated.enumerated() where i < spec.returns.count && !spec.returns[i].isEmpty {
            for t in 0..<spec.periods { r[t * simulated.count + k] = spec.returns[i][t] }
        }
        returns = r
    }

    /// The recursion `garch` continuing from the variance it reaches through the replay: from its start h_1,
    /// h <- omega + (alpha + gamma 1{eps < 0}) eps² + beta h per replayed period, eps = r - mean (the model's
    /// per-period mean), so the paths start the model's own periods from the state the replay leaves.
    public func continuing(_ garch: MarketGARCH, means: [Double]) -> MarketGARCH {
        let d = means.count
        var h = garch.startVariance
        let q = garch.parameters  // omega, alpha, beta, gamma of asset k at 4k ..< 4k + 4
        for t in 0..<periods {
            for k in 0..<d {
                let eps = returns[t * d + k] - means[k]
                h[k] = q[4 * k] + (q[4 * k + 1] + (eps < 0 ? q[4 * k + 3] : 0)) * eps * eps + q[4 * k + 2] * h[k]
            }
        }
        return MarketGARCH(parameters: garch.parameters, startVariance: h, degreesOfFreedom: garch.degreesOfFreedom)
    }
}
