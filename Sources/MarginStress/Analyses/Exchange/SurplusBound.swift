/// The exact skip of the marking loop: a unit whose margin surplus is provably non-negative on every path of the
/// block is not marked path by path in that round.
///
/// Within a round every path's marked price of simulated asset k lies in [lo_k, hi_k] (the least and greatest over
/// the block's paths). The surplus S_u = c + sum_k w_k P_k - sum_j MM_j(|q_j| P_k(j)) is increasing in P_k where
/// w_k > 0, decreasing where w_k < 0, and each maintenance MM_j is non-decreasing in its notional (checked for
/// every schedule when the book is packed), so
///
///     S_u >= L_u = c + sum_k w_k (w_k > 0 ? lo_k : hi_k) - sum_j MM_j(|q_j| hi_k(j))
///
/// on every path. The loop computes S_u in floating point, each rounding monotone; its error and L_u's are at most
/// a few units in the last place of A_u = |c| + sum_k |w_k| hi_k + sum_j MM_j(|q_j| hi_k(j)) (fewer than 64
/// operations, about 1e-14 A_u). A unit with L_u > 1e-9 A_u therefore has a computed surplus >= 0 on every path,
/// so it cannot be liquidated in the round: skipping it changes no bit of any result. Units with auto-deleveraging
/// corrections on some path, or holding a schedule that is not non-decreasing, are always marked.
/// - Complexity: O(assets x paths) per round for the box, O(terms) per unit for the bound (instead of
///   O(terms x paths)).
extension ExchangeObserver {
    /// Relative margin of the bound over the rounding errors of the loop and of the bound itself.
    static let boundSlack = 1e-9

    /// The least and greatest marked price of each simulated asset over the block's `count` paths.
    func priceBox(count: Int) {
        let s = state, cap = s.capacity
        for k in 0..<s.assets {
            let row = s.marked + k * cap
            var lo = row[0], hi = row[0]
            for p in 1..<max(count, 1) {
                lo = Swift.min(lo, row[p])
                hi = Swift.max(hi, row[p])
            }
            s.lowPrice[k] = lo
            s.highPrice[k] = hi
        }
    }

    /// True when unit u's surplus is provably >= 0 on every path at the prices of `priceBox` (see the type's note).
    @inline(__always)
    func cannotFall(_ u: Int) -> Bool {
        let b = book, s = state
        guard b.boundable[u] != 0 && deleverage.head[u] < 0 else { return false }
        let c = b.surplusConstant[u]
        var bound = c, size = Swift.abs(c)
        for j in Int(b.termStart[u])..<Int(b.termStart[u + 1]) {
            let k = Int(b.termAsset[j]), w = b.termSurplus[j]
            bound += w * (w > 0 ? s.lowPrice[k] : s.highPrice[k])
            size += Swift.abs(w) * s.highPrice[k]
        }
        for j in Int(b.tierStart[u])..<Int(b.tierStart[u + 1]) {
            let m = b.maintenance(j, b.tierQuantity[j] * s.highPrice[Int(b.tierAsset[j])])
            bound -= m
            size += Swift.abs(m)
        }
        return bound > Self.boundSlack * size
    }
}
