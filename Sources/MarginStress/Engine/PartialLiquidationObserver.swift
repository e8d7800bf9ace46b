/// Partial liquidation, pro rata: when equity falls below maintenance margin, every position is cut by the same
/// fraction phi, just enough to bring equity back to maintenance margin x (1 + buffer) after the costs of the
/// part closed:
///
///     E - phi C >= (1 + buffer) (1 - phi) M   =>   phi = ((1 + buffer) M - E) / ((1 + buffer) M - C)
///
/// (C: the cost of closing everything now). With square-root impact the cost of closing a fraction x of the
/// original positions is x (C - I) + x^(3/2) I (I: the impact part of C at the original size), so the cost of
/// a partial close follows the size actually closed; phi then solves the same balance by bisection. The closed part's PnL is realised into the account's cash, so only
/// the costs change equity. When phi >= 1 the whole account is liquidated. A path can be partially liquidated
/// several times; it counts as liquidated (for the liquidation probability) only when fully liquidated.
///
/// Valuation rows read: flat maintenance margin of the original positions (second form), `collateral`,
/// `totalPnL`, `cost` (when liquidation has costs) and `funding` (when positions pay it). Margin, PnL, costs
/// and funding all scale with the open fraction: the cost of a partial close is phi x the cost of closing the
/// open positions, with the square-root impact of the size actually closed (see `cost(closing:full:impact:)`).
public struct PartialLiquidationObserver: PathObserver {
    let buffer: Double
    let ws: BlockWorkspace
    let collateralRow: Int
    let pnlRow: Int
    let costRow: Int?
    let impactRow: Int?
    let initialImpact: Double
    let fundingRow: Int?
    let initialPnL: Double
    let initialCost: Double
    var alive = 0

    /// - Parameter v: a valuation with the rows `[.collateral, .totalPnL, .cost, .funding]` and `.collateral`
    ///   asked for always.
    public init(_ ws: BlockWorkspace, buffer: Double, valuation v: Valuation) {
        self.ws = ws
        self.buffer = buffer
        collateralRow = v.collateral!
        pnlRow = v.totalPnL!
        costRow = v.cost
        impactRow = v.impactCost
        initialImpact = v.impactCost.map { v.initialExtra[$0] } ?? 0
        fundingRow = v.funding
        initialPnL = v.initialExtra[pnlRow]
        initialCost = v.cost.map { v.initialExtra[$0] } ?? 0
        initialCollateral = v.initialExtra[collateralRow]
    }

    let initialCollateral: Double

    /// An observer reading the given rows, with no cost or funding rows and nothing at the start: for checking
    /// the rule itself.
    init(_ ws: BlockWorkspace, buffer: Double, collateralRow: Int, pnlRow: Int) {
        self.ws = ws
        self.buffer = buffer
        self.collateralRow = collateralRow
        self.pnlRow = pnlRow
        costRow = nil
        impactRow = nil
        fundingRow = nil
        initialImpact = 0
        initialPnL = 0
        initialCost = 0
        initialCollateral = 0
    }

    /// The cost of closing the fraction `x` of the original positions, given the cost `c` of closing them all
    /// and its impact part `i`.
    @inline(__always)
    static func cost(closing x: Double, full c: Double, impact i: Double) -> Double {
        i == 0 ? x * c : x * (c - i) + x * x.squareRoot() * i
    }

    /// Applies the rule to path p with equity e, margin m of the open fraction s, and the cost c (impact part
    /// i) of closing all of the original positions.
    @inline(__always)
    mutating func check(_ p: Int, step: Int32, equity e: Double, margin m: Double, scale s: Double, cost c: Double,
                        impact i: Double, pnl u: Double) {
        guard e < m else { return }
        let target = (1 + buffer) * m
        let all = Self.cost(closing: s, full: c, impact: i)
        var phi: Double
        if i == 0 {
            phi = target - all > 0 ? (target - e) / (target - all) : 1
        } else {
            // f(phi) = e - cost(phi s) - (1 + buffer)(1 - phi) m is concave (the impact is convex in the size
            // closed): largest at sqrt(phi*) = (T - s (C - I)) / (1.5 s^(3/2) I). No close restores the margin when
            // f is negative there; otherwise the smallest root lies in [0, phi*], found to 2^-50 by bisection.
            func f(_ x: Double) -> Double { e - Self.cost(closing: x * s, full: c, impact: i) - target * (1 - x) }
            let slope = target - s * (c - i)
            let root = slope > 0 ? slope / (1.5 * s * s.squareRoot() * i) : 0
            let best = min(1, root * root)
            if f(best) < 0 || best == 0 {
                phi = 1
            } else {
                var lo = 0.0, hi = best
                for _ in 0..<50 {
                    let mid = (lo + hi) / 2
                    if f(mid) >= 0 { hi = mid } else { lo = mid }
                }
                phi = hi
            }
        }
        if phi >= 1 {
            ws.liquidationStep[p] = step
            ws.exitEquity[p] = e - all
            ws.liquidationCost[p] += all
            if e - all < ws.minimumEquity[p] { ws.minimumEquity[p] = e - all }
            alive -= 1
        } else {
            let paid = Self.cost(closing: phi * s, full: c, impact: i)
            ws.realisedPnL[p] += phi * s * u - paid
            ws.liquidationCost[p] += paid
            ws.positionScale[p] = (1 - phi) * s
            ws.partialLiquidations[p] += 1
            ws.exitEquity[p] = e - paid
            if e - paid < ws.minimumEquity[p] { ws.minimumEquity[p] = e - paid }
        }
    }

    public mutating func start(count: Int, first _: Double, second m0: Double) -> Bool {
        alive = count
        let e0 = initialCollateral + initialPnL
        for p in 0..<count {
            ws.positionScale[p] = 1
            ws.realisedPnL[p] = 0
            ws.partialLiquidations[p] = 0
            ws.fundingPaid[p] = 0
            ws.liquidationCost[p] = 0
            ws.liquidationStep[p] = -1
            ws.exitEquity[p] = e0
            ws.minimumEquity[p] = e0
            check(p, step: 0, equity: e0, margin: m0, scale: 1, cost: initialCost, impact: initialImpact, pnl: initialPnL)
        }
        return alive > 0
    }

    @inline(__always)
    public mutating func observe(step: Int, count: Int, first _: UnsafePointer<Double>, second mm: UnsafePointer<Double>) -> Bool {
        let cap = ws.capacity, rows = ws.extraForms, t = Int32(step), k = rows + collateralRow * cap
        for p in 0..<count where ws.liquidationStep[p] < 0 {
            let s = ws.positionScale[p]
            if let f = fundingRow { ws.fundingPaid[p] += s * rows[f * cap + p] }
            let u = rows[pnlRow * cap + p]
            let e = k[p] + s * u + ws.realisedPnL[p] - ws.fundingPaid[p]
            if e < ws.minimumEquity[p] { ws.minimumEquity[p] = e }
            ws.exitEquity[p] = e
            let c = costRow.map { rows[$0 * cap + p] } ?? 0, i = impactRow.map { rows[$0 * cap + p] } ?? 0
            check(p, step: t, equity: e, margin: s * mm[p], scale: s, cost: c, impact: i, pnl: u)
        }
        return alive > 0
    }
}
