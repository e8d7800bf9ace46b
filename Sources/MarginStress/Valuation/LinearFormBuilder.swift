/// Builds a linear function of the market's prices, `constant + sum_a coefficient_a P_a`, from account terms,
/// then splits it for the simulator: weights for the simulated assets, and a constant that absorbs the
/// assets whose price does not move.
struct LinearFormBuilder {
    private(set) var constant = 0.0
    private(set) var coefficients: [Double]

    init(assetCount: Int) { coefficients = Array(repeating: 0, count: assetCount) }

    /// A fixed amount.
    mutating func addConstant(_ amount: Double) { constant += amount }

    /// Collateral value after haircut: amount (1 - haircut) P.
    mutating func addCollateral(_ c: Scenario.Collateral, sign: Double = 1) {
        coefficients[c.asset] += sign * c.amount * (1 - c.haircut)
    }

    /// Unrealised PnL: q (P - entry).
    mutating func addUnrealisedPnL(_ p: Scenario.Position, sign: Double = 1) {
        coefficients[p.asset] += sign * p.quantity
        constant -= sign * p.quantity * p.entryPrice
    }

    /// Maintenance margin at a flat rate: |q| rate P. Positions with a tiered schedule add nothing: their
    /// margin is not linear in the price, and is evaluated per path from their notional (see `TieredMargins`).
    mutating func addMaintenanceMargin(_ p: Scenario.Position, sign: Double = 1) {
        guard p.schedule == nil else { return }
        coefficients[p.asset] += sign * abs(p.quantity) * p.maintenanceMarginRate
    }

    /// Funding paid over a step of `stepYears`: q x rate x dt x P.
    mutating func addFunding(_ p: Scenario.Position, stepYears: Double) {
        coefficients[p.asset] += p.quantity * p.fundingRate * stepYears
    }

    /// Notional: |q| P.
    mutating func addNotional(_ p: Scenario.Position, sign: Double = 1) {
        coefficients[p.asset] += sign * abs(p.quantity)
    }

    /// `(constant, weights)` for the simulator: weights of `market.simulated` in order, constant prices folded in.
    func split(_ scenario: Scenario, _ market: MarketModel) -> (constant: Double, weights: [Double]) {
        let simulated = Set(market.simulated)
        var c = constant
        for (asset, coefficient) in coefficients.enumerated() where !simulated.contains(asset) {
            c += coefficient * scenario.assets[asset].price
        }
        return (c, market.simulated.map { coefficients[$0] })
    }

    /// Two builders as the simulator's forms.
    static func forms(_ first: LinearFormBuilder, _ second: LinearFormBuilder, _ scenario: Scenario,
                      _ market: MarketModel) -> LinearForms {
        let a = first.split(scenario, market), b = second.split(scenario, market)
        return LinearForms(firstConstant: a.constant, firstWeights: a.weights,
                           secondConstant: b.constant, secondWeights: b.weights)
    }
}
