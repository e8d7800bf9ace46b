/// The sums of a run's paths: integer counts and exact floating sums (`ExactSum`), so totals of blocks,
/// workers or shards added in any order are bit-identical.
public struct MomentTotals: Sendable, Equatable, Codable {
    public private(set) var count = 0
    public private(set) var liquidations = 0
    public private(set) var pairsBothLiquidated = 0
    public private(set) var pairsOneLiquidated = 0
    public private(set) var badDebtCount = 0
    public private(set) var pathsPartiallyLiquidated = 0
    public private(set) var partialLiquidations = 0
    public private(set) var pathsWithLiquidationEvent = 0
    var pnl = ExactSum()
    var pnlSquared = ExactSum()
    var minimumEquity = ExactSum()
    var pairMeanPnLSquared = ExactSum()
    var liquidationCost = ExactSum()
    var liquidationCostWhenLiquidated = ExactSum()
    var badDebt = ExactSum()
    var collateralAtLiquidation = ExactSum()

    public init() {}

    /// Adds one block's sums.
    mutating func add(_ b: BlockMoments) {
        count += b.count
        liquidations += b.liquidations
        pairsBothLiquidated += b.pairsBothLiquidated
        pairsOneLiquidated += b.pairsOneLiquidated
        badDebtCount += b.badDebtCount
        pathsPartiallyLiquidated += b.pathsPartiallyLiquidated
        partialLiquidations += b.partialLiquidations
        pathsWithLiquidationEvent += b.pathsWithLiquidationEvent
        pnl.add(b.sumPnL)
        pnlSquared.add(b.sumPnLSquared)
        minimumEquity.add(b.sumMinimumEquity)
        pairMeanPnLSquared.add(b.sumPairMeanPnLSquared)
        liquidationCost.add(b.sumLiquidationCost)
        liquidationCostWhenLiquidated.add(b.sumLiquidationCostWhenLiquidated)
        badDebt.add(b.sumBadDebt)
        collateralAtLiquidation.add(b.sumCollateralAtLiquidation)
    }

    /// Adds the totals of other paths (another worker's, or another shard's).
    public mutating func merge(_ o: MomentTotals) {
        count += o.count
        liquidations += o.liquidations
        pairsBothLiquidated += o.pairsBothLiquidated
        pairsOneLiquidated += o.pairsOneLiquidated
        badDebtCount += o.badDebtCount
        pathsPartiallyLiquidated += o.pathsPartiallyLiquidated
        partialLiquidations += o.partialLiquidations
        pathsWithLiquidationEvent += o.pathsWithLiquidationEvent
        pnl.merge(o.pnl)
        pnlSquared.merge(o.pnlSquared)
        minimumEquity.merge(o.minimumEquity)
        pairMeanPnLSquared.merge(o.pairMeanPnLSquared)
        liquidationCost.merge(o.liquidationCost)
        liquidationCostWhenLiquidated.merge(o.liquidationCostWhenLiquidated)
        badDebt.merge(o.badDebt)
        collateralAtLiquidation.merge(o.collateralAtLiquidation)
    }

    public var sumPnL: Double { pnl.value }
    public var sumPnLSquared: Double { pnlSquared.value }
    public var sumMinimumEquity: Double { minimumEquity.value }
    public var sumPairMeanPnLSquared: Double { pairMeanPnLSquared.value }
    /// Liquidation costs paid on every path (partial closes of surviving paths included).
    public var sumLiquidationCost: Double { liquidationCost.value }
    /// Liquidation costs paid over the paths that were fully liquidated (their partial closes included).
    public var sumLiquidationCostWhenLiquidated: Double { liquidationCostWhenLiquidated.value }
    public var sumBadDebt: Double { badDebt.value }
    public var sumCollateralAtLiquidation: Double { collateralAtLiquidation.value }

    /// The liquidation probability of the paths so far, with the standard error and interval of the
    /// sampling scheme: Wilson for independent paths; for antithetic pairs the standard error of the mean
    /// of pair means, sd(pair mean) / sqrt(pairs), and the normal interval ±1.96 se (clamped to [0, 1]).
    public func liquidationEstimate(antithetic: Bool) -> ProportionEstimate {
        var estimate = ProportionEstimate(count: liquidations, trials: count)
        guard antithetic, count >= 4 else { return estimate }
        let pairs = Double(count / 2), p = estimate.probability
        let meanOfSquares = (Double(pairsBothLiquidated) + 0.25 * Double(pairsOneLiquidated)) / pairs
        let variance = max(0, meanOfSquares - p * p) * pairs / (pairs - 1)
        estimate.standardError = (variance / pairs).squareRoot()
        let half = 1.959963984540054 * estimate.standardError
        estimate.interval95 = [max(0, p - half), min(1, p + half)]
        return estimate
    }
}
