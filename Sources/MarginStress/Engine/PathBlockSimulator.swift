/// Walks one block of paths step by step: shocks, correlation, prices, equity against maintenance margin.
///
/// The per-step loops run over raw pointers with no allocation, no dynamic dispatch and no dictionary:
/// all model data is copied into local constants before the loops start.
///
/// Random numbers of a block are drawn from its own stream in a fixed order: at each step, first one
/// chi-square per path (Student-t only), then the normals asset by asset, path by path, each asset's row
/// from a fresh batch of the stream (`NormalSampler.fill`). A block whose
/// paths have all been liquidated stops early; later blocks have their own streams, so this changes nothing else.
struct PathBlockSimulator: Sendable {
    let market: MarketModel
    let account: AccountModel
    let steps: Int
    let seed: UInt64
    /// Paths per block: fixed, since the block is the unit of the random streams.
    static let blockSize = 256

    /// Simulates block `block` with `count` paths into `ws`'s outcome arrays.
    func run(block: Int, count: Int, in ws: BlockWorkspace) {
        let d = market.dimension, stride = ws.capacity
        let z = ws.shocks, logS = ws.logPrice, scale = ws.scale
        let eq = ws.equity, mm = ws.margin
        let liq = ws.liquidationStep, exitEq = ws.exitEquity, minEq = ws.minimumEquity
        var stream = RandomStream(seed: seed, block: UInt64(block), buffer: ws.randomBits)
        let normal = NormalSampler()

        let e0 = account.initialEquity
        let startsLiquidated = e0 < account.initialMargin
        for p in 0..<count {
            liq[p] = startsLiquidated ? 0 : -1
            exitEq[p] = e0
            minEq[p] = e0
        }
        if startsLiquidated || d == 0 {
            return  // nothing moves: either liquidated at time 0 or equity and margin are constant
        }
        for k in 0..<(d * stride) { logS[k] = 0 }

        market.loadings.withUnsafeBufferPointer { a in
        market.driftPerStep.withUnsafeBufferPointer { drift in
        market.spot.withUnsafeBufferPointer { spot in
        account.equityWeight.withUnsafeBufferPointer { alpha in
        account.marginWeight.withUnsafeBufferPointer { beta in
            let c0 = account.equityConstant, m0 = account.marginConstant
            var chi: ChiSquareSampler? = nil
            var tFactor = 0.0
            if case .studentT(let nu) = market.distribution {
                chi = ChiSquareSampler(degreesOfFreedom: nu)
                tFactor = nu - 2
            }
            var alive = count
            for t in 1...steps {
                if let chi {
                    for p in 0..<count { scale[p] = (tFactor / chi.next(&stream)).squareRoot() }
                }
                for k in 0..<d {
                    normal.fill(z + k * stride, count: count, &stream)
                }
                // z <- A z in place, last row first, so rows j < i are still the raw shocks when row i reads them.
                var i = d - 1
                while i >= 0 {
                    let zi = z + i * stride
                    let aii = a[i * d + i]
                    for p in 0..<count { zi[p] *= aii }
                    for j in 0..<i {
                        let aij = a[i * d + j]
                        if aij == 0 { continue }
                        let zj = z + j * stride
                        for p in 0..<count { zi[p] += aij * zj[p] }
                    }
                    i -= 1
                }
                for p in 0..<count {
                    eq[p] = c0
                    mm[p] = m0
                }
                for k in 0..<d {
                    let zk = z + k * stride, lk = logS + k * stride
                    let mu = drift[k], s0 = spot[k], wE = alpha[k], wM = beta[k]
                    if chi != nil {
                        for p in 0..<count {
                            let l = lk[p] + mu + scale[p] * zk[p]
                            lk[p] = l
                            let price = s0 * fastExp(l)
                            eq[p] += wE * price
                            mm[p] += wM * price
                        }
                    } else {
                        for p in 0..<count {
                            let l = lk[p] + mu + zk[p]
                            lk[p] = l
                            let price = s0 * fastExp(l)
                            eq[p] += wE * price
                            mm[p] += wM * price
                        }
                    }
                }
                let step = Int32(t)
                for p in 0..<count where liq[p] < 0 {
                    let e = eq[p]
                    if e < minEq[p] { minEq[p] = e }
                    exitEq[p] = e
                    if e < mm[p] {
                        liq[p] = step
                        alive -= 1
                    }
                }
                if alive == 0 { break }
            }
        }}}}}
    }
}
