/// A book of accounts reduced to what the per-step loop reads: margin units, each a linear margin surplus in the
/// simulated prices plus tiered terms.
///
/// A cross account is one unit; an isolated account is one unit per position, on its allocated margin
/// (`allocation`, the rule of `run`). For unit u with simulated prices P_k:
///
///     S_u = surplusConstant_u + sum_k surplusWeight_u,k P_k - sum_j MM_j(|q_j| P_k(j))     (tiered terms j)
///     E_u = equityConstant_u + sum_k equityWeight_u,k P_k
///
/// S is equity less maintenance margin (flat rates fold into the weights, prices that do not move into the
/// constants); the unit is liquidated at the first step with S < 0, and its bad debt is max(0, -E) then. The
/// weights are stored sparsely: unit u's simulated terms at `termStart[u] ..< termStart[u + 1]`.
public struct BookValuation: Sendable {
    public let unitCount: Int
    /// The account of each unit.
    public let account: [Int32]
    public let surplusConstant: [Double]
    public let equityConstant: [Double]
    /// Notional at prices that do not move (added to the unit's liquidated notional).
    public let fixedNotional: [Double]
    public let termStart: [Int32]
    /// Per term: simulated asset, surplus weight, equity weight, |q| (notional weight).
    public let termAsset: [Int32]
    public let termSurplus: [Double]
    public let termEquity: [Double]
    public let termNotional: [Double]
    /// Per term, the positions alone (for auto-deleveraging): net quantity q, flat maintenance weight |q| x rate
    /// (0 for tiered positions), and entry cost q x entry price.
    public let termQuantity: [Double]
    public let termFlat: [Double]
    public let termCost: [Double]
    /// Tiered terms of each unit at `tierStart[u] ..< tierStart[u + 1]`: simulated asset, |q|, schedule.
    public let tierStart: [Int32]
    public let tierAsset: [Int32]
    public let tierQuantity: [Double]
    public let tierSchedule: [MarginSchedule]
    /// S and E of each unit at spot prices.
    public let initialSurplus: [Double]
    public let initialEquity: [Double]

    public init(book: AccountBook, scenario: Scenario, market: MarketModel) {
        let simulatedIndex = Dictionary(uniqueKeysWithValues: market.simulated.enumerated().map { ($1, $0) })
        var account: [Int32] = [], sc: [Double] = [], ec: [Double] = [], fixed: [Double] = [], start: [Int32] = [0]
        var tAsset: [Int32] = [], tS: [Double] = [], tE: [Double] = [], tN: [Double] = []
        var tQ: [Double] = [], tF: [Double] = [], tC: [Double] = []
        var tierStart: [Int32] = [0], tierAsset: [Int32] = [], tierQ: [Double] = [], tierSchedule: [MarginSchedule] = []
        var s0: [Double] = [], e0: [Double] = []
        let price = scenario.assets.map(\.price)
        /// Adds one unit from its cash, collateral and positions.
        func unit(_ a: Int, cash: Double, collateral: ArraySlice<Scenario.Collateral>, positions: ArraySlice<Scenario.Position>) {
            var s = cash, e = cash, notional = 0.0, initialS = 0.0
            var weights: [Int: (s: Double, e: Double, n: Double, q: Double, f: Double, c: Double)] = [:]
            for c in collateral {
                let v = c.amount * (1 - c.haircut)
                if let k = simulatedIndex[c.asset] { weights[k, default: (0, 0, 0, 0, 0, 0)].s += v; weights[k, default: (0, 0, 0, 0, 0, 0)].e += v } else {
                    s += v * price[c.asset]
                    e += v * price[c.asset]
                }
            }
            for p in positions {
                s -= p.quantity * p.entryPrice
                e -= p.quantity * p.entryPrice
                let flat = p.schedule == nil ? p.maintenanceMarginRate : 0
                if let k = simulatedIndex[p.asset] {
                    weights[k, default: (0, 0, 0, 0, 0, 0)].s += p.quantity - abs(p.quantity) * flat
                    weights[k, default: (0, 0, 0, 0, 0, 0)].e += p.quantity
                    weights[k, default: (0, 0, 0, 0, 0, 0)].n += abs(p.quantity)
                    weights[k, default: (0, 0, 0, 0, 0, 0)].q += p.quantity
                    weights[k, default: (0, 0, 0, 0, 0, 0)].f += abs(p.quantity) * flat
                    weights[k, default: (0, 0, 0, 0, 0, 0)].c += p.quantity * p.entryPrice
                    if let schedule = p.schedule {
                        tierAsset.append(Int32(k))
                        tierQ.append(abs(p.quantity))
                        tierSchedule.append(schedule)
                        initialS -= schedule.maintenance(abs(p.quantity) * price[p.asset])
                    }
                } else {
                    s += p.quantity * price[p.asset] - p.maintenance(atNotional: abs(p.quantity) * price[p.asset])
                    e += p.quantity * price[p.asset]
                    notional += abs(p.quantity) * price[p.asset]
                }
            }
            var initialE = e
            initialS += s
            for k in weights.keys.sorted() {
                let w = weights[k]!
                tAsset.append(Int32(k))
                tS.append(w.s)
                tE.append(w.e)
                tN.append(w.n)
                tQ.append(w.q)
                tF.append(w.f)
                tC.append(w.c)
                initialS += w.s * market.spot[k]
                initialE += w.e * market.spot[k]
            }
            account.append(Int32(a))
            sc.append(s)
            ec.append(e)
            fixed.append(notional)
            start.append(Int32(tAsset.count))
            tierStart.append(Int32(tierAsset.count))
            s0.append(initialS)
            e0.append(initialE)
        }
        for a in 0..<book.count {
            let positions = book.positions[book.positionStart[a]..<book.positionStart[a + 1]]
            let collateral = book.collateral[book.collateralStart[a]..<book.collateralStart[a + 1]]
            switch book.modes[a] {
            case .cross:
                unit(a, cash: 0, collateral: collateral, positions: positions)
            case .isolated:
                let allocation = MarginModes.allocation(book.scenario(account: a, market: scenario))
                for (i, p) in positions.enumerated() { unit(a, cash: allocation[i], collateral: [], positions: [p]) }
            }
        }
        unitCount = account.count
        self.account = account
        surplusConstant = sc
        equityConstant = ec
        fixedNotional = fixed
        termStart = start
        termAsset = tAsset
        termSurplus = tS
        termEquity = tE
        termNotional = tN
        termQuantity = tQ
        termFlat = tF
        termCost = tC
        self.tierStart = tierStart
        self.tierAsset = tierAsset
        tierQuantity = tierQ
        self.tierSchedule = tierSchedule
        initialSurplus = s0
        initialEquity = e0
    }

    /// The assets whose prices matter to some account of `book`.
    public static func usedAssets(_ book: AccountBook) -> Set<Int> {
        Set(book.positions.filter { $0.quantity != 0 }.map(\.asset))
            .union(book.collateral.filter { $0.amount != 0 && $0.haircut < 1 }.map(\.asset))
    }
}
