/// An account's margin surplus, equity minus maintenance margin, as a function of the prices:
///
///     S(P) = c + sum_a k_a P_a + sum_j [ q_j (P_a(j) - e_j) - (|q_j| P_a(j) r_j,b - d_j,b) ]
///
/// with c a cash constant, k_a the collateral held in asset a after haircut, and for each position j its
/// signed quantity q_j, entry price e_j and maintenance schedule (rate r and deduction d of the bracket b of
/// its notional |q_j| P; a flat rate is the one-bracket schedule). The account is liquidated when S < 0.
///
/// Along a line of prices P(t) = base + t direction, S is continuous and piecewise linear in t, with kinks
/// where a position's notional crosses a bracket floor; `firstRoot` finds, exactly on the linear piece that
/// holds it, the nearest t at which S falls below zero.
public struct MarginSurplus: Sendable {
    public struct Term: Sendable {
        public var asset: Int
        public var quantity: Double
        public var entryPrice: Double
        public var schedule: MarginSchedule
    }

    /// c: cash that counts as equity (an isolated position's margin).
    public var constant: Double
    /// k_a per asset of the scenario (collateral after haircut, in base units).
    public var collateral: [Double]
    public var terms: [Term]

    /// The cross account of `s`: every collateral entry and every position.
    public init(cross s: Scenario) {
        constant = 0
        collateral = Array(repeating: 0, count: s.assets.count)
        for c in s.collateral { collateral[c.asset] += c.amount * (1 - c.haircut) }
        terms = s.positions.map(Self.term)
    }

    /// Position `i` of `s` alone on its isolated margin `margin`.
    public init(isolated s: Scenario, position i: Int, margin: Double) {
        constant = margin
        collateral = Array(repeating: 0, count: s.assets.count)
        terms = [Self.term(s.positions[i])]
    }

    static func term(_ p: Scenario.Position) -> Term {
        Term(asset: p.asset, quantity: p.quantity, entryPrice: p.entryPrice,
             schedule: p.schedule ?? MarginSchedule(rate: p.maintenanceMarginRate))
    }

    /// S at the prices `prices` (one per asset of the scenario).
    public func value(at prices: [Double]) -> Double {
        var s = constant
        for (a, k) in collateral.enumerated() where k != 0 { s += k * prices[a] }
        for t in terms {
            let p = prices[t.asset]
            s += t.quantity * (p - t.entryPrice) - t.schedule.maintenance(abs(t.quantity) * p)
        }
        return s
    }

    /// The first t beyond `start`, going up (`upward`) or down, at which S(base + t direction) falls below
    /// zero while every price stays positive; nil when it never does. The caller checks S >= 0 at `start`.
    ///
    /// Between consecutive kinks S = A + B t exactly, with A = S's terms at `base` and B = its terms along
    /// `direction` for the brackets that hold on that piece; the root is t = -A / B on the first piece where S
    /// decreases through zero. For one position on its own price line (base 0 for its asset, direction 1)
    /// this is t = (c + d_b - q e) / (|q| r_b - q): Binance's single-position formula with the bracket at the
    /// liquidation price.
    /// - Complexity: O(k log k) for k bracket floors over the positions.
    public func firstRoot(base: [Double], direction: [Double], start: Double, upward: Bool) -> Double? {
        // Distance s = |t - start| along the search; prices stay positive while s < reach.
        let sign = upward ? 1.0 : -1.0
        var reach = Double.infinity
        for (a, d) in direction.enumerated() where sign * d < 0 {
            reach = min(reach, (base[a] + start * d) / (-sign * d))
        }
        // The kinks within reach.
        var kinks: [Double] = []
        for term in terms {
            let d = direction[term.asset], q = abs(term.quantity)
            guard d != 0, q > 0 else { continue }
            for floor in term.schedule.floors.dropFirst() {
                let s = ((floor / q - base[term.asset]) / d - start) * sign
                if s > 0 && s < reach { kinks.append(s) }
            }
        }
        kinks.sort()
        var from = 0.0
        for to in kinks + [reach] {
            // The brackets on this piece: those at its middle (one past its start when it is open-ended).
            let t = start + sign * (to.isFinite ? (from + to) / 2 : from + 1)
            var a = constant, b = 0.0
            for (asset, k) in collateral.enumerated() where k != 0 {
                a += k * base[asset]
                b += k * direction[asset]
            }
            for term in terms {
                let x = base[term.asset], d = direction[term.asset], q = term.quantity
                let k = term.schedule.bracket(abs(q) * (x + t * d))
                let r = term.schedule.rates[k]
                a += q * (x - term.entryPrice) - abs(q) * x * r + term.schedule.deductions[k]
                b += (q - abs(q) * r) * d
            }
            // S falls through zero on this piece when it decreases along the search.
            if b * sign < 0 {
                // A root on a kink may fall a rounding error outside either piece: accept it on the first.
                let root = -a / b, s = (root - start) * sign
                let slack = 1e-12 * (from + (to.isFinite ? to : from) + abs(start) + 1)
                if s >= from - slack && s <= to + slack && s < reach { return root }
            }
            from = to
        }
        return nil
    }
}
