import CVectorMath

/// What is recorded of a block's paths from the two forms. Generic, so the simulator's loop is specialised
/// for each observer: no dynamic dispatch per step.
public protocol PathObserver {
    /// Before the first step, with both forms at spot prices (the same on every path).
    /// Returns false when no step needs simulating for this block.
    mutating func start(count: Int, first: Double, second: Double) -> Bool
    /// After step `step` (1-based), with both forms for each of the `count` paths.
    /// Returns false when no later step can change what is recorded for this block.
    mutating func observe(step: Int, count: Int, first: UnsafePointer<Double>, second: UnsafePointer<Double>) -> Bool
}

/// The observer of `run`: the account is liquidated at the first step with equity (first form) below
/// maintenance margin (second form); records the step, the equity when the path leaves (after the
/// liquidation's costs, when the forms carry a cost form), and its minimum equity, into the workspace's
/// outcome arrays.
public struct LiquidationObserver: PathObserver {
    let liquidationStep: UnsafeMutablePointer<Int32>
    let exitEquity: UnsafeMutablePointer<Double>
    let minimumEquity: UnsafeMutablePointer<Double>
    let liquidationCost: UnsafeMutablePointer<Double>
    /// The cost of liquidating each path now (the valuation's `cost` row), or nil when liquidation is free.
    let costs: UnsafePointer<Double>?
    let initialCost: Double
    let tiered: TieredMargins?
    /// Row of the extra forms holding the funding paid over the step, when positions pay funding.
    let fundingRow: Int?
    let fundingPaid: UnsafeMutablePointer<Double>
    let extraRows: UnsafePointer<Double>
    let extraStride: Int
    /// Where each position's PnL is kept at liquidation (`[j * capacity + p]`), read from extra rows
    /// `attributionOffset ..< attributionOffset + positions`; nil when not attributing.
    var attribution: (offset: Int, positions: Int, pnl: UnsafeMutablePointer<Double>)? = nil
    /// Row of the collateral value, recorded at liquidation; nil when collateral does not move.
    var collateralRow: Int? = nil
    let collateralAtLiquidation: UnsafeMutablePointer<Double>
    /// Per-path total margin when some positions are tiered (the workspace's liquidation-cost row is not free,
    /// so a row of its own).
    let tieredScratch: UnsafeMutablePointer<Double>
    var alive = 0

    /// The observer of `run` for a valuation with the rows `Valuation.Rows.run` (each present only when the
    /// scenario needs it): cost, funding, tiered notionals and collateral, read by name.
    public static func forRun(_ ws: BlockWorkspace, _ v: Valuation) -> LiquidationObserver {
        let tiered = v.tierNotionals.map { TieredMargins(offset: $0, schedules: v.tieredSchedules, initial: v.initialTieredMargin) }
        var observer = LiquidationObserver(ws, costRow: v.cost, initialCost: v.cost.map { v.initialExtra[$0] } ?? 0,
                                           tiered: tiered, fundingRow: v.funding)
        observer.collateralRow = v.collateral
        return observer
    }

    /// - Parameter initialCost: the cost row at spot prices, when there is a `costRow`.
    public init(_ ws: BlockWorkspace, costRow: Int? = nil, initialCost: Double = 0, tiered: TieredMargins? = nil,
                fundingRow: Int? = nil) {
        self.tiered = tiered
        self.fundingRow = fundingRow
        fundingPaid = ws.fundingPaid
        collateralAtLiquidation = ws.collateralAtLiquidation
        tieredScratch = ws.marginScratch
        extraRows = UnsafePointer(ws.extraForms)
        extraStride = ws.capacity
        liquidationStep = ws.liquidationStep
        exitEquity = ws.exitEquity
        minimumEquity = ws.minimumEquity
        liquidationCost = ws.liquidationCost
        costs = costRow.map { UnsafePointer(ws.extraForms + $0 * ws.capacity) }
        self.initialCost = initialCost
    }

    public mutating func start(count: Int, first e0: Double, second flatMargin: Double) -> Bool {
        let m0 = flatMargin + (tiered?.initial ?? 0)
        let startsLiquidated = e0 < m0
        let cost = startsLiquidated ? initialCost : 0
        for p in 0..<count {
            fundingPaid[p] = 0
            liquidationStep[p] = startsLiquidated ? 0 : -1
            exitEquity[p] = e0 - cost
            minimumEquity[p] = e0 - cost
            liquidationCost[p] = cost
        }
        alive = startsLiquidated ? 0 : count
        return !startsLiquidated
    }

    @inline(__always)
    public mutating func observe(step: Int, count: Int, first eq: UnsafePointer<Double>,
                                 second mm: UnsafePointer<Double>) -> Bool {
        // Everything the loop touches in locals: the observer is inout, so its fields would otherwise be reloaded
        // after every store through a pointer.
        let s = Int32(step), liq = liquidationStep, exitEq = exitEquity, minEq = minimumEquity
        let paid = fundingPaid, rows = extraRows, stride = extraStride
        var margin = mm
        if let row = fundingRow {
            // Funding accrues over the step and moves equity before the step's check.
            let step = rows + row * stride
            for p in 0..<count where liq[p] < 0 { paid[p] += step[p] }
        }
        if let tiered {
            // Flat margin plus each tiered position's schedule at its notional, into the workspace's spare row.
            let total = tieredScratch
            for p in 0..<count { total[p] = mm[p] }
            for (j, schedule) in tiered.schedules.enumerated() {
                let notional = rows + (tiered.offset + j) * stride
                for p in 0..<count where liq[p] < 0 { total[p] += schedule.maintenance(notional[p]) }
            }
            margin = UnsafePointer(total)
        }
        var left = alive
        var start = 0
        if costs == nil && collateralRow == nil && attribution == nil {
            // Nothing to record at a liquidation beyond the step: eight paths at a time, branch-free
            // (`ms_check8` over every full chunk, the C kernel of the CPU's level).
            left -= ms_check_chunks(s, eq, margin, paid, liq, exitEq, minEq, count)
            start = count & ~7
        }
        for p in start..<count where liq[p] < 0 {
            let e = eq[p] - paid[p]
            minEq[p] = Swift.min(minEq[p], e)  // branch-free: a new minimum is a coin flip per step
            exitEq[p] = e
            if e < margin[p] {
                liq[p] = s
                left -= 1
                liquidated(p, equity: e)
            }
        }
        alive = left
        return left > 0
    }

    /// Records what a liquidation at this step leaves: costs, collateral, each position's PnL.
    @inline(never)
    mutating func liquidated(_ p: Int, equity e: Double) {
        if let costs {
            // Positions close at prices moved against the account: the equity left is lower.
            let after = e - costs[p]
            liquidationCost[p] = costs[p]
            exitEquity[p] = after
            if after < minimumEquity[p] { minimumEquity[p] = after }
        }
        if let row = collateralRow { collateralAtLiquidation[p] = extraRows[row * extraStride + p] }
        if let a = attribution {
            for j in 0..<a.positions { a.pnl[j * extraStride + p] = extraRows[(a.offset + j) * extraStride + p] }
        }
    }
}

/// The maintenance margin of positions with tiered schedules, evaluated per path from their notionals
/// (the valuation's `tierNotionals` rows `offset ..< offset + schedules.count`), added to the flat margin of the others.
public struct TieredMargins: Sendable {
    public let offset: Int
    public let schedules: [MarginSchedule]
    /// Their margin at spot prices.
    public let initial: Double
}
