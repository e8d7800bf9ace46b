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

    /// Equity and maintenance margin, plus the cost of liquidating every position now as extra form 0
    /// (sum of |q| x cost rate x P) when liquidation has costs.
    /// Then the funding paid over one step, when any position pays funding; then, for each position with a
    /// tiered schedule, its notional |q| P (see `TieredMargins`); then the collateral value, when some
    /// collateral is volatile. `LiquidationObserver.forRun` reads them in this order.
    public static func runForms(_ scenario: Scenario, _ market: MarketModel) -> LinearForms {
        let forms = AccountModel(scenario: scenario, market: market).liquidationForms
        var constants: [Double] = [], rows: [[Double]] = []
        func append(_ b: LinearFormBuilder) {
            let split = b.split(scenario, market)
            constants.append(split.constant)
            rows.append(split.weights)
        }
        if scenario.hasLiquidationCosts {
            var cost = LinearFormBuilder(assetCount: scenario.assets.count)
            for p in scenario.positions { cost.addNotional(p, sign: scenario.liquidationCostRate(p)) }
            append(cost)
        }
        if scenario.hasFunding {
            // Funding paid over one step: sum of q x rate x dt x P (longs pay when the rate is positive).
            var funding = LinearFormBuilder(assetCount: scenario.assets.count)
            for p in scenario.positions where p.fundingRate != 0 {
                funding.addFunding(p, stepYears: scenario.stepYears)
            }
            append(funding)
        }
        for p in scenario.positions where p.schedule != nil {
            var notional = LinearFormBuilder(assetCount: scenario.assets.count)
            notional.addNotional(p)
            append(notional)
        }
        if scenario.hasVolatileCollateral {
            var collateral = LinearFormBuilder(assetCount: scenario.assets.count)
            for c in scenario.collateral { collateral.addCollateral(c) }
            append(collateral)
        }
        return LinearForms(firstConstant: forms.firstConstant, firstWeights: forms.firstWeights,
                           secondConstant: forms.secondConstant, secondWeights: forms.secondWeights,
                           extraConstants: constants, extraWeights: rows)
    }

    /// For partial liquidation: collateral (first), flat maintenance margin (second), then the positions'
    /// unrealised PnL, the cost of closing them all (when costs are set) and the funding over a step (when set).
    public static func partialForms(_ scenario: Scenario, _ market: MarketModel) -> LinearForms {
        let n = scenario.assets.count
        var collateral = LinearFormBuilder(assetCount: n), margin = LinearFormBuilder(assetCount: n)
        var pnl = LinearFormBuilder(assetCount: n), cost = LinearFormBuilder(assetCount: n)
        var funding = LinearFormBuilder(assetCount: n)
        for c in scenario.collateral { collateral.addCollateral(c) }
        for p in scenario.positions {
            margin.addMaintenanceMargin(p)
            pnl.addUnrealisedPnL(p)
            cost.addNotional(p, sign: scenario.liquidationCostRate(p))
            funding.addFunding(p, stepYears: scenario.stepYears)
        }
        var extras = [pnl]
        if scenario.hasLiquidationCosts { extras.append(cost) }
        if scenario.hasFunding { extras.append(funding) }
        let base = LinearFormBuilder.forms(collateral, margin, scenario, market)
        let splits = extras.map { $0.split(scenario, market) }
        return LinearForms(firstConstant: base.firstConstant, firstWeights: base.firstWeights,
                           secondConstant: base.secondConstant, secondWeights: base.secondWeights,
                           extraConstants: splits.map(\.constant), extraWeights: splits.map(\.weights))
    }

    /// Equity (first) and maintenance margin (second) as the simulator's linear forms.
    public var liquidationForms: LinearForms {
        LinearForms(firstConstant: equityConstant, firstWeights: equityWeight,
                    secondConstant: marginConstant, secondWeights: marginWeight)
    }
}
