/// Per-worker state of one block: per unit and path whether it has been liquidated, per account and path whether
/// the account has, per path the totals, impact and fund, and the counts to add to the worker's result.
public final class ExchangeState {
    let units: Int, accounts: Int, assets: Int, capacity: Int, maxRounds: Int
    let unitDown: UnsafeMutablePointer<UInt8>
    let accountDown: UnsafeMutablePointer<UInt8>
    let unitAlive: UnsafeMutablePointer<Int32>
    let surplus: UnsafeMutablePointer<Double>
    let pathNotional: UnsafeMutablePointer<Double>
    let pathBadDebt: UnsafeMutablePointer<Double>
    let pathAccounts: UnsafeMutablePointer<Int32>
    let pathAssetNotional: UnsafeMutablePointer<Double>
    /// Per asset and path: accumulated log-impact, this round's net flow (quote currency, buying positive),
    /// and the prices the accounts are marked at (simulated price x e^impact).
    let impact: UnsafeMutablePointer<Double>
    let flow: UnsafeMutablePointer<Double>
    let marked: UnsafeMutablePointer<Double>
    /// Per path: fund balance, fund loss, bad debt beyond the fund, deepest cascade, step the fund ran out (-1),
    /// whether a cascade hit the round cap, whether this round liquidated anyone.
    let fund: UnsafeMutablePointer<Double>
    let fundLoss: UnsafeMutablePointer<Double>
    let uncovered: UnsafeMutablePointer<Double>
    let depth: UnsafeMutablePointer<Int32>
    let exhaustedAt: UnsafeMutablePointer<Int32>
    let atCap: UnsafeMutablePointer<UInt8>
    let fell: UnsafeMutablePointer<UInt8>
    /// Per path: fees paid into the fund, chunks closed, units taken by the backstop.
    let fees: UnsafeMutablePointer<Double>
    let chunks: UnsafeMutablePointer<Int32>
    let backstops: UnsafeMutablePointer<Int32>
    /// Per simulated asset: the least and greatest marked price over the block's paths in this round (`SurplusBound`).
    let lowPrice: UnsafeMutablePointer<Double>
    let highPrice: UnsafeMutablePointer<Double>
    /// Counts of this block, added to the result by `flush`.
    var accountLiquidations: [Int]
    var accountBadDebtCents: [Int64]
    var byStep: [Int]
    /// Auto-deleveraging's corrections and totals.
    let deleverage: DeleverageState
    /// For tests: the step at which each unit was liquidated on each path (`[u * capacity + p]`, -1 if not).
    public var unitSteps: UnsafeMutablePointer<Int32>? = nil

    init(units: Int, accounts: Int, assets: Int, steps: Int, capacity: Int, maxRounds: Int) {
        self.units = units
        self.accounts = accounts
        self.assets = assets
        self.capacity = capacity
        self.maxRounds = maxRounds
        func doubles(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
            p.initialize(repeating: 0, count: max(1, n))
            return p
        }
        unitDown = .allocate(capacity: max(1, units * capacity))
        accountDown = .allocate(capacity: max(1, accounts * capacity))
        unitAlive = .allocate(capacity: max(1, units))
        surplus = doubles(capacity)
        pathNotional = doubles(capacity)
        pathBadDebt = doubles(capacity)
        pathAccounts = .allocate(capacity: capacity)
        pathAssetNotional = doubles(assets * capacity)
        impact = doubles(assets * capacity)
        flow = doubles(assets * capacity)
        marked = doubles(assets * capacity)
        fund = doubles(capacity)
        fundLoss = doubles(capacity)
        uncovered = doubles(capacity)
        depth = .allocate(capacity: capacity)
        exhaustedAt = .allocate(capacity: capacity)
        atCap = .allocate(capacity: capacity)
        fell = .allocate(capacity: capacity)
        fees = doubles(capacity)
        chunks = .allocate(capacity: capacity)
        backstops = .allocate(capacity: capacity)
        lowPrice = doubles(assets)
        highPrice = doubles(assets)
        accountLiquidations = Array(repeating: 0, count: accounts)
        accountBadDebtCents = Array(repeating: 0, count: accounts)
        byStep = Array(repeating: 0, count: steps + 1)
        deleverage = DeleverageState(units: units, accounts: accounts, assets: assets, capacity: capacity)
    }

    deinit {
        unitDown.deallocate()
        accountDown.deallocate()
        unitAlive.deallocate()
        for p in [surplus, pathNotional, pathBadDebt, pathAssetNotional, impact, flow, marked, fund, fundLoss, uncovered, fees, lowPrice, highPrice] { p.deallocate() }
        chunks.deallocate()
        backstops.deallocate()
        pathAccounts.deallocate()
        depth.deallocate()
        exhaustedAt.deallocate()
        atCap.deallocate()
        fell.deallocate()
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
            r.fundLoss.add(fundLoss[p])
            r.uncoveredBadDebt.add(uncovered[p])
            r.sumFundLoss.add(fundLoss[p])
            r.sumUncovered.add(uncovered[p])
            if exhaustedAt[p] >= 0 { r.fundExhaustedByStep[Int(exhaustedAt[p])] += 1 }
            r.cascadeDepth[min(Int(depth[p]), r.cascadeDepth.count - 1)] += 1
            if atCap[p] != 0 { r.pathsAtRoundCap += 1 }
            r.sumFees.add(fees[p])
            r.chunks += Int(chunks[p])
            r.backstops += Int(backstops[p])
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
        deleverage.flush(count: count, into: &r)
    }
}
