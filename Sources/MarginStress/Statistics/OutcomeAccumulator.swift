/// What a worker records of the paths it simulated, in integers only (counts and sketch buckets),
/// so that accumulators merge exactly and in any order.
public struct OutcomeAccumulator: Sendable, Equatable {
    public private(set) var paths: Int = 0
    /// Paths liquidated at each step 0...steps (step 0: already below maintenance margin at the start).
    public private(set) var liquidationsByStep: [Int]
    /// Loss = -(terminal PnL), for VaR and ES.
    public private(set) var loss: LogSketch
    public private(set) var minimumEquity: LogSketch

    public init(steps: Int, scale: Double) {
        liquidationsByStep = Array(repeating: 0, count: steps + 1)
        loss = LogSketch(scale: scale)
        minimumEquity = LogSketch(scale: scale)
    }

    public var liquidations: Int { liquidationsByStep.reduce(0, +) }

    /// Records the outcomes of one block.
    mutating func record(_ ws: BlockWorkspace, count: Int, initialEquity: Double) {
        for p in 0..<count {
            let step = Int(ws.liquidationStep[p])
            if step >= 0 { liquidationsByStep[step] += 1 }
            loss.add(initialEquity - ws.exitEquity[p])
            minimumEquity.add(ws.minimumEquity[p])
        }
        paths += count
    }

    public mutating func merge(_ other: OutcomeAccumulator) {
        paths += other.paths
        for s in liquidationsByStep.indices { liquidationsByStep[s] += other.liquidationsByStep[s] }
        loss.merge(other.loss)
        minimumEquity.merge(other.minimumEquity)
    }
}

/// Floating-point sums over one block of paths. Merged strictly in block order, so that the totals
/// are bit-identical whichever worker ran which block.
public struct BlockMoments: Sendable, Equatable {
    public var count: Int = 0
    public var sumPnL: Double = 0
    public var sumPnLSquared: Double = 0
    public var sumMinimumEquity: Double = 0

    public init() {}

    init(_ ws: BlockWorkspace, count: Int, initialEquity: Double) {
        self.count = count
        for p in 0..<count {
            let pnl = ws.exitEquity[p] - initialEquity
            sumPnL += pnl
            sumPnLSquared += pnl * pnl
            sumMinimumEquity += ws.minimumEquity[p]
        }
    }

    public mutating func append(_ next: BlockMoments) {
        count += next.count
        sumPnL += next.sumPnL
        sumPnLSquared += next.sumPnLSquared
        sumMinimumEquity += next.sumMinimumEquity
    }
}
