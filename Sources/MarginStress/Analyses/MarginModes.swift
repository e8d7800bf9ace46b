/// Cross and isolated margin on the same paths.
///
/// Isolated: position i holds margin a_i (given, or the collateral value at the start split in proportion to
/// initial margin when every position without a given margin has an initial rate, else to maintenance margin;
/// equally when those weights are all zero). Its equity is E_i = a_i + q_i (P_i - e_i) - funding paid by it,
/// and it is liquidated alone at the first step with E_i < M_i, its own maintenance margin (flat, or its tiered
/// schedule at its notional); it then pays its own liquidation cost |q_i| c_i P_i and its equity is frozen;
/// a negative remainder is that position's bad debt (positions do not cover each other). Collateral not
/// allocated is not at risk. The allocations are cash amounts fixed at the start: a volatile collateral
/// asset's moves count in cross mode only.
///
/// Cross: exactly the rule of `run` (`LiquidationObserver`), on the same valuation.
public struct MarginModes: Sendable {
    /// Margin allocated to each position (in `Scenario.positions` order).
    public let allocation: [Double]
    /// Collateral value at the start not allocated to any position.
    public let unallocated: Double
    /// Per position its isolated equity and margin (the `isolated` rows), cost, funding and tiered notional;
    /// with `cross`, also the rows the cross account's rule reads (`Valuation.Rows.run`).
    public let valuation: Valuation
    /// True when the cross account is followed too (compare), not only the isolated positions (run).
    public let followsCross: Bool

    public init(scenario: Scenario, market: MarketModel, cross: Bool) {
        allocation = Self.allocation(scenario)
        unallocated = max(0, scenario.snapshot.collateralValue - allocation.reduce(0, +))
        followsCross = cross
        let isolated: Valuation.Rows = [.isolated, .positionCost, .positionFunding, .tierNotionals]
        valuation = Valuation(scenario: scenario, market: market, rows: cross ? isolated.union(.run) : isolated,
                              allocation: allocation)
    }

    /// Isolated equity of position i at spot prices.
    func initialEquity(_ i: Int) -> Double { valuation.initialExtra[valuation.isolated! + 2 * i] }
    /// Isolated maintenance margin of position i at spot prices (its flat rate, or its schedule).
    func initialMargin(_ i: Int) -> Double {
        if let row = valuation.tierRowOfPosition[i] {
            return valuation.tieredSchedules[row - valuation.tierNotionals!].maintenance(valuation.initialExtra[row])
        }
        return valuation.initialExtra[valuation.isolated! + 2 * i + 1]
    }
    /// Cost of liquidating position i at spot prices.
    func initialCost(_ i: Int) -> Double { valuation.positionCost.map { valuation.initialExtra[$0 + i] } ?? 0 }

    /// Explicit margins where given; the rest of the collateral value split over the other positions in
    /// proportion to initial margin (or maintenance margin at spot, from the schedule for a tiered position,
    /// when any of them has no initial rate; equally when those are all zero).
    public static func allocation(_ scenario: Scenario) -> [Double] {
        let positions = scenario.positions
        let fixed = positions.compactMap(\.isolatedMargin).reduce(0, +)
        let rest = max(0, scenario.snapshot.collateralValue - fixed)
        let open = positions.indices.filter { positions[$0].isolatedMargin == nil }
        let useInitial = open.allSatisfy { positions[$0].initialMarginRate != nil }
        func weight(_ i: Int) -> Double {
            let p = positions[i]
            let notional = abs(p.quantity) * scenario.assets[p.asset].price
            return useInitial ? notional * p.initialMarginRate! : p.maintenance(atNotional: notional)
        }
        let total = open.reduce(0) { $0 + weight($1) }
        return positions.indices.map { i in
            if let given = positions[i].isolatedMargin { return given }
            return total > 0 ? rest * weight(i) / total : rest / Double(max(open.count, 1))
        }
    }
}

/// Per-path state of isolated margin for one block, owned by one worker: per position and path
/// (`[i * capacity + p]`) and per path.
final class ModesState: @unchecked Sendable {
    let positions: Int
    let capacity: Int
    /// Isolated liquidation step (-1 if none) and equity (after its cost, frozen at liquidation).
    let isolatedStep: UnsafeMutablePointer<Int32>
    let isolatedEquity: UnsafeMutablePointer<Double>
    /// Funding paid by the position so far, and the cost it paid at liquidation.
    let isolatedFunding: UnsafeMutablePointer<Double>
    let isolatedCost: UnsafeMutablePointer<Double>
    /// Per path: first isolated liquidation; total isolated equity (unallocated collateral plus every
    /// position's isolated equity) and its lowest value.
    let firstIsolatedStep: UnsafeMutablePointer<Int32>
    let isolatedTotal: UnsafeMutablePointer<Double>
    let isolatedMinimum: UnsafeMutablePointer<Double>

    init(positions: Int, capacity: Int) {
        self.positions = positions
        self.capacity = capacity
        let cells = max(1, positions * capacity)
        isolatedStep = .allocate(capacity: cells)
        isolatedEquity = .allocate(capacity: cells)
        isolatedFunding = .allocate(capacity: cells)
        isolatedCost = .allocate(capacity: cells)
        firstIsolatedStep = .allocate(capacity: capacity)
        isolatedTotal = .allocate(capacity: capacity)
        isolatedMinimum = .allocate(capacity: capacity)
    }

    deinit {
        isolatedStep.deallocate()
        isolatedEquity.deallocate()
        isolatedFunding.deallocate()
        isolatedCost.deallocate()
        firstIsolatedStep.deallocate()
        isolatedTotal.deallocate()
        isolatedMinimum.deallocate()
    }
}

/// Follows every path under both modes at once: the cross account with `run`'s own observer (into the
/// workspace's outcome arrays; skipped for `run` in isolated mode) and each position on its isolated margin.
/// Never stops a block early: both modes need every step.
struct MarginModesObserver: PathObserver {
    let state: ModesState
    let workspace: BlockWorkspace
    let modes: MarginModes
    var cross: LiquidationObserver?
    /// The valuation's rows, read once: isolated equity and margin, per-position funding and cost (-1: none),
    /// and each position's tiered schedule with its notional row.
    let isolatedRow: Int, fundingRow: Int, costRow: Int
    let tiers: [(row: Int, schedule: MarginSchedule)?]
    let unallocated: Double

    init(_ ws: BlockWorkspace, _ state: ModesState, _ modes: MarginModes) {
        self.state = state
        workspace = ws
        self.modes = modes
        let v = modes.valuation
        cross = modes.followsCross ? LiquidationObserver.forRun(ws, v) : nil
        isolatedRow = v.isolated!
        fundingRow = v.positionFunding ?? -1
        costRow = v.positionCost ?? -1
        tiers = v.tierRowOfPosition.map { row in row.map { ($0, v.tieredSchedules[$0 - v.tierNotionals!]) } }
        unallocated = modes.unallocated
    }

    /// Liquidates position i on path p at step s with equity e before its cost c.
    @inline(__always)
    func liquidate(_ i: Int, _ p: Int, step s: Int32, equity e: Double, cost c: Double) {
        let cap = state.capacity
        state.isolatedStep[i * cap + p] = s
        state.isolatedCost[i * cap + p] = c
        state.isolatedEquity[i * cap + p] = e - c
        if state.firstIsolatedStep[p] < 0 { state.firstIsolatedStep[p] = s }
    }

    mutating func start(count: Int, first e0: Double, second m0: Double) -> Bool {
        _ = cross?.start(count: count, first: e0, second: m0)
        let cap = state.capacity
        for p in 0..<count { state.firstIsolatedStep[p] = -1 }
        var total = modes.unallocated
        for i in 0..<state.positions {
            let e = modes.initialEquity(i), m = modes.initialMargin(i), c = modes.initialCost(i)
            total += e < m ? e - c : e
            for p in 0..<count {
                state.isolatedStep[i * cap + p] = -1
                state.isolatedEquity[i * cap + p] = e
                state.isolatedFunding[i * cap + p] = 0
                state.isolatedCost[i * cap + p] = 0
                if e < m { liquidate(i, p, step: 0, equity: e, cost: c) }
            }
        }
        for p in 0..<count {
            state.isolatedTotal[p] = total
            state.isolatedMinimum[p] = total
        }
        return true
    }

    mutating func observe(step: Int, count: Int, first eq: UnsafePointer<Double>, second mm: UnsafePointer<Double>) -> Bool {
        _ = cross?.observe(step: step, count: count, first: eq, second: mm)
        let s = Int32(step), cap = state.capacity, rows = workspace.extraForms
        let total = state.isolatedTotal
        for p in 0..<count { total[p] = unallocated }
        for i in 0..<state.positions {
            let row = isolatedRow + 2 * i
            let e = rows + row * cap, m = rows + (row + 1) * cap
            let st = state.isolatedStep + i * cap, eqi = state.isolatedEquity + i * cap, paid = state.isolatedFunding + i * cap
            let funding = fundingRow >= 0 ? rows + (fundingRow + i) * cap : nil
            let cost = costRow >= 0 ? rows + (costRow + i) * cap : nil
            let tier = tiers[i].map { (rows + $0.row * cap, $0.schedule) }
            for p in 0..<count {
                if st[p] < 0 {
                    if let funding { paid[p] += funding[p] }
                    let equity = e[p] - paid[p]
                    let margin = tier.map { $0.1.maintenance($0.0[p]) } ?? m[p]
                    eqi[p] = equity
                    if equity < margin { liquidate(i, p, step: s, equity: equity, cost: cost?[p] ?? 0) }
                }
                total[p] += eqi[p]
            }
        }
        for p in 0..<count where total[p] < state.isolatedMinimum[p] { state.isolatedMinimum[p] = total[p] }
        return true
    }

    /// The isolated account's outcome in the workspace's outcome arrays (for `run` in isolated mode): the first
    /// position liquidated, the total equity at the horizon (liquidated positions frozen after their costs),
    /// the lowest total, the costs paid and the bad debt, position by position.
    func writeIsolatedOutcomes(count: Int) {
        let cap = state.capacity
        for p in 0..<count {
            workspace.liquidationStep[p] = state.firstIsolatedStep[p]
            workspace.exitEquity[p] = state.isolatedTotal[p]
            workspace.minimumEquity[p] = state.isolatedMinimum[p]
            var paid = 0.0, badDebt = 0.0
            for i in 0..<state.positions {
                paid += state.isolatedCost[i * cap + p]
                badDebt += max(0, -state.isolatedEquity[i * cap + p])
            }
            workspace.liquidationCost[p] = paid
            workspace.badDebt[p] = badDebt
        }
    }
}
