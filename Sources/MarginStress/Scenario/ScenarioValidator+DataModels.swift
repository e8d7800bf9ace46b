import Foundation

extension ScenarioValidator {
    /// `market.distribution: {type: garch}`: one entry per asset that moves, parameters of a variance recursion
    /// that stays positive.
    /// With `filter` (filtered-historical's GARCH filter) `variance` may be left out: the filter computes it.
    mutating func buildGARCH(_ entry: DistributionEntry, assets: [Scenario.Asset], filter: Bool = false) -> Scenario.Distribution? {
        let field = "market.distribution"
        var nu: Double? = nil
        if entry.degreesOfFreedom != nil {
            nu = finite(entry.degreesOfFreedom, "\(field).degreesOfFreedom", what: "the Student-t innovations' degrees of freedom, > 2")
            if let v = nu, v <= 2 { fail("\(field).degreesOfFreedom", "\(v) must be > 2 so the innovations have a unit variance") }
        }
        var perYear: Double? = nil
        if entry.daysPerYear != nil {
            perYear = finite(entry.daysPerYear, "\(field).daysPerYear", what: "the data's periods per year, e.g. 252 for trading days")
            if let p = perYear, p <= 0 { fail("\(field).daysPerYear", "\(p) is not positive; e.g. 252 for trading days, 365 for calendar days") }
        }
        guard let entries = entry.garch, !entries.isEmpty else {
            fail("\(field).garch", "missing; list each moving asset's parameters, e.g. [{asset: BTC, omega: 2.1e-6, alpha: 0.07, beta: 0.91, variance: 3.4e-4}] (margin-stress calibrate --model garch writes them)")
            return nil
        }
        let symbols = assets.map(\.symbol)
        var parameters = [GARCHSpec.Parameters?](repeating: nil, count: assets.count)
        var valid = true
        for (n, e) in entries.enumerated() {
            let f = "\(field).garch[\(n)]"
            guard let symbol = e.asset, let i = symbols.firstIndex(of: symbol) else {
                fail("\(f).asset", e.asset == nil ? "missing; name an asset of market.assets" : "\"\(e.asset!)\" is not an asset of market.assets; use one of: \(symbols.joined(separator: ", "))")
                valid = false
                continue
            }
            if parameters[i] != nil { fail("\(f).asset", "\(symbol) has two entries; give one per asset"); valid = false }
            let omega = finite(e.omega, "\(f).omega", what: "the variance constant omega > 0 (per-period units)")
            let alpha = finite(e.alpha, "\(f).alpha", what: "the ARCH coefficient alpha >= 0")
            let beta = finite(e.beta, "\(f).beta", what: "the GARCH coefficient beta >= 0")
            let gamma = e.gamma == nil ? 0 : finite(e.gamma, "\(f).gamma", what: "the GJR leverage coefficient gamma (0 for GARCH(1,1))")
            let variance = filter && e.variance == nil ? 1 : finite(e.variance, "\(f).variance", what: "the conditional variance of the first period (the last filtered variance), > 0")
            let mean = e.mean == nil ? 0 : finite(e.mean, "\(f).mean", what: "the per-period mean log-return, e.g. 0.0003")
            guard let omega, let alpha, let beta, let gamma, let variance, let mean else { valid = false; continue }
            if omega <= 0 { fail("\(f).omega", "\(omega) is not positive; the variance recursion needs omega > 0"); valid = false }
            if alpha < 0 { fail("\(f).alpha", "\(alpha) is negative; give alpha >= 0"); valid = false }
            if beta < 0 { fail("\(f).beta", "\(beta) is negative; give beta >= 0"); valid = false }
            if alpha + gamma < 0 { fail("\(f).gamma", "alpha + gamma = \(alpha + gamma) is negative, so a fall could make the variance negative; give gamma >= -alpha"); valid = false }
            if variance <= 0 { fail("\(f).variance", "\(variance) is not positive; give the last filtered conditional variance"); valid = false }
            if alpha + beta + max(gamma, 0) / 2 >= 1 {
                warnings.append("\(f): alpha + beta + gamma / 2 = \(alpha + beta + max(gamma, 0) / 2) >= 1, so \(symbol)'s variance has no long-run level and grows along the horizon on average")
            }
            parameters[i] = GARCHSpec.Parameters(omega: omega, alpha: alpha, beta: beta, gamma: gamma, variance: variance, mean: mean)
        }
        for (i, a) in assets.enumerated() where parameters[i] == nil && (a.volatility > 0 || a.drift != 0) && valid {
            fail("\(field).garch", "\(a.symbol) moves (volatility \(a.volatility)) but has no garch entry; add one, or set its volatility and drift to 0")
            valid = false
        }
        guard valid else { return nil }
        return .garch(GARCHSpec(assets: parameters, degreesOfFreedom: nu, daysPerYear: perYear))
    }

    /// A model estimated on data steps one period of the data at a time (or a whole number of steps per period):
    /// the horizon must hold a whole number of periods and the steps a multiple of it.
    mutating func checkDataPeriods(_ scenario: Scenario) -> Bool {
        if let replay = scenario.stress?.replay {
            if replay.periods > scenario.steps {
                fail("market.stress.replay", "replays \(replay.periods) periods, one per step, but the horizon has \(scenario.steps) steps; replay fewer days or give more steps")
                return false
            }
            if (scenario.stepsPerDataPeriod ?? 1) > 1 {
                fail("market.stress.replay", "replays one period of the file per step, which does not combine with steps finer than the data's period; give one step per period (simulation.steps \(scenario.dataPeriods ?? 0)), or remove replay")
                return false
            }
        }
        guard let perYear = scenario.dataPeriodsPerYear else { return true }
        let periods = scenario.horizonDays / scenario.daysPerYear * perYear
        guard let whole = scenario.dataPeriods else {
            fail("simulation.horizon", "holds \(periods) periods of the data (\(perYear) a year); a model estimated on data needs a whole number: give a horizon of whole periods, or set market.distribution.daysPerYear to match simulation.daysPerYear")
            return false
        }
        guard let perPeriod = scenario.stepsPerDataPeriod else {
            fail("simulation.steps", "\(scenario.steps) is not a multiple of the \(whole) periods of the data in the horizon; set steps to \(whole) (one per period)")
            return false
        }
        // Steps finer than the period (perPeriod > 1) are filled by a Brownian bridge between the closes (`MarketBridge`).
        // Its substream holds 2^27 rows of normals per block (`BridgedShocks`): steps x assets at most.
        if perPeriod > 1 && scenario.steps * scenario.assets.count > 1 << 27 {
            fail("simulation.steps", "\(scenario.steps) steps x \(scenario.assets.count) assets are beyond the Brownian bridge's \(1 << 27) rows of normals per block; use fewer steps per period of the data")
            return false
        }
        return true
    }
}
