/// Partial liquidation, pro rata: when equity falls below maintenance margin, every position is cut by the same
/// fraction phi, just enough to bring equity back to maintenance margin x (1 + buffer) after the costs of the
/// part closed:
///
///     E - phi C >= (1 + buffer) (1 - phi) M   =>   phi = ((1 + buffer) M - E) / ((1 + buffer) M - C)
///
/// (C: the cost of closing everything now). The closed part's PnL is realised into the account's cash, so only
/// the costs change equity. When phi >= 1 the whole account is liquidated. A path can be partially liquidated
/// several times; it counts as liquidated (for the liquidation probability) only when fully liquidated.
///
/// Forms: collateral (first), flat maintenance margin of the original positions (second); extra rows: the
/// positions' unrealised PnL, then the cost of closing them all (when costs are set), then the funding over the
/// step (when funding is set). Margin, PnL, costs and funding all scale with the open fraction.
public struct PartialLiquidationObserver: PathObserver {
    let buffer: Double
    let ws: BlockWorkspace
    let pnlRow: Int
    let costRow: Int?
    let fundingRow: Int?
    let initialPnL: Double
    let initialCost: Double
    var alive = 0

    public init(_ ws: BlockWorkspace, buffer: Double, costRow: Int?, fundingRow: Int?, initialPnL: Double, initialCost: Double) {
        self.ws = ws
        self.buffer = buffer
        pnlRow = 0
        self.costRow = costRow
        self.fundingRow = fundingRow
        self.initialPnL = initialPnL
        self.initialCost = initialCost
    }

    /// Applies the rule to path p with equity e, margin m (of the open positions) and full-close cost c.
    @inline(__always)
    mutating func check(_ p: Int, step: Int32, equity e: Double, margin m: Double, cost c: Double, pnl u: Double) {
        guard e < m else { return }
        let target = (1 + buffer) * m
        let phi = target - c > 0 ? (target - e) / (target - c) : 1
        if phi >= 1 {
            ws.liquidationStep[p] = step
            ws.exitEquity[p] = e - c
            ws.liquidationCost[p] += c
            if e - c < ws.minimumEquity[p] { ws.minimumEquity[p] = e - c }
            alive -= 1
        } else {
            let s = ws.positionScale[p]
            ws.realisedPnL[p] += phi * s * u - phi * c
            ws.liquidationCost[p] += phi * c
            ws.positionScale[p] = (1 - phi) * s
            ws.partialLiquidations[p] += 1
            ws.exitEquity[p] = e - phi * c
            if e - phi * c < ws.minimumEquity[p] { ws.minimumEquity[p] = e - phi * c }
        }
    }

    public mutating func start(count: Int, first k0: Double, second m0: Double) -> Bool {
        alive = count
        let e0 = k0 + initialPnL
        for p in 0..<count {
            ws.positionScale[p] = 1
            ws.realisedPnL[p] = 0
            ws.partialLiquidations[p] = 0
            ws.fundingPaid[p] = 0
            ws.liquidationCost[p] = 0
            ws.liquidationStep[p] = -1
            ws.exitEquity[p] = e0
            ws.minimumEquity[p] = e0
            check(p, step: 0, equity: e0, margin: m0, cost: initialCost, pnl: initialPnL)
        }
        return alive > 0
    }

    @inline(__always)
    public mutating func observe(step: Int, count: Int, first k: UnsafePointer<Double>, second mm: UnsafePointer<Double>) -> Bool {
        let cap = ws.capacity, rows = ws.extraForms, t = Int32(step)
        for p in 0..<count where ws.liquidationStep[p] < 0 {
            let s = ws.positionScale[p]
            if let f = fundingRow { ws.fundingPaid[p] += s * rows[f * cap + p] }
            let u = rows[pnlRow * cap + p]
            let e = k[p] + s * u + ws.realisedPnL[p] - ws.fundingPaid[p]
            if e < ws.minimumEquity[p] { ws.minimumEquity[p] = e }
            ws.exitEquity[p] = e
            let c = costRow.map { s * rows[$0 * cap + p] } ?? 0
            check(p, step: t, equity: e, margin: s * mm[p], cost: c, pnl: u)
        }
        return alive > 0
    }
}
