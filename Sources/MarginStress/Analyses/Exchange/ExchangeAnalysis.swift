import Foundation

/// The analysis of `exchange`: every account of a book marked on the same paths at every step (no price impact
/// yet): a unit (a cross account, or one position of an isolated account) is liquidated at the first step its
/// margin surplus is negative (`BookValuation`), whole, at that step's prices; its bad debt is max(0, -equity).
///
/// The simulator draws the book's market (every asset some account holds) and hands this analysis the prices
/// (one extra linear form per simulated asset, the identity); the accounts are then valued asset row by asset row,
/// each unit over the block's paths at once. An account alone on the same market, run by `run`'s rule
/// (`RunAnalysis` with this market), is liquidated on exactly the same paths at the same steps.
/// - Complexity: O(paths x steps x (d² + terms)) for the book's terms; memory O(units x blockSize) bytes per worker.
public struct ExchangeAnalysis: BlockAnalysis {
    public let scenario: Scenario
    public let market: MarketModel
    public let valuation: BookValuation
    public let accounts: Int
    let packed: PackedBook
    let simulator: PathBlockSimulator
    /// Sketch scale: the book's gross notional at spot prices.
    public let scale: Double

    public init(book: AccountBook, scenario: Scenario) throws(LAPACKError) {
        self.scenario = scenario
        market = try MarketModel(scenario: scenario, used: BookValuation.usedAssets(book))
        valuation = BookValuation(book: book, scenario: scenario, market: market)
        accounts = book.count
        packed = PackedBook(valuation)
        let d = market.dimension
        let identity = (0..<d).map { k in (0..<d).map { $0 == k ? 1.0 : 0.0 } }
        let forms = LinearForms(firstConstant: 0, firstWeights: Array(repeating: 0, count: d), secondConstant: 0,
                                secondWeights: Array(repeating: 0, count: d), extraConstants: Array(repeating: 0, count: d),
                                extraWeights: identity)
        simulator = PathBlockSimulator(market: market, valuation: Valuation(forms: forms, market: market), steps: scenario.steps,
                                       seed: scenario.seed, antithetic: scenario.antithetic)
        scale = max(1, book.positions.reduce(0) { $0 + abs($1.quantity) * scenario.assets[$1.asset].price })
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let state: ExchangeState
        var result: ExchangePartial
        init(workspace: BlockWorkspace, state: ExchangeState, result: ExchangePartial) {
            self.workspace = workspace
            self.state = state
            self.result = result
        }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: market.dimension, extraForms: market.dimension),
               state: ExchangeState(units: packed.units, accounts: accounts, assets: market.dimension, steps: scenario.steps,
                                                capacity: BlockDriver.blockSize),
               result: emptyPartial())
    }

    public func emptyPartial() -> ExchangePartial {
        ExchangePartial(accounts: accounts, steps: scenario.steps, assets: market.dimension, scale: scale)
    }

    public func partial(of worker: Worker) -> ExchangePartial { worker.result }

    public func run(block: Int, count: Int, worker: Worker) {
        let st = worker.state
        var observer = ExchangeObserver(book: packed, state: st, prices: UnsafePointer(worker.workspace.extraForms),
                                        stride: worker.workspace.capacity, spot: market.spot)
        simulator.run(block: block, count: count, in: worker.workspace, observer: &observer)
        st.flush(count: count, into: &worker.result)
    }
}

/// Per-worker state of one block: per unit and path whether it has been liquidated, per account and path whether
/// the account has, per path the totals, and the counts to add to the worker's result.
public final class ExchangeState {
    let units: Int, accounts: Int, assets: Int, capacity: Int
    let unitDown: UnsafeMutablePointer<UInt8>
    let accountDown: UnsafeMutablePointer<UInt8>
    let unitAlive: UnsafeMutablePointer<Int32>
    let surplus: UnsafeMutablePointer<Double>
    let pathNotional: UnsafeMutablePointer<Double>
    let pathBadDebt: UnsafeMutablePointer<Double>
    let pathAccounts: UnsafeMutablePointer<Int32>
    let pathAssetNotional: UnsafeMutablePointer<Double>
    /// Counts of this block, added to the result by `flush`.
    var accountLiquidations: [Int]
    var accountBadDebtCents: [Int64]
    var byStep: [Int]
    /// For tests: the step at which each unit was liquidated on each path (`[u * capacity + p]`, -1 if not).
    public var unitSteps: UnsafeMutablePointer<Int32>? = nil

    init(units: Int, accounts: Int, assets: Int, steps: Int, capacity: Int) {
        self.units = units
        self.accounts = accounts
        self.assets = assets
        self.capacity = capacity
        unitDown = .allocate(capacity: max(1, units * capacity))
        accountDown = .allocate(capacity: max(1, accounts * capacity))
        unitAlive = .allocate(capacity: max(1, units))
        surplus = .allocate(capacity: capacity)
        surplus.initialize(repeating: 0, count: capacity)
        pathNotional = .allocate(capacity: capacity)
        pathBadDebt = .allocate(capacity: capacity)
        pathAccounts = .allocate(capacity: capacity)
        pathAssetNotional = .allocate(capacity: max(1, assets * capacity))
        accountLiquidations = Array(repeating: 0, count: accounts)
        accountBadDebtCents = Array(repeating: 0, count: accounts)
        byStep = Array(repeating: 0, count: steps + 1)
    }

    deinit {
        unitDown.deallocate()
        accountDown.deallocate()
        unitAlive.deallocate()
        surplus.deallocate()
        pathNotional.deallocate()
        pathBadDebt.deallocate()
        pathAccounts.deallocate()
        pathAssetNotional.deallocate()
    }

    /// Adds the block's per-path totals and counts into `r`.
    func flush(count: Int, into r: inout ExchangePartial) {
        r.paths += count
        for p in 0..<count {
            r.liquidatedAccounts.add(Double(pathAccounts[p]))
            r.liquidatedNotional.add(pathNotional[p])
            r.badDebt.add(pathBadDebt[p])
            r.sumLiquidatedNotional.add(pathNotional[p])
            r.sumBadDebt.add(pathBadDebt[p])
            if pathAccounts[p] > 0 { r.pathsWithLiquidation += 1 }
            if pathBadDebt[p] > 0 { r.pathsWithBadDebt += 1 }
            for k in 0..<assets { r.assetNotional[k].add(pathAssetNotional[k * capacity + p]) }
        }
        for a in 0..<accounts where accountLiquidations[a] != 0 || accountBadDebtCents[a] != 0 {
            r.accountLiquidations[a] += accountLiquidations[a]
            r.accountBadDebtCents[a] += accountBadDebtCents[a]
            accountLiquidations[a] = 0
            accountBadDebtCents[a] = 0
        }
        for t in byStep.indices {
            r.liquidationsByStep[t] += byStep[t]
            byStep[t] = 0
        }
    }
}

/// Values every unit of the book on the block's paths after each step and liquidates those below maintenance.
struct ExchangeObserver: PathObserver {
    let book: PackedBook
    let state: ExchangeState
    /// Price rows of the simulated assets (`[k * stride + p]`).
    let prices: UnsafePointer<Double>
    let stride: Int
    let spot: [Double]
    var alive = 0

    mutating func start(count: Int, first: Double, second: Double) -> Bool {
        let s = state, b = book, cap = s.capacity
        for p in 0..<count {
            s.pathNotional[p] = 0
            s.pathBadDebt[p] = 0
            s.pathAccounts[p] = 0
        }
        for k in 0..<s.assets { (s.pathAssetNotional + k * cap).update(repeating: 0, count: cap) }
        s.accountDown.update(repeating: 0, count: s.accounts * cap)
        s.unitDown.update(repeating: 0, count: b.units * cap)
        if let steps = s.unitSteps { steps.update(repeating: -1, count: b.units * cap) }
        alive = 0
        for u in 0..<b.units {
            if b.initialSurplus[u] < 0 {
                // Below maintenance at today's prices: liquidated at time 0 on every path, at spot.
                var notional = b.fixedNotional[u]
                for j in Int(b.termStart[u])..<Int(b.termStart[u + 1]) { notional += b.termNotional[j] * spot[Int(b.termAsset[j])] }
                for p in 0..<count {
                    for j in Int(b.termStart[u])..<Int(b.termStart[u + 1]) {
                        s.pathAssetNotional[Int(b.termAsset[j]) * cap + p] += b.termNotional[j] * spot[Int(b.termAsset[j])]
                    }
                    liquidate(u, p, step: 0, equity: b.initialEquity[u], notional: notional)
                }
                s.unitAlive[u] = 0
            } else {
                s.unitAlive[u] = Int32(count)
                alive += count
            }
        }
        return alive > 0
    }

    /// Records unit u's liquidation on path p.
    @inline(__always)
    func liquidate(_ u: Int, _ p: Int, step: Int, equity: Double, notional: Double) {
        let s = state, cap = s.capacity
        s.unitDown[u * cap + p] = 1
        s.unitSteps?[u * cap + p] = Int32(step)
        let a = Int(book.account[u])
        let debt = max(0, -equity)
        s.pathNotional[p] += notional
        s.pathBadDebt[p] += debt
        if debt > 0 { s.accountBadDebtCents[a] += Int64((debt * 100).rounded()) }
        if s.accountDown[a * cap + p] == 0 {
            s.accountDown[a * cap + p] = 1
            s.accountLiquidations[a] += 1
            s.pathAccounts[p] += 1
            s.byStep[step] += 1
        }
    }

    mutating func observe(step t: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
        let b = book, s = state, cap = s.capacity, sur = s.surplus, px = prices, rs = stride
        for u in 0..<b.units where s.unitAlive[u] > 0 {
            let c = b.surplusConstant[u]
            for p in 0..<count { sur[p] = c }
            let lo = Int(b.termStart[u]), hi = Int(b.termStart[u + 1])
            for j in lo..<hi {
                let row = px + Int(b.termAsset[j]) * rs, w = b.termSurplus[j]
                for p in 0..<count { sur[p] += w * row[p] }
            }
            for j in Int(b.tierStart[u])..<Int(b.tierStart[u + 1]) {
                let row = px + Int(b.tierAsset[j]) * rs, q = b.tierQuantity[j]
                for p in 0..<count { sur[p] -= b.maintenance(j, q * row[p]) }
            }
            let down = s.unitDown + u * cap
            for p in 0..<count where sur[p] < 0 && down[p] == 0 {
                var equity = b.equityConstant[u], notional = b.fixedNotional[u]
                for j in lo..<hi {
                    let price = px[Int(b.termAsset[j]) * rs + p]
                    equity += b.termEquity[j] * price
                    notional += b.termNotional[j] * price
                    s.pathAssetNotional[Int(b.termAsset[j]) * cap + p] += b.termNotional[j] * price
                }
                liquidate(u, p, step: t, equity: equity, notional: notional)
                s.unitAlive[u] -= 1
                alive -= 1
            }
        }
        return alive > 0
    }
}
