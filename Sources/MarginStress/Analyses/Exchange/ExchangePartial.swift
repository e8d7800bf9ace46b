/// What `exchange` accumulates over blocks of paths; merges exactly (integer counts, sketch buckets, exact sums).
public struct ExchangePartial: MergeablePartial, Equatable {
    public var paths = 0
    /// Per account: paths on which it was liquidated (a position of an isolated account counts for its account).
    public var accountLiquidations: [Int]
    /// Per account: its bad debt summed over paths, in hundredths of the quote currency (each event rounded).
    public var accountBadDebtCents: [Int64]
    /// Account liquidations by step (0 ... steps), over all paths.
    public var liquidationsByStep: [Int]
    /// Per path: accounts liquidated, liquidated notional (at the liquidation prices), bad debt.
    public var liquidatedAccounts: LogSketch
    public var liquidatedNotional: LogSketch
    public var badDebt: LogSketch
    /// Per simulated asset, per path: its liquidated notional.
    public var assetNotional: [LogSketch]
    public var sumLiquidatedNotional = ExactSum()
    public var sumBadDebt = ExactSum()
    public var pathsWithLiquidation = 0
    public var pathsWithBadDebt = 0
    /// Per path: what the insurance fund paid (its loss), and the bad debt beyond it (for auto-deleveraging).
    public var fundLoss: LogSketch
    public var uncoveredBadDebt: LogSketch
    public var sumFundLoss = ExactSum()
    public var sumUncovered = ExactSum()
    /// Paths on which the fund ran out, by the step it did (0 ... steps).
    public var fundExhaustedByStep: [Int]
    /// Paths by cascade depth: the most rounds with liquidations within one step (0: no liquidation).
    public var cascadeDepth: [Int]
    /// Paths on which some step's cascade reached the round cap.
    public var pathsAtRoundCap = 0
    /// Auto-deleveraging: paths with any, positions closed (over all paths), per path its notional (in total and
    /// per simulated asset, at the bankruptcy prices); the bad debt it covered (the winners' loss against the mark)
    /// and what no opposite position absorbed.
    public var pathsWithADL = 0
    /// Fees paid into the fund (liquidation fees, chunk fees, dYdX penalties), chunks closed (Hyperliquid style),
    /// units taken by the backstop; over all paths.
    public var sumFees = ExactSum()
    public var chunks = 0
    public var backstops = 0
    public var adlPositions = 0
    public var adlNotional: LogSketch
    public var adlAssetNotional: [LogSketch]
    public var sumADLNotional = ExactSum()
    public var sumADLAssetNotional: [ExactSum]
    public var sumADLCovered = ExactSum()
    public var sumUnabsorbed = ExactSum()
    /// Per account: paths on which ADL reduced it, its loss against the mark and the notional closed (hundredths).
    public var accountDeleveraged: [Int]
    public var accountADLLossCents: [Int64]
    public var accountADLNotionalCents: [Int64]

    public init(accounts: Int, steps: Int, assets: Int, scale: Double, maxRounds: Int) {
        accountLiquidations = Array(repeating: 0, count: accounts)
        accountBadDebtCents = Array(repeating: 0, count: accounts)
        liquidationsByStep = Array(repeating: 0, count: steps + 1)
        liquidatedAccounts = LogSketch(scale: 1)
        liquidatedNotional = LogSketch(scale: scale)
        badDebt = LogSketch(scale: scale)
        assetNotional = (0..<assets).map { _ in LogSketch(scale: scale) }
        fundLoss = LogSketch(scale: scale)
        uncoveredBadDebt = LogSketch(scale: scale)
        fundExhaustedByStep = Array(repeating: 0, count: steps + 1)
        cascadeDepth = Array(repeating: 0, count: maxRounds + 2)
        adlNotional = LogSketch(scale: scale)
        adlAssetNotional = (0..<assets).map { _ in LogSketch(scale: scale) }
        sumADLAssetNotional = Array(repeating: ExactSum(), count: assets)
        accountDeleveraged = Array(repeating: 0, count: accounts)
        accountADLLossCents = Array(repeating: 0, count: accounts)
        accountADLNotionalCents = Array(repeating: 0, count: accounts)
    }

    public mutating func merge(_ o: ExchangePartial) {
        paths += o.paths
        for a in accountLiquidations.indices {
            accountLiquidations[a] += o.accountLiquidations[a]
            accountBadDebtCents[a] += o.accountBadDebtCents[a]
        }
        for t in liquidationsByStep.indices { liquidationsByStep[t] += o.liquidationsByStep[t] }
        liquidatedAccounts.merge(o.liquidatedAccounts)
        liquidatedNotional.merge(o.liquidatedNotional)
        badDebt.merge(o.badDebt)
        for k in assetNotional.indices { assetNotional[k].merge(o.assetNotional[k]) }
        sumLiquidatedNotional.merge(o.sumLiquidatedNotional)
        sumBadDebt.merge(o.sumBadDebt)
        pathsWithLiquidation += o.pathsWithLiquidation
        pathsWithBadDebt += o.pathsWithBadDebt
        fundLoss.merge(o.fundLoss)
        uncoveredBadDebt.merge(o.uncoveredBadDebt)
        sumFundLoss.merge(o.sumFundLoss)
        sumUncovered.merge(o.sumUncovered)
        for t in fundExhaustedByStep.indices { fundExhaustedByStep[t] += o.fundExhaustedByStep[t] }
        for k in cascadeDepth.indices { cascadeDepth[k] += o.cascadeDepth[k] }
        pathsAtRoundCap += o.pathsAtRoundCap
        pathsWithADL += o.pathsWithADL
        sumFees.merge(o.sumFees)
        chunks += o.chunks
        backstops += o.backstops
        adlPositions += o.adlPositions
        adlNotional.merge(o.adlNotional)
        for k in adlAssetNotional.indices {
            adlAssetNotional[k].merge(o.adlAssetNotional[k])
            sumADLAssetNotional[k].merge(o.sumADLAssetNotional[k])
        }
        sumADLNotional.merge(o.sumADLNotional)
        sumADLCovered.merge(o.sumADLCovered)
        sumUnabsorbed.merge(o.sumUnabsorbed)
        for a in accountDeleveraged.indices where o.accountDeleveraged[a] != 0 {
            accountDeleveraged[a] += o.accountDeleveraged[a]
            accountADLLossCents[a] += o.accountADLLossCents[a]
            accountADLNotionalCents[a] += o.accountADLNotionalCents[a]
        }
    }
}
