/// `market.distribution: {type: garch}`, validated: each asset's log-return follows its own GARCH(1,1) or
/// GJR-GARCH recursion (Bollerslev 1986; Glosten, Jagannathan and Runkle 1993), in the data's per-period units:
///
///     x_t = mean + eps_t,  eps_t = sqrt(h_t) e_t,
///     h_{t+1} = omega + (alpha + gamma 1{eps_t < 0}) eps_t² + beta h_t,   h_1 = variance,
///
/// with the innovations e_t correlated across assets by the residual correlation matrix (`market.correlations`),
/// standard normal or standardised multivariate Student-t (`degreesOfFreedom`, one chi-square per period shared
/// by the assets, as `student-t`).
public struct GARCHSpec: Sendable, Equatable, Codable {
    public struct Parameters: Sendable, Equatable, Codable {
        public var omega: Double
        public var alpha: Double
        public var beta: Double
        public var gamma: Double
        /// The conditional variance of the first period (the last filtered variance of the fit).
        public var variance: Double
        /// Per-period mean log-return.
        public var mean: Double
    }

    /// Per asset of `Scenario.assets`; nil for an asset without an entry (it does not move).
    public var assets: [Parameters?]
    /// Student-t innovations when set, else Gaussian.
    public var degreesOfFreedom: Double?
    /// Periods of the data per year; nil: the simulation's days per year (one period is one day).
    public var daysPerYear: Double?
}

extension Scenario {
    /// Periods of the data per year for the models estimated on data (garch); nil for the others.
    public var dataPeriodsPerYear: Double? {
        switch distribution {
        case .garch(let g): return g.daysPerYear ?? daysPerYear
        case .historical(let h), .filteredHistorical(let h): return h.daysPerYear ?? daysPerYear
        default: return nil
        }
    }

    /// Periods of the data over the horizon, when that is a whole number (to 1e-9).
    public var dataPeriods: Int? {
        guard let perYear = dataPeriodsPerYear else { return nil }
        let periods = horizonDays / daysPerYear * perYear, whole = periods.rounded()
        guard whole >= 1, abs(periods - whole) <= 1e-9 * whole else { return nil }
        return Int(whole)
    }

    /// Steps per period of the data (1: one step per period; more: the period is filled by a Brownian bridge);
    /// nil for a model not estimated on data, or when the steps do not divide the periods evenly.
    public var stepsPerDataPeriod: Int? {
        guard let periods = dataPeriods, steps % periods == 0 else { return nil }
        return steps / periods
    }
}
