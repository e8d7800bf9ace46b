/// Each path's critical scales for the leverage frontier.
///
/// Scaling the scaled positions by k leaves the first form A_t (collateral, plus the PnL less the margin of
/// any positions held fixed) unchanged and multiplies the second, D_t = margin - PnL of the scaled positions,
/// by k. The path is liquidated at scale k iff A_t < k D_t at some step t, that is, iff k > U or k < L with
///
///     U = min over t with D_t > 0 of A_t / D_t,     L = max over t with D_t < 0 of A_t / D_t
///
/// (D_t = 0 with A_t < 0 liquidates at every scale). Scaling the whole book has A_t = K_t >= 0, so L <= 0 and
/// the probability is monotone in k: P(liquidated | k) = P(U < k), the distribution of U.
public struct CriticalScaleObserver: PathObserver {
    let upper: UnsafeMutablePointer<Double>
    let lower: UnsafeMutablePointer<Double>

    /// `upper` and `lower` hold one value per path of a block.
    public init(upper: UnsafeMutablePointer<Double>, lower: UnsafeMutablePointer<Double>) {
        self.upper = upper
        self.lower = lower
    }

    @inline(__always)
    static func update(_ a: Double, _ d: Double, upper: inout Double, lower: inout Double) {
        if d > 0 {
            let r = a / d
            if r < upper { upper = r }
        } else if d < 0 {
            let r = a / d
            if r > lower { lower = r }
        } else if a < 0 {
            lower = .infinity
        }
    }

    public mutating func start(count: Int, first a: Double, second d: Double) -> Bool {
        var u = Double.infinity, l = -Double.infinity
        Self.update(a, d, upper: &u, lower: &l)
        for p in 0..<count {
            upper[p] = u
            lower[p] = l
        }
        return true
    }

    @inline(__always)
    public mutating func observe(step: Int, count: Int, first a: UnsafePointer<Double>,
                                 second d: UnsafePointer<Double>) -> Bool {
        for p in 0..<count { Self.update(a[p], d[p], upper: &upper[p], lower: &lower[p]) }
        return true
    }

    /// Adds the block's paths to `counts` over a grid of scales: liquidated at k_j iff k_j > U or k_j < L.
    func record(count: Int, into counts: inout GridCounts) {
        for p in 0..<count {
            counts.add(prefixEnd: counts.firstIndex(atOrAbove: lower[p]), suffixStart: counts.firstIndex(above: upper[p]))
        }
    }
}

/// Each path's bad-debt threshold for a flat maintenance rate m.
///
/// With r_t = F_t / N_t (equity, less the margin of positions whose rate is held fixed, over the notional of
/// the positions whose rate is m), the path is liquidated at the first step with r_t < m, and ends in bad
/// debt iff equity is negative there. If t0 is the first step with negative equity, that happens iff no
/// earlier step had r_t < m: iff m <= h = min over t < t0 of r_t (h = +inf when t0 = 0; never when there is
/// no t0). So P(bad debt | m) = P(h >= m): monotone in m, exact from one pass.
public struct BadDebtObserver: PathObserver {
    let threshold: UnsafeMutablePointer<Double>
    let running: UnsafeMutablePointer<Double>
    var open = 0

    /// `threshold` and `running` hold one value per path; threshold is -inf for a path never in bad debt.
    public init(threshold: UnsafeMutablePointer<Double>, running: UnsafeMutablePointer<Double>) {
        self.threshold = threshold
        self.running = running
    }

    public mutating func start(count: Int, first f: Double, second n: Double) -> Bool {
        let negative = f < 0
        for p in 0..<count {
            threshold[p] = negative ? .infinity : -.infinity
            running[p] = negative ? .nan : (n > 0 ? f / n : .infinity)
        }
        open = negative ? 0 : count
        return open > 0
    }

    @inline(__always)
    public mutating func observe(step: Int, count: Int, first f: UnsafePointer<Double>,
                                 second n: UnsafePointer<Double>) -> Bool {
        for p in 0..<count where running[p] == running[p] {
            if f[p] < 0 {
                threshold[p] = running[p]
                running[p] = .nan
                open -= 1
            } else if n[p] > 0 {
                let r = f[p] / n[p]
                if r < running[p] { running[p] = r }
            }
        }
        return open > 0
    }

    /// Adds the block's paths to `counts` over a grid of rates: bad debt at m_j iff m_j <= h.
    func record(count: Int, into counts: inout GridCounts) {
        for p in 0..<count {
            counts.add(prefixEnd: counts.firstIndex(above: threshold[p]), suffixStart: counts.grid.count)
        }
    }
}
