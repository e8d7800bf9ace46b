/// The cross-margin account reduced to what the hot loop needs: with flat maintenance rates, equity and
/// maintenance margin are both linear in the simulated prices P:
///
///     E_t = equityConstant + sum_i equityWeight_i P_i,t
///     M_t = marginConstant + sum_i marginWeight_i P_i,t
///
/// Collateral adds `amount (1 - haircut)` to its asset's equity weight; a position adds its quantity to the
/// equity weight, `-quantity x entry` to the constant and `|quantity| x rate` to the margin weight.
/// Assets that are not simulated (stablecoins, constant prices) fold into the constants.
public struct AccountModel: Sendable {
    public let equityConstant: Double
    public let marginConstant: Double
    /// Per simulated asset, in `MarketModel.simulated` order.
    public let equityWeight: [Double]
    public let marginWeight: [Double]
    /// Equity at spot prices.
    public let initialEquity: Double
    public let initialMargin: Double

    /// Asset indices whose price changes the account's equity or margin.
    public static func usedAssets(_ scenario: Scenario) -> Set<Int> {
        Set(scenario.collateral.filter { $0.amount != 0 && $0.haircut < 1 }.map(\.asset))
            .union(scenario.positions.filter { $0.quantity != 0 }.map(\.asset))
    }

    public init(scenario: Scenario, market: MarketModel) {
        let n = scenario.assets.count
        var eq = [Double](repeating: 0, count: n), mm = [Double](repeating: 0, count: n)
        var constant = 0.0
        for c in scenario.collateral { eq[c.asset] += c.amount * (1 - c.haircut) }
        for p in scenario.positions {
            eq[p.asset] += p.quantity
            constant -= p.quantity * p.entryPrice
            mm[p.asset] += abs(p.quantity) * p.maintenanceMarginRate
        }
        let simulatedSet = Set(market.simulated)
        var marginConstant = 0.0
        for i in 0..<n where !simulatedSet.contains(i) {
            constant += eq[i] * scenario.assets[i].price
            marginConstant += mm[i] * scenario.assets[i].price
        }
        equityConstant = constant
        self.marginConstant = marginConstant
        equityWeight = market.simulated.map { eq[$0] }
        marginWeight = market.simulated.map { mm[$0] }
        initialEquity = zip(equityWeight, market.spot).reduce(constant) { $0 + $1.0 * $1.1 }
        initialMargin = zip(marginWeight, market.spot).reduce(marginConstant) { $0 + $1.0 * $1.1 }
    }
}
