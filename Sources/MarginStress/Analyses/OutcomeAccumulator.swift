/// What a worker records of the paths it simulated, in integers only (counts and sketch buckets),
/// so that accumulators merge exactly and in any order.
public struct OutcomeAccumulator: Sendable, Equatable, Codable {
    public private(set) var paths: Int = 0
    /// Paths liquidated at each step 0...steps (step 0: already below maintenance margin at the start).
    public private(set) var liquidationsByStep: [Int]
    /// Loss = -(terminal PnL), for VaR and ES.
    public private(set) var loss: LogSketch
    public private(set) var minimumEquity: LogSketch
    /// Bad debt of every path (`BlockWorkspace.badDebt`: max(0, -equity when it left) in cross mode, the sum
    /// over positions in isolated mode; 0 for most paths), for the exchange's tail.
    public private(set) var badDebt: LogSketch
    /// Loss given liquidation: starting equity minus the equity left after liquidation, liquidated paths only.
    public private(set) var lossGivenLiquidation: LogSketch

    public init(steps: Int, scale: Double) {
        liquidationsByStep = Array(repeating: 0, count: steps + 1)
        loss = LogSketch(scale: scale)
        minimumEquity = LogSketch(scale: scale)
        badDebt = LogSketch(scale: scale)
        lossGivenLiquidation = LogSketch(scale: scale)
    }

    public var liquidations: Int { liquidationsByStep.reduce(0, +) }

    /// Records the outcomes of one block.
    mutating func record(_ ws: BlockWorkspace, count: Int, initialEquity: Double) {
        for p in 0..<count {
            let step = Int(ws.liquidationStep[p])
            if step >= 0 {
                liquidationsByStep[step] += 1
                lossGivenLiquidation.add(initialEquity - ws.exitEquity[p])
            }
            loss.add(initialEquity - ws.exitEquity[p])
            minimumEquity.add(ws.minimumEquity[p])
            badDebt.add(ws.badDebt[p])
        }
        paths += count
    }

    public mutating func merge(_ other: OutcomeAccumulator) {
        paths += other.paths
        for s in liquidationsByStep.indices { liquidationsByStep[s] += other.liquidationsByStep[s] }
        loss.merge(other.loss)
        minimumEquity.merge(other.minimumEquity)
        badDebt.merge(other.badDebt)
        lossGivenLiquidation.merge(other.lossGivenLiquidation)
    }
}

/// Sums over one block of paths, in path order (so the same for whichever worker ran the block); added to
/// `MomentTotals`, whose sums are exact, so totals do not depend on the order in which blocks are added.
public struct BlockMoments: Sendable, Equatable {
    public var count: Int = 0
    public var liquidations: Int = 0
    public var sumPnL: Double = 0
    public var sumPnLSquared: Double = 0
    public var sumMinimumEquity: Double = 0
    /// Antithetic pairs with both paths liquidated, and with exactly one.
    public var pairsBothLiquidated: Int = 0
    public var pairsOneLiquidated: Int = 0
    /// Sum over antithetic pairs of the squared mean PnL of the pair.
    public var sumPairMeanPnLSquared: Double = 0
    /// Liquidation costs paid, paths ending in bad debt, and the bad debt.
    public var sumLiquidationCost: Double = 0
    public var sumLiquidationCostWhenLiquidated: Double = 0
    public var badDebtCount: Int = 0
    public var sumBadDebt: Double = 0
    /// Partial liquidation: paths with at least one partial liquidation, and all partial liquidations.
    public var pathsPartiallyLiquidated: Int = 0
    public var partialLiquidations: Int = 0
    /// Paths with any liquidation, partial or full.
    public var pathsWithLiquidationEvent: Int = 0
    /// Collateral value at liquidation, summed over liquidated paths (volatile collateral only).
    public var sumCollateralAtLiquidation: Double = 0

    public init() {}

    init(_ ws: BlockWorkspace, count: Int, initialEquity: Double, antithetic: Bool) {
        self.count = count
        for p in 0..<count {
            let pnl = ws.exitEquity[p] - initialEquity
            sumPnL += pnl
            sumPnLSquared += pnl * pnl
            sumMinimumEquity += ws.minimumEquity[p]
            if ws.liquidationStep[p] >= 0 {
                liquidations += 1
                sumCollateralAtLiquidation += ws.collateralAtLiquidation[p]
                sumLiquidationCostWhenLiquidated += ws.liquidationCost[p]
            }
            sumLiquidationCost += ws.liquidationCost[p]
            let partials = Int(ws.partialLiquidations[p])
            if partials > 0 || ws.liquidationStep[p] >= 0 { pathsWithLiquidationEvent += 1 }
            if partials > 0 {
                pathsPartiallyLiquidated += 1
                partialLiquidations += partials
            }
            if ws.badDebt[p] > 0 {
                badDebtCount += 1
                sumBadDebt += ws.badDebt[p]
            }
        }
        guard antithetic else { return }
        let half = count / 2
        for p in 0..<half {
            let a = ws.liquidationStep[p] >= 0, b = ws.liquidationStep[half + p] >= 0
            if a && b { pairsBothLiquidated += 1 } else if a || b { pairsOneLiquidated += 1 }
            let mean = (ws.exitEquity[p] + ws.exitEquity[half + p]) / 2 - initialEquity
            sumPairMeanPnLSquared += mean * mean
        }
    }
}
