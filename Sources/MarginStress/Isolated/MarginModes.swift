/// Cross and isolated margin on the same paths.
///
/// Isolated: position i holds margin a_i (given, or the collateral value at the start split in proportion to
/// initial margin, or to maintenance margin when a position has no initial rate) and is liquidated alone at
/// the first step with a_i + q_i (P_i - e_i) < |q_i| m_i P_i. Collateral not allocated is not at risk. The
/// allocations are cash amounts fixed at the start: a volatile collateral asset's moves count in cross mode only.
public struct MarginModes: Sendable {
    /// Margin allocated to each position (in `Scenario.positions` order).
    public let allocation: [Double]
    /// Collateral value at the start not allocated to any position.
    public let unallocated: Double
    /// Cross equity and margin, and per position its isolated equity and margin (the valuation's `isolated` rows).
    public let valuation: Valuation

    public init(scenario: Scenario, market: MarketModel) {
        allocation = Self.allocation(scenario)
        unallocated = max(0, scenario.snapshot.collateralValue - allocation.reduce(0, +))
        valuation = Valuation(scenario: scenario, market: market, rows: .isolated, allocation: allocation)
    }

    /// Isolated equity of position i at spot prices.
    func initialEquity(_ i: Int) -> Double { valuation.initialExtra[valuation.isolated! + 2 * i] }
    /// Isolated maintenance margin of position i at spot prices.
    func initialMargin(_ i: Int) -> Double { valuation.initialExtra[valuation.isolated! + 2 * i + 1] }

    /// Explicit margins where given; the rest of the collateral value split over the other positions in
    /// proportion to initial margin (or maintenance margin when any of them has no initial rate; equally when
    /// those are all zero).
    public static func allocation(_ scenario: Scenario) -> [Double] {
        let positions = scenario.positions
        let fixed = positions.compactMap(\.isolatedMargin).reduce(0, +)
        let rest = max(0, scenario.snapshot.collateralValue - fixed)
        let open = positions.indices.filter { positions[$0].isolatedMargin == nil }
        let useInitial = open.allSatisfy { positions[$0].initialMarginRate != nil }
        func weight(_ i: Int) -> Double {
            let p = positions[i]
            let notional = abs(p.quantity) * scenario.assets[p.asset].price
            return notional * (useInitial ? p.initialMarginRate! : p.maintenanceMarginRate)
        }
        let total = open.reduce(0) { $0 + weight($1) }
        return positions.indices.map { i in
            if let given = positions[i].isolatedMargin { return given }
            return total > 0 ? rest * weight(i) / total : rest / Double(max(open.count, 1))
        }
    }
}

/// Per-path state of both modes for one block, owned by one worker.
final class ModesState: @unchecked Sendable {
    let positions: Int
    let capacity: Int
    /// Per position and path (`[i * capacity + p]`): isolated liquidation step (-1 if none) and its equity,
    /// frozen at liquidation.
    let isolatedStep: UnsafeMutablePointer<Int32>
    let isolatedEquity: UnsafeMutablePointer<Double>
    /// Per path: cross liquidation step and equity when it left; first isolated liquidation; lowest total
    /// isolated equity.
    let crossStep: UnsafeMutablePointer<Int32>
    let crossEquity: UnsafeMutablePointer<Double>
    let firstIsolatedStep: UnsafeMutablePointer<Int32>
    let isolatedMinimum: UnsafeMutablePointer<Double>
    /// Per path: total isolated equity (unallocated collateral plus every position's isolated equity).
    let isolatedTotal: UnsafeMutablePointer<Double>

    init(positions: Int, capacity: Int) {
        self.positions = positions
        self.capacity = capacity
        isolatedStep = .allocate(capacity: max(1, positions * capacity))
        isolatedEquity = .allocate(capacity: max(1, positions * capacity))
        crossStep = .allocate(capacity: capacity)
        crossEquity = .allocate(capacity: capacity)
        firstIsolatedStep = .allocate(capacity: capacity)
        isolatedMinimum = .allocate(capacity: capacity)
        isolatedTotal = .allocate(capacity: capacity)
    }

    deinit {
        isolatedStep.deallocate()
        isolatedEquity.deallocate()
        crossStep.deallocate()
        crossEquity.deallocate()
        firstIsolatedStep.deallocate()
        isolatedMinimum.deallocate()
        isolatedTotal.deallocate()
    }
}

/// Follows every path under both modes at once: the cross account (first two forms) and each position's
/// isolated margin (extra forms). Never stops a block early: both modes need every step.
struct MarginModesObserver: PathObserver {
    let state: ModesState
    let workspace: BlockWorkspace
    let modes: MarginModes

    init(_ ws: BlockWorkspace, _ state: ModesState, _ modes: MarginModes) {
        self.state = state
        workspace = ws
        self.modes = modes
    }

    mutating func start(count: Int, first e0: Double, second m0: Double) -> Bool {
        let cap = state.capacity
        let cross: Int32 = e0 < m0 ? 0 : -1
        var total = modes.unallocated
        var first: Int32 = -1
        for i in 0..<state.positions {
            let e = modes.initialEquity(i), m = modes.initialMargin(i)
            let step: Int32 = e < m ? 0 : -1
            if step == 0 { first = 0 }
            total += e
            for p in 0..<count {
                state.isolatedStep[i * cap + p] = step
                state.isolatedEquity[i * cap + p] = e
            }
        }
        for p in 0..<count {
            state.crossStep[p] = cross
            state.crossEquity[p] = e0
            state.firstIsolatedStep[p] = first
            state.isolatedTotal[p] = total
            state.isolatedMinimum[p] = total
        }
        return true
    }

    mutating func observe(step: Int, count: Int, first eq: UnsafePointer<Double>, second mm: UnsafePointer<Double>) -> Bool {
        let s = Int32(step), cap = state.capacity
        for p in 0..<count where state.crossStep[p] < 0 {
            state.crossEquity[p] = eq[p]
            if eq[p] < mm[p] { state.crossStep[p] = s }
        }
        let total = state.isolatedTotal
        for p in 0..<count { total[p] = modes.unallocated }
        for i in 0..<state.positions {
            let row = modes.valuation.isolated! + 2 * i
            let e = workspace.extraForms + row * cap, m = workspace.extraForms + (row + 1) * cap
            let st = state.isolatedStep + i * cap, eqi = state.isolatedEquity + i * cap
            for p in 0..<count {
                if st[p] < 0 {
                    eqi[p] = e[p]
                    if e[p] < m[p] {
                        st[p] = s
                        if state.firstIsolatedStep[p] < 0 { state.firstIsolatedStep[p] = s }
                    }
                }
                total[p] += eqi[p]
            }
        }
        for p in 0..<count where total[p] < state.isolatedMinimum[p] { state.isolatedMinimum[p] = total[p] }
        return true
    }

    /// The isolated account's outcome in the workspace's outcome arrays (for `run` in isolated mode): the first
    /// position liquidated, the total equity at the horizon (liquidated positions frozen), the lowest total.
    func writeIsolatedOutcomes(count: Int) {
        for p in 0..<count {
            workspace.liquidationStep[p] = state.firstIsolatedStep[p]
            workspace.exitEquity[p] = state.isolatedTotal[p]
            workspace.minimumEquity[p] = state.isolatedMinimum[p]
        }
    }
}
