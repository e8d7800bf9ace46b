/// A historical model's window as the simulation resamples it, for the simulated assets: a d x T table, the only
/// memory the model holds (no paths).
public struct MarketHistory: Sendable, Equatable {
    /// Periods in the window (T).
    public let periods: Int
    /// `table[k * periods + t]`: simulated asset k's log-return of period t (historical; times the stress volatility
    /// factor) or its standardised residual (filtered-historical).
    public let table: [Double]
    /// Stationary bootstrap: the probability 1 / meanBlockLength that a step starts a new block; nil: i.i.d.
    public let restart: Double?

    public init(periods: Int, table: [Double], restart: Double?) {
        precondition(periods >= 1 && table.count % periods == 0, "a whole number of columns of `periods` values")
        self.periods = periods
        self.table = table
        self.restart = restart
    }

    /// Asset i's column of `spec.returns`, or zeros when it has none (an asset that does not move in the data).
    static func column(_ spec: HistorySpec, _ i: Int) -> [Double] {
        let r = spec.returns[i]
        return r.isEmpty ? [Double](repeating: 0, count: spec.periods) : r
    }

    /// The historical model of `spec` (returns times `factor`, the stress volatility factor) for `simulated` assets.
    public static func historical(_ spec: HistorySpec, simulated: [Int], factor: Double) -> MarketHistory {
        var table: [Double] = []
        table.reserveCapacity(simulated.count * spec.periods)
        for i in simulated { table += column(spec, i).map { factor == 1 ? $0 : $0 * factor } }
        return MarketHistory(periods: spec.periods, table: table, restart: restart(spec))
    }

    /// The filtered-historical model of `spec` for `simulated` assets: the residuals, the recursion that rescales
    /// them (EWMA as GARCH with omega = 0, alpha = 1 - lambda, beta = lambda, gamma = 0) with its start variance
    /// (the filter's forecast for the period after the window) times factor², and the per-period means.
    public static func filtered(_ spec: HistorySpec, simulated: [Int], factor: Double) -> (MarketHistory, MarketGARCH, [Double]) {
        var table: [Double] = [], parameters: [Double] = [], start: [Double] = [], means: [Double] = []
        let f2 = factor * factor
        for i in simulated {
            let r = column(spec, i)
            switch spec.filter ?? .ewma(lambda: 0.94) {
            case .ewma(let lambda):
                let f = HistoryFilter.ewma(r, lambda: lambda)
                table += f.residuals
                parameters += [0, 1 - lambda, lambda, 0]
                start.append(f.next * f2)
                means.append(0)
            case .garch:
                let p = spec.garch?[i] ?? GARCHSpec.Parameters(omega: 0, alpha: 0, beta: 1, gamma: 0, variance: 0, mean: 0)
                let f = HistoryFilter.garch(r, p)
                table += f.residuals
                parameters += [p.omega * f2, p.alpha, p.beta, p.gamma]
                start.append(f.next * f2)
                means.append(p.mean)
            }
        }
        return (MarketHistory(periods: spec.periods, table: table, restart: restart(spec)),
                MarketGARCH(parameters: parameters, startVariance: start, degreesOfFreedom: nil), means)
    }

    static func restart(_ spec: HistorySpec) -> Double? {
        if case .stationary(let length) = spec.bootstrap { return 1 / length }
        return nil
    }
}
