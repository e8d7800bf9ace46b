import Foundation

/// How the steps inside one period of the data are filled when the simulation is finer than the data
/// (`simulation.steps` = m x the periods, m > 1): a Brownian bridge between the period's closes.
///
/// The model draws each period's joint log-return X exactly as at one step per period; the log-price at
/// time u = j / m of the period (j = 1, ..., m - 1) is
///
///     l(u) = l(0) + u X + sigma_k b_k(u),   b = L w,
///
/// with w a vector of independent standard Brownian bridges on [0, 1] (zero at both ends), L the lower Cholesky
/// factor of the bridge's correlation and sigma_k asset k's standard deviation over the period. This is the law
/// of a Brownian motion with drift and covariance diag(sigma) L Lᵀ diag(sigma) per period given its two ends
/// (the drift does not enter a bridge), so for a Gaussian model with constant variance the filled path has
/// exactly the law of the same model simulated at the fine step. The bridge is drawn point by point: from
/// b(u_{j-1}), b(u_j) = b(u_{j-1}) (m - j) / (m - j + 1) + sqrt((m - j) / (m (m - j + 1))) xi, xi ~ N(0, L Lᵀ)
/// (Glasserman 2004, "Monte Carlo Methods in Financial Engineering", section 3.1, the Brownian bridge construction).
///
/// sigma and L by model: `garch`, the path's own conditional variance h of the period (times its Student-t factor
/// (nu - 2) / W when the innovations are Student-t) and the residual correlation (`market.correlations`, after a
/// stress blend); `filtered-historical`, the path's filter variance of the period and the window's correlation of
/// standardised residuals; `historical`, the window's standard deviation per period and correlation of returns.
public struct MarketBridge: Sendable, Equatable {
    /// Steps per period of the data (m >= 2).
    public let stepsPerPeriod: Int
    /// Row-major d x d lower Cholesky factor of the bridge's correlation.
    public let cholesky: [Double]
    /// Per simulated asset, the standard deviation of one period (historical); nil: each path's own variance.
    public let deviation: [Double]?
    /// For j = 1 ..< m at [j - 1]: (m - j) / (m - j + 1), the share of the bridge's last value carried to point j.
    public let carry: [Double]
    /// For j = 1 ..< m at [j - 1]: sqrt((m - j) / (m (m - j + 1))), the standard deviation of point j's new part.
    public let spread: [Double]

    public init(stepsPerPeriod m: Int, cholesky: [Double], deviation: [Double]?) {
        precondition(m >= 2, "a bridge fills at least two steps per period")
        stepsPerPeriod = m
        self.cholesky = cholesky
        self.deviation = deviation
        carry = (1..<m).map { j in Double(m - j) / Double(m - j + 1) }
        spread = (1..<m).map { j in (Double(m - j) / (Double(m) * Double(m - j + 1))).squareRoot() }
    }

    /// The bridge of a model resampling `history` (d rows of `periods` values): the rows' correlation (factored;
    /// a row that never moves is uncorrelated), and for `historical` the rows' standard deviations.
    public static func fromWindow(_ history: MarketHistory, dimension d: Int, stepsPerPeriod m: Int, fixedDeviation: Bool) -> MarketBridge {
        let n = history.periods, t = history.table
        var centred = [Double](repeating: 0, count: d * n), sd = [Double](repeating: 0, count: d)
        for k in 0..<d {
            let row = t[(k * n)..<(k * n + n)], mean = row.reduce(0, +) / Double(n)
            var ss = 0.0
            for (i, v) in row.enumerated() { centred[k * n + i] = v - mean; ss += (v - mean) * (v - mean) }
            sd[k] = n > 1 ? (ss / Double(n - 1)).squareRoot() : 0
        }
        var correlation = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            correlation[a * d + a] = 1
            for b in 0..<a where sd[a] > 0 && sd[b] > 0 {
                var s = 0.0
                for i in 0..<n { s += centred[a * n + i] * centred[b * n + i] }
                let c = s / Double(n - 1) / (sd[a] * sd[b])
                correlation[a * d + b] = c
                correlation[b * d + a] = c
            }
        }
        let l = (try? LAPACK.choleskyLower(correlation, order: d)) ?? SemidefiniteCholesky.lower(correlation, order: d)
            ?? identity(d)
        return MarketBridge(stepsPerPeriod: m, cholesky: l, deviation: fixedDeviation ? sd : nil)
    }

    /// Rows of per-path state the bridge keeps beside its model's (`BridgedShocks`): the step within the
    /// period, then per asset the period's start, close, log-return, bridge value, deviation and normals.
    public static func stateRows(dimension d: Int) -> Int { 1 + 6 * d }

    static func identity(_ d: Int) -> [Double] {
        var l = [Double](repeating: 0, count: d * d)
        for k in 0..<d { l[k * d + k] = 1 }
        return l
    }
}

extension MarketModel {
    /// This market with each period filled by a Brownian bridge at `m` steps per period (`MarketBridge`), for a
    /// market of a model with a data period built without a scenario (`MarketModel(spot:history:filtered:)`, as a
    /// backtest builds one each date); simulate it with `steps` = periods x m. Its closes are the m = 1 market's,
    /// bit for bit, on the same seed. m = 1 returns the market unchanged.
    public func bridged(stepsPerPeriod m: Int) -> MarketModel {
        precondition(m >= 1 && (m == 1 || history != nil || garch != nil), "a bridge needs a model with a data period (garch, historical, filtered historical)")
        guard m > 1 else { return self }
        var copy = self
        if let history {
            copy.bridge = .fromWindow(history, dimension: dimension, stepsPerPeriod: m, fixedDeviation: garch == nil)
        } else {
            copy.bridge = MarketBridge(stepsPerPeriod: m, cholesky: cholesky, deviation: nil)
        }
        return copy
    }
}
