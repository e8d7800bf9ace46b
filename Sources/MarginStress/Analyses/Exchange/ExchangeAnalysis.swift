import Foundation

/// The analysis of `exchange`: every account of a book marked on the same paths at every step: a unit (a cross
/// account, or one position of an isolated account) is liquidated at the first step its margin surplus is negative
/// (`BookValuation`), whole, at that step's prices (moved by the impact of earlier liquidations, `ExchangeRules`);
/// its bad debt is max(0, -equity), paid by the insurance fund while it lasts. With impact, the liquidations of a
/// round move prices and the accounts are marked again (the cascade) until a round liquidates nobody.
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
    public let rules: ExchangeRules

    public init(book: AccountBook, scenario: Scenario, rules: ExchangeRules? = nil) throws(LAPACKError) {
        self.scenario = scenario
        self.rules = rules ?? ExchangeRules(assets: scenario.assets.count)
        market = try MarketModel(scenario: scenario, used: BookValuation.usedAssets(book))
        valuation = BookValuation(book: book, scenario: scenario, market: market)
        accounts = book.count
        packed = PackedBook(valuation, assets: market.dimension)
        let d = market.dimension
        let identity = (0..<d).map { k in (0..<d).map { $0 == k ? 1.0 : 0.0 } }
        let forms = LinearForms(firstConstant: 0, firstWeights: Array(repeating: 0, count: d), secondConstant: 0,
                                secondWeights: Array(repeating: 0, count: d), extraConstants: Array(repeating: 0, count: d),
                                extraWeights: identity)
        simulator = PathBlockSimulator(market: market, valuation: Valuation(forms: forms, market: market), steps: scenario.steps,
                                       seed: scenario.seed, antithetic: scenario.antithetic)
        scale = max(1, book.positions.reduce(0) { $0 + abs($1.quantity) * scenario.assets[$1.asset].price })
        impact = Self.impactParameters(self.rules, scenario: scenario, market: market)
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
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: market.dimension, extraForms: market.dimension, modelStateWords: market.shockStateWordsPerPath),
               state: ExchangeState(units: packed.units, accounts: accounts, assets: market.dimension, steps: scenario.steps,
                                                capacity: BlockDriver.blockSize, maxRounds: rules.maxRounds),
               result: emptyPartial())
    }

    public func emptyPartial() -> ExchangePartial {
        ExchangePartial(accounts: accounts, steps: scenario.steps, assets: market.dimension, scale: scale, maxRounds: rules.maxRounds)
    }

    public func partial(of worker: Worker) -> ExchangePartial { worker.result }

    /// The rules in simulation order, for the observer: built once, not per block.
    var impact: ImpactParameters

    static func impactParameters(_ r: ExchangeRules, scenario: Scenario, market: MarketModel) -> ImpactParameters {
        let stepHours = scenario.stepDays * 24
        return ImpactParameters(
            active: r.hasImpact, squareRoot: r.law == .squareRoot,
            inverseDepth: market.simulated.map { r.depth[$0].map { 1 / $0 } ?? 0 },
            coefficient: market.simulated.map { r.coefficient[$0] },
            decay: r.halfLifeHours.isFinite ? Foundation.pow(2, -stepHours / r.halfLifeHours) : 1,
            maxRounds: r.maxRounds, fund: r.insuranceFund, feeRate: r.liquidationFeeRate, autoDeleverage: r.autoDeleverage,
            style: r.style == .full ? 0 : r.style == .chunks ? 1 : 2, chunkFraction: r.chunkFraction, chunkAbove: r.chunkAboveNotional,
            chunksPerStep: max(1, Int(min(1e9, stepHours * 3600 / r.cooldownSeconds))), backstop: r.backstopFraction,
            spreadToMaintenance: r.spreadToMaintenanceRatio, maximumPenalty: r.maximumPenalty, skipSafeUnits: true)
    }

    public func run(block: Int, count: Int, worker: Worker) {
        let st = worker.state
        var observer = ExchangeObserver(book: packed, state: st, deleverage: st.deleverage, prices: UnsafePointer(worker.workspace.extraForms),
                                        stride: worker.workspace.capacity, spot: market.spot, impact: impact)
        simulator.run(block: block, count: count, in: worker.workspace, observer: &observer)
        st.flush(count: count, into: &worker.result)
    }
}

/// The impact and fund rules as the observer reads them, per simulated asset.
struct ImpactParameters: Sendable {
    var active: Bool
    var squareRoot: Bool
    /// 1 / depth (0: no impact on that asset).
    var inverseDepth: [Double]
    var coefficient: [Double]
    /// Factor on the accumulated log-impact per step.
    var decay: Double
    var maxRounds: Int
    var fund: Double
    var feeRate: Double
    /// Whether bad debt beyond the fund is closed against the ranked opposite positions (`autoDeleverage`).
    var autoDeleverage: Bool
    /// Liquidation style (0 full, 1 Hyperliquid chunks, 2 dYdX fillable price) and its figures (`ExchangeRules`).
    var style: Int
    var chunkFraction: Double
    var chunkAbove: Double
    var chunksPerStep: Int
    var backstop: Double
    var spreadToMaintenance: Double
    var maximumPenalty: Double
    /// Whether units whose surplus is provably non-negative on every path are skipped (`SurplusBound`); false only
    /// in the test that shows the skip changes nothing.
    var skipSafeUnits: Bool
}

/// Values every unit of the book on the block's paths after each step, liquidates those below maintenance, and
/// (with impact) lets their flow move prices and marks again until a round liquidates nobody.
struct ExchangeObserver: PathObserver {
    let book: PackedBook
    let state: ExchangeState
    let deleverage: DeleverageState
    /// Price rows of the simulated assets (`[k * stride + p]`).
    let prices: UnsafePointer<Double>
    let stride: Int
    let spot: [Double]
    let impact: ImpactParameters
    var alive = 0

    mutating func start(count: Int, first: Double, second: Double) -> Bool {
        let s = state, b = book, cap = s.capacity
        for p in 0..<count {
            s.pathNotional[p] = 0
            s.pathBadDebt[p] = 0
            s.pathAccounts[p] = 0
            s.fund[p] = impact.fund
            s.fundLoss[p] = 0
            s.uncovered[p] = 0
            s.depth[p] = 0
            s.exhaustedAt[p] = -1
            s.atCap[p] = 0
            s.fees[p] = 0
            s.chunks[p] = 0
            s.backstops[p] = 0
        }
        for k in 0..<s.assets {
            (s.pathAssetNotional + k * cap).update(repeating: 0, count: cap)
            (s.impact + k * cap).update(repeating: 0, count: cap)
            (s.marked + k * cap).update(repeating: spot[k], count: cap)
        }
        s.accountDown.update(repeating: 0, count: s.accounts * cap)
        deleverage.reset(count: count, account: b.account)
        s.unitDown.update(repeating: 0, count: b.units * cap)
        if let steps = s.unitSteps { steps.update(repeating: -1, count: b.units * cap) }
        for u in 0..<b.units { s.unitAlive[u] = Int32(count) }
        alive = b.units * count
        // Accounts below maintenance at today's prices are liquidated at time 0 (and may start a cascade).
        settle(step: 0, count: count)
        return alive > 0
    }

    mutating func observe(step t: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool {
        let s = state, cap = s.capacity
        for k in 0..<s.assets {
            let row = prices + k * stride, m = s.marked + k * cap, im = s.impact + k * cap
            if impact.active && impact.inverseDepth[k] > 0 {
                let decay = impact.decay
                for p in 0..<count {
                    im[p] *= decay
                    m[p] = row[p] * Foundation.exp(im[p])
                }
            } else {
                m.update(from: row, count: count)
            }
        }
        settle(step: t, count: count)
        return alive > 0
    }

    /// The rounds of one step: mark every unit at the marked prices, liquidate, move prices by the flow, repeat.
    mutating func settle(step t: Int, count: Int) {
        let s = state, cap = s.capacity
        var round = 0
        while true {
            if impact.active { for k in 0..<s.assets { (s.flow + k * cap).update(repeating: 0, count: count) } }
            for p in 0..<count { s.fell[p] = 0 }
            let any = markRound(step: t, count: count)
            if !any { break }
            round += 1
            for p in 0..<count where s.fell[p] != 0 { s.depth[p] = max(s.depth[p], Int32(round)) }
            guard impact.active else { break }
            // The round's net flow moves each asset's log-price (also in the last round allowed: the trades
            // happened; the accounts are marked at the moved prices at the next step).
            for k in 0..<s.assets where impact.inverseDepth[k] > 0 {
                let f = s.flow + k * cap, im = s.impact + k * cap, m = s.marked + k * cap
                let c = impact.coefficient[k], inv = impact.inverseDepth[k]
                for p in 0..<count where f[p] != 0 {
                    let x = f[p] * inv
                    let move = impact.squareRoot ? c * (x < 0 ? -(-x).squareRoot() : x.squareRoot()) : c * x
                    im[p] += move
                    m[p] *= Foundation.exp(move)
                }
            }
            if round >= impact.maxRounds {
                for p in 0..<count where s.fell[p] != 0 { s.atCap[p] = 1 }
                break
            }
        }
    }

    /// Marks every unit still open at the marked prices and liquidates those below maintenance; true when some fell.
    mutating func markRound(step t: Int, count: Int) -> Bool {
        let b = book, s = state, cap = s.capacity, sur = s.surplus, px = UnsafePointer(s.marked)
        var any = false
        let skip = impact.skipSafeUnits
        if skip { priceBox(count: count) }
        for u in 0..<b.units where s.unitAlive[u] > 0 {
            if skip && cannotFall(u) { continue }
            let c = b.surplusConstant[u]
            for p in 0..<count { sur[p] = c }
            let lo = Int(b.termStart[u]), hi = Int(b.termStart[u + 1])
            for j in lo..<hi {
                let row = px + Int(b.termAsset[j]) * cap, w = b.termSurplus[j]
                for p in 0..<count { sur[p] += w * row[p] }
            }
            for j in Int(b.tierStart[u])..<Int(b.tierStart[u + 1]) {
                let row = px + Int(b.tierAsset[j]) * cap, q = b.tierQuantity[j]
                for p in 0..<count { sur[p] -= b.maintenance(j, q * row[p]) }
            }
            let down = s.unitDown + u * cap
            var e = Int(deleverage.head[u])
            while e >= 0 {
                let p = Int(deleverage.entryPath[e])
                if p < count && down[p] == 0 { sur[p] += entryEffect(e, flow: false).surplus }
                e = Int(deleverage.entryNext[e])
            }
            // Most units fall on no path; a branch-free pass (vectorised) says so before the loop that liquidates,
            // whose test mispredicts on the paths where the unit is already down with a negative surplus.
            var falls: UInt8 = 0
            for p in 0..<count { falls |= (sur[p] < 0 ? 1 : 0) & (down[p] == 0 ? 1 : 0) }
            if falls == 0 { continue }
            for p in 0..<count where sur[p] < 0 && down[p] == 0 {
                var equity = b.equityConstant[u], notional = b.fixedNotional[u]
                for j in lo..<hi {
                    let k = Int(b.termAsset[j]), price = px[k * cap + p]
                    equity += b.termEquity[j] * price
                    notional += b.termNotional[j] * price
                }
                if deleverage.head[u] >= 0 {
                    let c = correctionEffect(u, p, flow: false)
                    equity += c.equity
                    notional += c.notional
                }
                var market = true, feeRate = impact.feeRate
                if impact.style == 1 {
                    if equity < impact.backstop * (equity - sur[p]) {
                        market = false  // the backstop takes the unit whole, off the market
                        s.backstops[p] += 1
                    } else if notional > impact.chunkAbove {
                        if chunk(u, p, step: t, equity: equity) {
                            s.fell[p] = 1
                            any = true
                        }
                        continue
                    }
                } else if impact.style == 2 {
                    feeRate = fillablePenalty(equity: equity, maintenance: equity - sur[p], notional: notional)
                }
                for j in lo..<hi {
                    let k = Int(b.termAsset[j]), price = px[k * cap + p]
                    s.pathAssetNotional[k * cap + p] += b.termNotional[j] * price
                    // Closing the unit trades against its equity weight: a long (positive weight) is sold.
                    if impact.active && market { s.flow[k * cap + p] -= b.termEquity[j] * price }
                }
                if deleverage.head[u] >= 0 { _ = correctionEffect(u, p, flow: true, market: market) }
                liquidate(u, p, step: t, equity: equity, notional: notional, feeRate: feeRate)
                s.fell[p] = 1
                s.unitAlive[u] -= 1
                alive -= 1
                any = true
            }
        }
        return any
    }

    /// Records unit u's liquidation on path p: fee to the fund out of what equity is left, bad debt from the fund.
    @inline(__always)
    func liquidate(_ u: Int, _ p: Int, step: Int, equity: Double, notional: Double, feeRate: Double) {
        let s = state, cap = s.capacity
        s.unitDown[u * cap + p] = 1
        s.unitSteps?[u * cap + p] = Int32(step)
        let a = Int(book.account[u])
        let debt = max(0, -equity)
        s.pathNotional[p] += notional
        s.pathBadDebt[p] += debt
        if equity > 0 {
            let fee = min(equity, feeRate * notional)
            s.fund[p] += fee
            s.fees[p] += fee
        }
        if debt > 0 {
            s.accountBadDebtCents[a] &+= cents(debt)
            let paid = min(debt, max(0, s.fund[p]))
            s.fund[p] -= paid
            s.fundLoss[p] += paid
            if paid < debt {
                s.uncovered[p] += debt - paid
                if s.exhaustedAt[p] < 0 { s.exhaustedAt[p] = Int32(step) }
                if impact.autoDeleverage { autoDeleverage(u, p, uncovered: debt - paid) } else { deleverage.unabsorbed[p] += debt - paid }
            }
        }
        countAccount(a, p, step: step)
    }

    /// Counts account a as liquidated on path p at `step`, the first time.
    @inline(__always)
    func countAccount(_ a: Int, _ p: Int, step: Int) {
        let s = state, cap = s.capacity
        if s.accountDown[a * cap + p] == 0 {
            s.accountDown[a * cap + p] = 1
            s.accountLiquidations[a] += 1
            s.pathAccounts[p] += 1
            s.byStep[step] += 1
        }
    }
}

/// x in hundredths, rounded, saturating at +-2^62 (so that sums of a few of them cannot overflow either; amounts that
/// large only arise from runaway impact settings).
@inline(__always)
func cents(_ x: Double) -> Int64 {
    let c = (x * 100).rounded()
    return c.isNaN ? 0 : Int64(max(-4.6e18, min(4.6e18, c)))
}
