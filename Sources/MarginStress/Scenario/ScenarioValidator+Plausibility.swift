import Foundation

extension ScenarioValidator {
    /// Values that are valid but unlikely to be meant, each as a warning naming the field (listed by `validate`
    /// and carried into every output): a volatility above 5 (500% a year: a percentage typed as a fraction?),
    /// a maintenance rate above 50%, a step longer than a day for an account within 3 one-day standard deviations
    /// of maintenance margin (a liquidation inside a step is then missed), a horizon beyond a year, and leverage
    /// above 200x. (An account already below maintenance margin is warned about in `startingWarnings`.)
    /// - Complexity: O(assets + positions²) (the one-day variance of the positions' PnL).
    static func plausibilityWarnings(_ s: Scenario) -> [String] {
        var notes: [String] = []
        func g(_ x: Double) -> String { String(format: "%g", x) }
        for (n, a) in s.assets.enumerated() where a.volatility > 5 {
            notes.append("market.assets[\(n)].volatility: \(g(a.volatility)) is \(g(a.volatility * 100))% a year; "
                         + "volatilities are fractions: did you mean \(g(a.volatility / 100))?")
        }
        for (n, p) in s.positions.enumerated() {
            let rates = p.schedule?.rates ?? [p.maintenanceMarginRate]
            if let high = rates.max(), high > 0.5 {
                notes.append("account.positions[\(n)]: a maintenance margin rate of \(g(high * 100))% is above 50%; rates are fractions "
                             + "of notional (0.005 for 0.5%)")
            }
        }
        if s.horizonDays > 365 {
            notes.append("simulation.horizon: \(s.horizonText.isEmpty ? g(s.horizonDays) + " days" : s.horizonText) is longer than a year; "
                         + "volatilities and correlations rarely hold that long")
        }
        let snap = s.snapshot
        if let leverage = snap.leverage, leverage > 200 {
            notes.append("account: leverage \(g((leverage * 10).rounded() / 10))x is above 200x, more than exchanges allow")
        }
        if s.stepDays > 1, snap.equity >= snap.maintenanceMargin {
            // One-day standard deviation of the positions' PnL: w' C w with w_i = q_i P_i sigma_i / sqrt(days a year).
            let ps = s.positions, n = s.assets.count
            var variance = 0.0
            for i in ps.indices {
                let wi = ps[i].quantity * s.assets[ps[i].asset].price * s.assets[ps[i].asset].volatility
                for j in ps.indices {
                    let wj = ps[j].quantity * s.assets[ps[j].asset].price * s.assets[ps[j].asset].volatility
                    variance += wi * wj * s.correlation[ps[i].asset * n + ps[j].asset]
                }
            }
            let daily = (max(0, variance) / s.daysPerYear).squareRoot()
            let room = snap.equity - snap.maintenanceMargin
            if room < 3 * daily {
                notes.append("simulation.steps: a step lasts \(g((s.stepDays * 100).rounded() / 100)) days, but equity is only "
                             + "\(g((room / daily * 10).rounded() / 10)) one-day standard deviations above maintenance margin, so the account "
                             + "could be liquidated within a day and a step this long can miss it; use at least one step a day "
                             + "(steps: \(Int(s.horizonDays.rounded(.up))) or more)")
            }
        }
        return notes
    }
}
