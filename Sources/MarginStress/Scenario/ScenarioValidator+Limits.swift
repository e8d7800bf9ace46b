import Foundation

extension ScenarioValidator {
    /// Problems of a scenario whose fields are each well formed but whose numbers leave the range the engine
    /// represents (`NumericalLimits`): each names the field, the limit and what would bring it back.
    /// - Complexity: O(assets + positions + collateral entries).
    static func limitIssues(_ s: Scenario) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        let largest = NumericalLimits.largestAmount, limitText = "1e15"
        let years = s.horizonDays / s.daysPerYear
        func amount(_ x: Double) -> String { String(format: "%.6g", x) }
        for (n, a) in s.assets.enumerated() {
            let field = "market.assets[\(n)]"
            if a.price < NumericalLimits.smallestPrice {
                issues.append(ScenarioIssue(field: "\(field).price", message:
                    "\(a.price) is below the smallest price the simulation represents, 1e-12; quote the asset in a larger unit (e.g. per million)"))
            } else if a.price > largest {
                issues.append(ScenarioIssue(field: "\(field).price", message:
                    "\(amount(a.price)) is above the largest amount the simulation represents, \(limitText) in the quote currency; quote it in a smaller unit"))
            }
            let bound = NumericalLimits.horizonLogReturn(volatility: a.volatility, drift: a.drift, years: years)
            guard !(bound <= NumericalLimits.largestLogReturn) else { continue }
            let horizon = "over the horizon of \(amount(s.horizonDays)) days"
            let driftAlone = NumericalLimits.horizonLogReturn(volatility: 0, drift: a.drift, years: years)
            if !(driftAlone <= NumericalLimits.largestLogReturn / 2) {
                issues.append(ScenarioIssue(field: "\(field).drift", message:
                    "\(a.drift) a year \(horizon) moves the log-price by \(String(format: "%.3g", driftAlone)), beyond the "
                    + "simulation's limit of 280 (a factor of e^280); give an annualised drift as a fraction (e.g. 0.05) or shorten simulation.horizon"))
                continue
            }
            let most = NumericalLimits.largestVolatility(years: years)
            issues.append(ScenarioIssue(field: "\(field).volatility", message:
                "\(a.volatility) a year \(horizon) can move the log-price by more than the simulation's limit of 280 "
                + "(at 20 standard deviations, |drift - volatility^2/2| x years + 20 x volatility x sqrt(years) = "
                + "\(String(format: "%.3g", bound))); the largest volatility for this horizon is \(String(format: "%.3g", most)). "
                + "Give the volatility as an annualised fraction (0.55 for 55%) or shorten simulation.horizon"))
        }
        var total = 0.0
        for (n, c) in s.collateral.enumerated() {
            let value = c.amount * s.assets[c.asset].price
            total += value
            if !(value <= largest) {
                issues.append(ScenarioIssue(field: "account.collateral[\(n)].amount", message:
                    "\(amount(c.amount)) x price \(amount(s.assets[c.asset].price)) = \(amount(value)) is above the largest amount the "
                    + "simulation represents, \(limitText) in the quote currency"))
            }
        }
        for (n, p) in s.positions.enumerated() {
            let field = "account.positions[\(n)]", price = s.assets[p.asset].price
            let notional = abs(p.quantity) * price, atEntry = abs(p.quantity) * p.entryPrice
            total += notional
            if !(notional <= largest) {
                issues.append(ScenarioIssue(field: "\(field).quantity", message:
                    "notional |\(amount(p.quantity))| x price \(amount(price)) = \(amount(notional)) is above the largest amount the "
                    + "simulation represents, \(limitText) in the quote currency"))
            } else if !(atEntry <= largest) {
                issues.append(ScenarioIssue(field: "\(field).entryPrice", message:
                    "|quantity| x entry price = \(amount(atEntry)) is above the largest amount the simulation represents, \(limitText)"))
            }
            if let m = p.isolatedMargin, !(m <= largest) {
                issues.append(ScenarioIssue(field: "\(field).isolatedMargin", message:
                    "\(amount(m)) is above the largest amount the simulation represents, \(limitText)"))
            }
            let cost = s.liquidationCostRate(p)
            if !(cost <= 1) {
                issues.append(ScenarioIssue(field: "market.assets[\(p.asset)].averageDailyVolume", message:
                    "closing account.positions[\(n)] would cost \(String(format: "%.3g", cost)) times its notional (half-spread + fee + "
                    + "square-root impact); the cost must be at most the notional: check halfSpread, impactCoefficient and averageDailyVolume"))
            }
            if !(abs(p.fundingRate) * years <= 100) {
                issues.append(ScenarioIssue(field: "\(field).fundingRate", message:
                    "\(p.fundingRate) a year over the horizon pays more than 100 times the notional; give an annualised rate as a fraction, e.g. 0.1"))
            }
        }
        if issues.isEmpty && !(total <= largest) {
            issues.append(ScenarioIssue(field: "account", message:
                "collateral value plus gross notional is \(amount(total)), above the largest amount the simulation represents, "
                + "\(limitText) in the quote currency; express amounts in a larger unit (thousands, millions)"))
        }
        return issues
    }
}
