import Foundation

extension ExchangeObserver {
    /// Hyperliquid-style partial liquidation of unit u on path p: `chunkFraction` of each of its positions closed at
    /// the marked prices (traded in the market: impact flow), the fee `feeRate` x closed notional paid into the fund
    /// out of its equity; at most `chunksPerStep` per step (the venue's cooldown over the step's length). The unit
    /// stays open and is marked again with what is left. Returns false when the step's chunks are used up.
    func chunk(_ u: Int, _ p: Int, step: Int, equity: Double) -> Bool {
        let d = deleverage, b = book, s = state, cap = s.capacity
        let lo = Int(b.termStart[u]), hi = Int(b.termStart[u + 1])
        var first = -1
        for j in lo..<hi where b.termQuantity[j] != 0 {
            first = j
            break
        }
        guard first >= 0 else { return false }
        let e0 = d.entry(u, first, p)
        if d.entryChunkStep[e0] == Int32(step) {
            if Int(d.entryChunks[e0]) >= impact.chunksPerStep { return false }
            d.entryChunks[e0] += 1
        } else {
            d.entryChunkStep[e0] = Int32(step)
            d.entryChunks[e0] = 1
        }
        var closed = 0.0
        for j in lo..<hi where b.termQuantity[j] != 0 {
            let e = d.entry(u, j, p), k = Int(b.termAsset[j]), price = s.marked[k * cap + p]
            let x = impact.chunkFraction * b.termQuantity[j] * d.entryFraction[e]
            d.entryFraction[e] *= 1 - impact.chunkFraction
            d.entryCash[e] += x * price
            closed += abs(x) * price
            s.pathAssetNotional[k * cap + p] += abs(x) * price
            if impact.active { s.flow[k * cap + p] -= x * price }
        }
        let fee = equity > 0 ? min(equity, impact.feeRate * closed) : 0
        d.entryCash[e0] -= fee
        s.fund[p] += fee
        s.fees[p] += fee
        s.pathNotional[p] += closed
        s.chunks[p] += 1
        countAccount(Int(b.account[u]), p, step: step)
        return true
    }

    /// dYdX's liquidation penalty as a fraction of the notional: the fillable price P (1 - SMMR x MMF x (1 - Q))
    /// against the mark, MMF = maintenance / notional, Q = equity / maintenance in [0, 1] (bankruptcy adjustment 1),
    /// capped at the maximum liquidation penalty (dYdX help centre, "Liquidations on dYdX Chain").
    @inline(__always)
    func fillablePenalty(equity: Double, maintenance: Double, notional: Double) -> Double {
        guard notional > 0 && maintenance > 0 else { return 0 }
        let q = min(1, max(0, equity / maintenance))
        return min(impact.spreadToMaintenance * maintenance / notional * (1 - q), impact.maximumPenalty)
    }
}
