/// The account valued on every path at every step: linear functions of the simulated prices, each with a name.
///
/// The first two forms are always the cross account's equity before funding, `K_t + sum_i q_i (P_i,t - e_i)`,
/// and its maintenance margin at flat rates, `sum_i |q_i| m_i P_i,t` (tiered positions add theirs per path
/// from their notional rows). Further rows are present only when asked for and only when the scenario needs
/// them; an analysis reads them by name (`cost`, `funding`, ...), never by position in a list:
///
/// - `cost`: closing every position now: `sum_i |q_i| c_i P_i,t`, c_i = half-spread + square-root impact + fee
///   (`Scenario.liquidationCostRate`);
/// - `impactCost`: the square-root-impact part of `cost`, `sum_i |q_i| i_i P_i,t` (`Scenario.impactRate`), so that
///   closing a fraction x of every position costs x (cost - impactCost) + x^(3/2) impactCost;
/// - `funding`: funding paid over one step at the step's prices, `sum_i q_i f_i dt P_i,t` (longs pay when f > 0);
/// - `tierNotionals`: one row per position with a tiered schedule (`tieredSchedules`), its notional `|q_i| P_i,t`;
/// - `collateral`: the collateral value after haircuts `K_t = sum_c a_c (1 - h_c) P_c,t`;
/// - `totalPnL`: `sum_i q_i (P_i,t - e_i)`;
/// - `positionPnL`: one row per position, `q_i (P_i,t - e_i)`;
/// - `positionCost`, `positionFunding`: one row per position, its part of `cost` and of `funding`;
/// - `isolated`: two rows per position, its isolated equity `a_i + q_i (P_i,t - e_i)` and margin `|q_i| m_i P_i,t`.
///
/// Linear in the prices today; an option book would be another valuation behind the same names.
public struct Valuation: Sendable {
    /// The rows an analysis asks for.
    public struct Rows: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let cost = Rows(rawValue: 1)
        public static let funding = Rows(rawValue: 2)
        public static let tierNotionals = Rows(rawValue: 4)
        public static let collateral = Rows(rawValue: 8)
        public static let totalPnL = Rows(rawValue: 16)
        public static let positionPnL = Rows(rawValue: 32)
        public static let isolated = Rows(rawValue: 64)
        public static let impactCost = Rows(rawValue: 128)
        public static let positionCost = Rows(rawValue: 256)
        public static let positionFunding = Rows(rawValue: 512)
        /// What `run` reads in cross mode with full liquidation.
        public static let run: Rows = [.cost, .funding, .tierNotionals, .collateral]
    }

    public let forms: LinearForms
    public private(set) var cost: Int? = nil
    public private(set) var impactCost: Int? = nil
    public private(set) var funding: Int? = nil
    /// First of the tiered positions' notional rows, in the order of `tieredSchedules`.
    public private(set) var tierNotionals: Int? = nil
    public private(set) var tieredSchedules: [MarginSchedule] = []
    /// The tiered positions' maintenance margin at spot prices.
    public private(set) var initialTieredMargin = 0.0
    public private(set) var collateral: Int? = nil
    public private(set) var totalPnL: Int? = nil
    /// First of one row per position, in `Scenario.positions` order.
    public private(set) var positionPnL: Int? = nil
    /// First of one row per position: its cost of closing now, its funding over a step.
    public private(set) var positionCost: Int? = nil
    public private(set) var positionFunding: Int? = nil
    /// For each position, its row among `tierNotionals` (nil for a flat rate).
    public private(set) var tierRowOfPosition: [Int?] = []
    /// First of two rows per position (isolated equity, then isolated margin).
    public private(set) var isolated: Int? = nil
    /// Every extra row at spot prices.
    public let initialExtra: [Double]

    /// Equity, margin and the rows asked for that the scenario needs (`cost` only with liquidation costs,
    /// `funding` only with funding, `tierNotionals` only with tiered schedules, `collateral` only with volatile
    /// collateral, and so on); a row in `always` is built whenever it is asked for.
    /// - Parameter allocation: isolated margins per position (for `.isolated`).
    public init(scenario s: Scenario, market: MarketModel, rows: Rows, always: Rows = [], allocation: [Double] = []) {
        let n = s.assets.count
        var equity = LinearFormBuilder(assetCount: n), margin = LinearFormBuilder(assetCount: n)
        for c in s.collateral { equity.addCollateral(c) }
        for p in s.positions {
            equity.addUnrealisedPnL(p)
            margin.addMaintenanceMargin(p)
        }
        var extra: [LinearFormBuilder] = []
        /// True when `row` is asked for and the scenario needs it (or `always` asks for it regardless).
        func wanted(_ row: Rows, _ needed: Bool) -> Bool { rows.contains(row) && (needed || always.contains(row)) }
        /// One row summing `term` over the positions; returns its index.
        func summed(_ term: (inout LinearFormBuilder, Scenario.Position) -> Void) -> Int {
            var b = LinearFormBuilder(assetCount: n)
            for p in s.positions { term(&b, p) }
            extra.append(b)
            return extra.count - 1
        }
        /// One row of `term` per position; returns the first index.
        func perPosition(_ term: (inout LinearFormBuilder, Scenario.Position) -> Void) -> Int {
            let first = extra.count
            for p in s.positions {
                var b = LinearFormBuilder(assetCount: n)
                term(&b, p)
                extra.append(b)
            }
            return first
        }
        let costTerm: (inout LinearFormBuilder, Scenario.Position) -> Void = { $0.addNotional($1, sign: s.liquidationCostRate($1)) }
        let fundingTerm: (inout LinearFormBuilder, Scenario.Position) -> Void = { $0.addFunding($1, stepYears: s.stepYears) }
        let pnlTerm: (inout LinearFormBuilder, Scenario.Position) -> Void = { $0.addUnrealisedPnL($1) }
        if wanted(.cost, s.hasLiquidationCosts) { cost = summed(costTerm) }
        if wanted(.impactCost, s.positions.contains { s.impactRate($0) > 0 }) {
            impactCost = summed { $0.addNotional($1, sign: s.impactRate($1)) }
        }
        if wanted(.funding, s.hasFunding) { funding = summed(fundingTerm) }
        tierRowOfPosition = Array(repeating: nil, count: s.positions.count)
        if wanted(.tierNotionals, s.hasTieredMargin) {
            tierNotionals = extra.count
            for (i, p) in s.positions.enumerated() {
                guard let schedule = p.schedule else { continue }
                tierRowOfPosition[i] = extra.count
                var b = LinearFormBuilder(assetCount: n)
                b.addNotional(p)
                extra.append(b)
                tieredSchedules.append(schedule)
                initialTieredMargin += p.maintenance(atNotional: abs(p.quantity) * s.assets[p.asset].price)
            }
        }
        if wanted(.collateral, s.hasVolatileCollateral) {
            var b = LinearFormBuilder(assetCount: n)
            for c in s.collateral { b.addCollateral(c) }
            extra.append(b)
            collateral = extra.count - 1
        }
        if wanted(.totalPnL, true) { totalPnL = summed(pnlTerm) }
        if wanted(.positionPnL, true) { positionPnL = perPosition(pnlTerm) }
        if wanted(.positionCost, s.hasLiquidationCosts) { positionCost = perPosition(costTerm) }
        if wanted(.positionFunding, s.hasFunding) { positionFunding = perPosition(fundingTerm) }
        if wanted(.isolated, true) {
            precondition(allocation.count == s.positions.count, "one isolated margin per position")
            isolated = extra.count
            for (i, p) in s.positions.enumerated() {
                var e = LinearFormBuilder(assetCount: n), m = LinearFormBuilder(assetCount: n)
                e.addConstant(allocation[i])
                e.addUnrealisedPnL(p)
                m.addMaintenanceMargin(p)
                extra += [e, m]
            }
        }
        let a = equity.split(s, market), b = margin.split(s, market), splits = extra.map { $0.split(s, market) }
        forms = LinearForms(firstConstant: a.constant, firstWeights: a.weights, secondConstant: b.constant,
                            secondWeights: b.weights, extraConstants: splits.map(\.constant), extraWeights: splits.map(\.weights))
        initialExtra = forms.extraValues(at: market.spot)
    }

    /// Two forms of the analysis's own (a frontier's critical-scale quantities), with no named rows.
    public init(forms: LinearForms, market: MarketModel) {
        self.forms = forms
        initialExtra = forms.extraValues(at: market.spot)
    }

    /// Equity and flat margin at spot prices.
    public func initialForms(_ market: MarketModel) -> (first: Double, second: Double) { forms.values(at: market.spot) }
}
