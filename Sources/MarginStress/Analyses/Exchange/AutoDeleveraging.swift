import Foundation

/// Per-worker state of auto-deleveraging (ADL) in one block: the positions it has reduced, as sparse corrections
/// of the book's units on single paths, and the per-path and per-account totals.
///
/// A correction of unit u's term j (its positions on asset k) on path p holds the fraction f of the positions left
/// and the cash c the closed part realised. At price P the unit's equity changes by (f - 1) q P + c, its notional by
/// (f - 1) |q| P, and its surplus by that equity change, less (f - 1) x the flat maintenance weight x P, plus
/// MM(|q_t| P) - MM(f |q_t| P) for each tiered position t on asset k. Corrections are rare (only after the fund is
/// exhausted), so they are kept as lists: one per unit (all paths), and one per unit and path, found by hashing.
final class DeleverageState {
    let units: Int, accounts: Int, assets: Int, capacity: Int
    /// First correction of each unit in this block (-1: none); the list links by `next`.
    let head: UnsafeMutablePointer<Int32>
    var entryCapacity: Int
    var entries = 0
    var entryUnit: UnsafeMutablePointer<Int32>
    var entryPath: UnsafeMutablePointer<Int32>
    var entryTerm: UnsafeMutablePointer<Int32>
    var entryNext: UnsafeMutablePointer<Int32>
    /// The next entry of the same unit and path (-1: none).
    var entryPathNext: UnsafeMutablePointer<Int32>
    /// Open-addressing table from key u x capacity + p to the first entry of (u, p); `slots` a power of two.
    var slots: Int
    var slotKey: UnsafeMutablePointer<Int>
    var slotEntry: UnsafeMutablePointer<Int32>
    var entryFraction: UnsafeMutablePointer<Double>
    var entryCash: UnsafeMutablePointer<Double>
    /// Liquidation chunks (Hyperliquid style), kept on the unit's first position term: the step of the last ones and
    /// how many were closed in it.
    var entryChunkStep: UnsafeMutablePointer<Int32>
    var entryChunks: UnsafeMutablePointer<Int32>
    /// Candidates of one ADL: unit, term, quantity available, ranking score; and their order.
    let candidateUnit: UnsafeMutablePointer<Int32>
    let candidateTerm: UnsafeMutablePointer<Int32>
    let candidateQuantity: UnsafeMutablePointer<Double>
    let candidateScore: UnsafeMutablePointer<Double>
    let order: UnsafeMutablePointer<Int32>
    /// Per path: ADL notional (at the bankruptcy prices), bad debt it covered (the winners' loss against the mark),
    /// bad debt nobody absorbed (no opposite position left), positions closed; per asset and path, ADL notional.
    let notional: UnsafeMutablePointer<Double>
    let covered: UnsafeMutablePointer<Double>
    let unabsorbed: UnsafeMutablePointer<Double>
    let positions: UnsafeMutablePointer<Int32>
    let assetNotional: UnsafeMutablePointer<Double>
    /// Per account and path: whether ADL reduced it; per account, the block's counts.
    let accountHit: UnsafeMutablePointer<UInt8>
    var accountPaths: [Int]
    var accountLossCents: [Int64]
    var accountNotionalCents: [Int64]

    init(units: Int, accounts: Int, assets: Int, capacity: Int) {
        self.units = units
        self.accounts = accounts
        self.assets = assets
        self.capacity = capacity
        head = .allocate(capacity: max(1, units))
        head.initialize(repeating: -1, count: max(1, units))
        entryCapacity = 4 * capacity
        entryUnit = .allocate(capacity: entryCapacity)
        entryPath = .allocate(capacity: entryCapacity)
        entryTerm = .allocate(capacity: entryCapacity)
        entryNext = .allocate(capacity: entryCapacity)
        entryPathNext = .allocate(capacity: entryCapacity)
        slots = 4 * entryCapacity
        slotKey = .allocate(capacity: slots)
        slotKey.initialize(repeating: -1, count: slots)
        slotEntry = .allocate(capacity: slots)
        entryFraction = .allocate(capacity: entryCapacity)
        entryCash = .allocate(capacity: entryCapacity)
        entryChunkStep = .allocate(capacity: entryCapacity)
        entryChunks = .allocate(capacity: entryCapacity)
        candidateUnit = .allocate(capacity: max(1, units))
        candidateTerm = .allocate(capacity: max(1, units))
        candidateQuantity = .allocate(capacity: max(1, units))
        candidateScore = .allocate(capacity: max(1, units))
        order = .allocate(capacity: max(1, units))
        notional = .allocate(capacity: capacity)
        covered = .allocate(capacity: capacity)
        unabsorbed = .allocate(capacity: capacity)
        positions = .allocate(capacity: capacity)
        assetNotional = .allocate(capacity: max(1, assets * capacity))
        accountHit = .allocate(capacity: max(1, accounts * capacity))
        accountHit.initialize(repeating: 0, count: max(1, accounts * capacity))
        accountPaths = Array(repeating: 0, count: accounts)
        accountLossCents = Array(repeating: 0, count: accounts)
        accountNotionalCents = Array(repeating: 0, count: accounts)
    }

    deinit {
        head.deallocate()
        entryUnit.deallocate(); entryPath.deallocate(); entryTerm.deallocate(); entryNext.deallocate(); entryPathNext.deallocate()
        slotKey.deallocate(); slotEntry.deallocate()
        entryFraction.deallocate(); entryCash.deallocate(); entryChunkStep.deallocate(); entryChunks.deallocate()
        candidateUnit.deallocate(); candidateTerm.deallocate(); candidateQuantity.deallocate(); candidateScore.deallocate()
        order.deallocate()
        notional.deallocate(); covered.deallocate(); unabsorbed.deallocate(); positions.deallocate()
        assetNotional.deallocate()
        accountHit.deallocate()
    }

    /// Clears the block's corrections and per-path totals.
    func reset(count: Int, account: UnsafeMutablePointer<Int32>) {
        for e in 0..<entries {
            head[Int(entryUnit[e])] = -1
            accountHit[Int(account[Int(entryUnit[e])]) * capacity + Int(entryPath[e])] = 0
        }
        if entries > 0 { slotKey.update(repeating: -1, count: slots) }
        entries = 0
        for p in 0..<count {
            notional[p] = 0
            covered[p] = 0
            unabsorbed[p] = 0
            positions[p] = 0
        }
        assetNotional.update(repeating: 0, count: max(1, assets * capacity))
    }

    /// The slot of key (u, p): where it is, or the empty slot where it goes.
    @inline(__always)
    func slot(_ key: Int) -> Int {
        var i = (key &* 0x9E37_79B9) & (slots - 1)
        while slotKey[i] != -1 && slotKey[i] != key { i = (i + 1) & (slots - 1) }
        return i
    }

    /// The first correction of unit u on path p (-1: none).
    @inline(__always)
    func first(_ u: Int, _ p: Int) -> Int {
        if head[u] < 0 { return -1 }
        let i = slot(u * capacity + p)
        return slotKey[i] == -1 ? -1 : Int(slotEntry[i])
    }

    /// The correction of unit u's term j on path p, created (f = 1, c = 0) when absent.
    func entry(_ u: Int, _ j: Int, _ p: Int) -> Int {
        var e = first(u, p)
        while e >= 0 {
            if entryTerm[e] == Int32(j) { return e }
            e = Int(entryPathNext[e])
        }
        if entries == entryCapacity { grow() }
        let n = entries
        entries += 1
        entryUnit[n] = Int32(u)
        entryPath[n] = Int32(p)
        entryTerm[n] = Int32(j)
        entryFraction[n] = 1
        entryCash[n] = 0
        entryChunkStep[n] = -1
        entryChunks[n] = 0
        entryNext[n] = head[u]
        head[u] = Int32(n)
        let i = slot(u * capacity + p)
        entryPathNext[n] = slotKey[i] == -1 ? -1 : slotEntry[i]
        slotKey[i] = u * capacity + p
        slotEntry[i] = Int32(n)
        return n
    }

    /// The fraction of unit u's term j left on path p.
    @inline(__always)
    func fraction(_ u: Int, _ j: Int, _ p: Int) -> Double {
        var e = first(u, p)
        while e >= 0 {
            if entryTerm[e] == Int32(j) { return entryFraction[e] }
            e = Int(entryPathNext[e])
        }
        return 1
    }

    private func grow() {
        let n = entryCapacity * 2
        func moved<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let q = UnsafeMutablePointer<T>.allocate(capacity: n)
            q.moveInitialize(from: p, count: entryCapacity)
            p.deallocate()
            return q
        }
        entryUnit = moved(entryUnit)
        entryPath = moved(entryPath)
        entryTerm = moved(entryTerm)
        entryNext = moved(entryNext)
        entryPathNext = moved(entryPathNext)
        entryFraction = moved(entryFraction)
        entryCash = moved(entryCash)
        entryChunkStep = moved(entryChunkStep)
        entryChunks = moved(entryChunks)
        entryCapacity = n
        // Rehash into a table four times the entries' capacity.
        slotKey.deallocate()
        slotEntry.deallocate()
        slots = 4 * n
        slotKey = .allocate(capacity: slots)
        slotKey.initialize(repeating: -1, count: slots)
        slotEntry = .allocate(capacity: slots)
        // The head of (u, p) is its newest entry: in creation order, the last one written stays.
        for e in 0..<entries {
            let key = Int(entryUnit[e]) * capacity + Int(entryPath[e]), i = slot(key)
            slotKey[i] = key
            slotEntry[i] = Int32(e)
        }
    }

    /// Adds the block's ADL totals into `r`.
    func flush(count: Int, into r: inout ExchangePartial) {
        for p in 0..<count {
            r.adlNotional.add(notional[p])
            r.sumADLNotional.add(notional[p])
            r.sumADLCovered.add(covered[p])
            r.sumUnabsorbed.add(unabsorbed[p])
            r.adlPositions += Int(positions[p])
            if positions[p] > 0 { r.pathsWithADL += 1 }
            for k in 0..<assets {
                let x = assetNotional[k * capacity + p]
                r.adlAssetNotional[k].add(x)
                r.sumADLAssetNotional[k].add(x)
            }
        }
        for a in 0..<accounts where accountPaths[a] != 0 {
            r.accountDeleveraged[a] += accountPaths[a]
            r.accountADLLossCents[a] += accountLossCents[a]
            r.accountADLNotionalCents[a] += accountNotionalCents[a]
            accountPaths[a] = 0
            accountLossCents[a] = 0
            accountNotionalCents[a] = 0
        }
    }
}

/// What a unit's corrections change on one path at the marked prices.
struct CorrectionEffect {
    var equity = 0.0
    var surplus = 0.0
    var notional = 0.0
}

extension ExchangeObserver {
    /// The change that unit u's ADL corrections on path p make to its equity, surplus and notional at the marked
    /// prices; with `flow`, the corrected quantities are also taken off the unit's liquidation flow.
    @inline(__always)
    func correctionEffect(_ u: Int, _ p: Int, flow: Bool, market: Bool = true) -> CorrectionEffect {
        var out = CorrectionEffect()
        var e = deleverage.first(u, p)
        while e >= 0 {
            let one = entryEffect(e, flow: flow, market: market)
            out.equity += one.equity
            out.surplus += one.surplus
            out.notional += one.notional
            e = Int(deleverage.entryPathNext[e])
        }
        return out
    }

    /// The change that correction i makes (see `DeleverageState`).
    @inline(__always)
    func entryEffect(_ i: Int, flow: Bool, market: Bool = true) -> CorrectionEffect {
        let d = deleverage, b = book, cap = state.capacity
        var out = CorrectionEffect()
        let u = Int(d.entryUnit[i]), p = Int(d.entryPath[i])
        do {  // one correction
            let j = Int(d.entryTerm[i]), k = Int(b.termAsset[j]), price = state.marked[k * cap + p], f = d.entryFraction[i]
            let equity = (f - 1) * b.termQuantity[j] * price + d.entryCash[i]
            var surplus = equity - (f - 1) * b.termFlat[j] * price
            for t in Int(b.tierStart[u])..<Int(b.tierStart[u + 1]) where Int(b.tierAsset[t]) == k {
                let n = b.tierQuantity[t] * price
                surplus += b.maintenance(t, n) - b.maintenance(t, f * n)
            }
            out.equity += equity
            out.surplus += surplus
            out.notional += (f - 1) * b.termNotional[j] * price
            if flow {
                state.pathAssetNotional[k * cap + p] += (f - 1) * b.termNotional[j] * price
                if impact.active && market { state.flow[k * cap + p] -= (f - 1) * b.termQuantity[j] * price }
            }
        }
        return out
    }

    /// Auto-deleveraging of unit u's bad debt `uncovered` beyond the fund on path p (Binance USD-M style).
    ///
    /// The debt is split over u's positions in proportion to their notional; position q on asset k (mark P) takes
    /// U_k and is closed at its bankruptcy price P_b = P + U_k / q (where, with the fund's payment, it leaves zero
    /// equity) against the opposite positions of other units, in the venue's ranking order: score = profit ratio x
    /// effective leverage when the profit is positive, profit ratio / effective leverage otherwise, with profit
    /// ratio = (q_w P - cost_w) / |cost_w| and effective leverage = |q_w| P / equity_w (Binance, "What is
    /// Auto-Deleveraging (ADL)?"); ties by book order. Each is closed by min(left, |q_w|) at P_b until |q| is
    /// absorbed, so the winners give up (P_b - P) per unit closed: U_k in all. The absorbed quantity trades off the
    /// market (no impact); what no opposite position absorbs is sold in the market and its debt stays unabsorbed.
    func autoDeleverage(_ u: Int, _ p: Int, uncovered: Double) {
        let d = deleverage, b = book, s = state, cap = s.capacity
        let lo = Int(b.termStart[u]), hi = Int(b.termStart[u + 1])
        var total = 0.0
        for j in lo..<hi where b.termQuantity[j] != 0 {
            total += abs(b.termQuantity[j] * d.fraction(u, j, p)) * s.marked[Int(b.termAsset[j]) * cap + p]
        }
        guard total > 0 else {
            d.unabsorbed[p] += uncovered
            return
        }
        for j in lo..<hi where b.termQuantity[j] != 0 {
            let q = b.termQuantity[j] * d.fraction(u, j, p)
            if q == 0 { continue }
            let k = Int(b.termAsset[j]), price = s.marked[k * cap + p]
            let share = uncovered * abs(q) * price / total
            let bankruptcy = price + share / q
            var n = rank(excluding: u, asset: k, path: p, opposite: q > 0 ? -1 : 1)
            var left = abs(q)
            while n > 0 {
                if left <= 0 { break }
                let c = Int(Self.popBest(d.order, &n, d.candidateScore)), v = Int(d.candidateUnit[c]), jv = Int(d.candidateTerm[c])
                let x = min(left, d.candidateQuantity[c])
                left -= x
                close(v, jv, p, by: x, of: d.candidateQuantity[c], at: bankruptcy, mark: price)
            }
            let absorbed = abs(q) - left
            let a = absorbed / abs(q)
            d.covered[p] += a * share
            d.unabsorbed[p] += share - a * share
            d.notional[p] += absorbed * bankruptcy
            d.assetNotional[k * cap + p] += absorbed * bankruptcy
            if impact.active { s.flow[k * cap + p] += (q > 0 ? 1 : -1) * absorbed * price }
        }
    }

    /// Fills the candidates (open units other than u with a position of sign `opposite` on asset k on path p) and
    /// arranges them as a heap by ranking score (`popBest` takes them highest first); returns their number.
    func rank(excluding u: Int, asset k: Int, path p: Int, opposite: Double) -> Int {
        let d = deleverage, b = book, s = state, cap = s.capacity
        let price = s.marked[k * cap + p]
        var n = 0
        // Only the units holding the opposite side of asset k (in book order: the same candidates, in the same
        // order, as a scan of every unit).
        let side = 2 * k + (opposite > 0 ? 0 : 1)
        for i in Int(b.sideStart[side])..<Int(b.sideStart[side + 1]) {
            let v = Int(b.sideUnit[i])
            if v == u || s.unitDown[v * cap + p] != 0 { continue }
            let lo = Int(b.termStart[v]), hi = Int(b.termStart[v + 1])
            let jv = Int(b.sideTerm[i])
            let f = d.fraction(v, jv, p), qv = b.termQuantity[jv] * f
            if qv == 0 || (qv > 0 ? 1.0 : -1.0) != opposite { continue }
            var equity = b.equityConstant[v]
            for j in lo..<hi { equity += b.termEquity[j] * s.marked[Int(b.termAsset[j]) * cap + p] }
            if d.head[v] >= 0 { equity += correctionEffect(v, p, flow: false).equity }
            let cost = b.termCost[jv] * f
            let ratio = cost != 0 ? (qv * price - cost) / abs(cost) : 0
            let leverage = equity > 0 ? abs(qv) * price / equity : .infinity
            d.candidateUnit[n] = Int32(v)
            d.candidateTerm[n] = Int32(jv)
            d.candidateQuantity[n] = abs(qv)
            d.candidateScore[n] = ratio >= 0 ? ratio * leverage : ratio / leverage
            d.order[n] = Int32(n)
            n += 1
        }
        // A heap, not a sort: an ADL usually closes a few of the ranked positions, and popping them in order costs
        // O(log n) each after an O(n) heapify, instead of O(n log n) for the whole ranking.
        for i in Swift.stride(from: n / 2 - 1, through: 0, by: -1) { Self.siftDown(d.order, i, n, d.candidateScore) }
        return n
    }

    /// Closes x of unit v's positions on term j (of |q| = `quantity` left on path p) at `price`; records the loss
    /// against the mark.
    func close(_ v: Int, _ j: Int, _ p: Int, by x: Double, of quantity: Double, at price: Double, mark: Double) {
        let d = deleverage, e = d.entry(v, j, p)
        let sign: Double = b(j) > 0 ? 1 : -1
        d.entryFraction[e] = x == quantity ? 0 : d.entryFraction[e] * (1 - x / quantity)
        d.entryCash[e] += sign * x * price
        d.positions[p] += 1
        let a = Int(book.account[v])
        if d.accountHit[a * state.capacity + p] == 0 {
            d.accountHit[a * state.capacity + p] = 1
            d.accountPaths[a] += 1
        }
        d.accountLossCents[a] &+= cents(x * abs(price - mark))
        d.accountNotionalCents[a] &+= cents(x * price)
    }

    @inline(__always)
    private func b(_ j: Int) -> Double { book.termQuantity[j] }
}
