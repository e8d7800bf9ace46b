import Foundation

/// The covariance forecast of the `garch` backtest model: each asset's GJR-GARCH(1,1) with Student-t innovations
/// (`GARCHFit`, maximum likelihood on the last `window` returns, re-estimated every `refit` forecast dates),
/// its conditional variance h_i updated every day with fixed parameters,
///
///     h_i <- omega_i + (alpha_i + gamma_i 1{e_i < 0}) e_i^2 + beta_i h_i,   e_i = r_i - mu_i,
///
/// and the correlation R of the standardised residuals e_i / sqrt(h_i) from their EWMA(lambda) covariance
/// (RiskMetrics applied to the residuals, in the spirit of Engle's 2002 DCC with fixed decay). The forecast
/// covariance is D R D, D = diag(sqrt(h)); the simulation draws multivariate Student-t shocks with the mean of
/// the assets' fitted degrees of freedom (the engine's one mixing variable per step). Expected returns are
/// taken as zero, as for every model of the backtest.
struct GARCHCovarianceFilter {
    let dimension: Int
    var parameters: [GARCHFit.Parameters] = []
    var variance: [Double]
    var residualCovariance: EWMACovariance
    var started = false

    init(dimension: Int, lambda: Double) {
        self.dimension = dimension
        variance = Array(repeating: 0, count: dimension)
        residualCovariance = EWMACovariance(dimension: dimension, lambda: lambda)
    }

    /// Degrees of freedom of the simulated Student-t shocks: the mean of the fitted ones.
    var degreesOfFreedom: Double {
        let nus = parameters.compactMap(\.degreesOfFreedom)
        return nus.isEmpty ? 1_000 : max(2.5, nus.reduce(0, +) / Double(nus.count))
    }

    /// Fits asset `i` on `column` (its returns up to the day before the forecast), without standard errors.
    static func fit(_ column: [Double]) throws(EstimationError) -> GARCHFit {
        try GARCHFit(returns: column, leverage: true, innovations: .studentT, standardErrors: false)
    }

    /// Re-estimates every asset on `window[i]` and sets each variance to the fit's forecast for the next day.
    /// The first call also starts the residual correlation from the window's standardised residuals.
    mutating func refit(window: [[Double]]) throws(EstimationError) {
        var fits: [GARCHFit] = []
        for i in 0..<dimension { fits.append(try Self.fit(window[i])) }
        apply(fits, window: window)
    }

    /// Installs fits made on `window` (one per asset, in order), as `refit` does.
    mutating func apply(_ fits: [GARCHFit], window: [[Double]]) {
        parameters = fits.map(\.parameters)
        for i in 0..<dimension { variance[i] = fits[i].nextVariance }
        if !started {
            let residuals = (0..<dimension).map { fits[$0].standardisedResiduals(window[$0]) }
            let n = window.first?.count ?? 0
            let rows = (0..<n).map { t in (0..<dimension).map { residuals[$0][t] } }
            residualCovariance.seed(Array(rows.prefix(30)))
            for row in rows.dropFirst(30) { residualCovariance.update(row) }
            started = true
        }
    }

    /// One day's returns: the residual correlation and then every variance move on.
    mutating func update(_ r: [Double]) {
        guard started else { return }
        var z = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension {
            let p = parameters[i], e = r[i] - p.mean
            z[i] = e / variance[i].squareRoot()
            variance[i] = p.omega + (p.alpha + (e < 0 ? p.gamma : 0)) * e * e + p.beta * variance[i]
        }
        residualCovariance.update(z)
    }

    /// D R D with R the residuals' EWMA correlation.
    var covariance: [Double] {
        let d = dimension, c = residualCovariance.covariance
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d {
                let r = i == j ? 1 : c[i * d + j] / (c[i * d + i] * c[j * d + j]).squareRoot()
                out[i * d + j] = r * (variance[i] * variance[j]).squareRoot()
            }
        }
        return out
    }
}
