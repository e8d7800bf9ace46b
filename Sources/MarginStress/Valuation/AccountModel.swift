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
        var equity = LinearFormBuilder(assetCount: scenario.assets.count)
        var margin = LinearFormBuilder(assetCount: scenario.assets.count)
        for c in scenario.collateral { equity.addCollateral(c) }
        for p in scenario.positions {
            equity.addUnrealisedPnL(p)
            margin.addMaintenanceMargin(p)
        }
        let forms = LinearFormBuilder.forms(equity, margin, scenario, market)
        equityConstant = forms.firstConstant
        equityWeight = forms.firstWeights
        marginConstant = forms.secondConstant
        marginWeight = forms.secondWeights
        (initialEquity, initialMargin) = forms.values(at: market.spot)
    }

    /// Equity (first) and maintenance margin (second) as the simulator's linear forms.
    public var liquidationForms: LinearForms {
        LinearForms(firstConstant: equityConstant, firstWeights: equityWeight,
                    secondConstant: marginConstant, secondWeights: marginWeight)
    }
}
