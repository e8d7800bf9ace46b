/// Scratch memory for one block of paths, owned by one worker and reused for every block it runs.
///
/// Structure-of-arrays: asset i's values for the block's paths are contiguous (`[i * rowStride + p]`),
/// so the per-asset loops over paths are unit-stride and vectorise.
public final class BlockWorkspace {
    public let capacity: Int
    public let dimension: Int
    /// Distance between consecutive assets' rows in `shocks` and `priceState`: the capacity plus one cache
    /// line, so that the rows of one chunk of paths do not all fall in the same few L1 cache sets.
    public let rowStride: Int
    public let randomBits: UnsafeMutablePointer<UInt64>
    /// Shocks, then correlated shocks, per asset and path.
    public let shocks: UnsafeMutablePointer<Double>
    /// Per asset and path, the price P_t when the simulator steps prices by their increments, else the
    /// log-price log(P_t / P_0) (see `PathBlockSimulator.incrementDegree`).
    public let priceState: UnsafeMutablePointer<Double>
    /// The per-path factor of the correlated shocks (Student-t: sqrt((nu - 2) / W)).
    public let scale: UnsafeMutablePointer<Double>
    /// The shock model's per-path state (`ShockModel.stateWordsPerPath` x capacity values).
    public let modelState: UnsafeMutablePointer<Double>
    public let modelStateWords: Int
    public let equity: UnsafeMutablePointer<Double>
    public let margin: UnsafeMutablePointer<Double>
    /// Outcomes per path: step of liquidation (-1 if none), equity when the path left, minimum equity.
    public let liquidationStep: UnsafeMutablePointer<Int32>
    public let exitEquity: UnsafeMutablePointer<Double>
    public let minimumEquity: UnsafeMutablePointer<Double>
    /// Cost paid when the path was liquidated (spread, impact, fee); 0 when it was not.
    public let liquidationCost: UnsafeMutablePointer<Double>
    /// Bad debt the path leaves: max(0, -equity) when it left (cross), the sum of the positions' (isolated).
    public let badDebt: UnsafeMutablePointer<Double>
    /// Scratch per path for margins that are not one linear form (tiered schedules).
    public let marginScratch: UnsafeMutablePointer<Double>
    /// Collateral value when the path was liquidated (volatile collateral only).
    public let collateralAtLiquidation: UnsafeMutablePointer<Double>
    /// Funding paid so far on each path (positive: paid by the account).
    public let fundingPaid: UnsafeMutablePointer<Double>
    /// Partial liquidation: the fraction of the original positions still open, the PnL realised by the
    /// partial closes (less their costs), and how many partial liquidations the path had.
    public let positionScale: UnsafeMutablePointer<Double>
    public let realisedPnL: UnsafeMutablePointer<Double>
    public let partialLiquidations: UnsafeMutablePointer<Int32>
    /// Extra linear forms per path (`[f * capacity + p]`), for observers that read more than two.
    public let extraForms: UnsafeMutablePointer<Double>
    public let extraFormCount: Int
    /// One chunk's prices (`[k * 8 + lane]`), kept while extra forms are evaluated.
    public let chunkPrices: UnsafeMutablePointer<Double>

    /// `capacity` is rounded up to a multiple of eight (the simulator's vector width); all values start at 0.
    public init(capacity requested: Int, dimension: Int, extraForms extra: Int = 0, modelStateWords: Int = 0) {
        let capacity = (requested + 7) & ~7
        self.capacity = capacity
        self.dimension = dimension
        rowStride = capacity + 8
        let cells = max(1, rowStride * dimension)
        randomBits = lineAligned(RandomStream.batch)
        shocks = lineAligned(cells)
        priceState = lineAligned(cells)
        scale = lineAligned(capacity)
        self.modelStateWords = modelStateWords
        modelState = lineAligned(max(1, modelStateWords * capacity))
        modelState.initialize(repeating: 0, count: max(1, modelStateWords * capacity))
        equity = lineAligned(capacity)
        margin = lineAligned(capacity)
        liquidationStep = lineAligned(capacity)
        exitEquity = lineAligned(capacity)
        minimumEquity = lineAligned(capacity)
        liquidationCost = lineAligned(capacity)
        badDebt = lineAligned(capacity)
        fundingPaid = lineAligned(capacity)
        collateralAtLiquidation = lineAligned(capacity)
        marginScratch = lineAligned(capacity)
        positionScale = lineAligned(capacity)
        realisedPnL = lineAligned(capacity)
        partialLiquidations = lineAligned(capacity)
        partialLiquidations.initialize(repeating: 0, count: capacity)
        extraFormCount = extra
        extraForms = lineAligned(max(1, extra * capacity))
        extraForms.initialize(repeating: 0, count: max(1, extra * capacity))
        chunkPrices = lineAligned(max(1, dimension * 8))
        shocks.initialize(repeating: 0, count: cells)
        priceState.initialize(repeating: 0, count: cells)
        scale.initialize(repeating: 0, count: capacity)
        equity.initialize(repeating: 0, count: capacity)
        margin.initialize(repeating: 0, count: capacity)
        marginScratch.initialize(repeating: 0, count: capacity)
        resetOutcomes(count: capacity)
    }

    /// Sets each path's bad debt from its exit equity: max(0, -equity) (the cross account's rule).
    public func setCrossBadDebt(count: Int) {
        for p in 0..<count { badDebt[p] = max(0, -exitEquity[p]) }
    }

    /// Where a shock model writes.
    public var shockBuffers: ShockBuffers {
        ShockBuffers(shocks: shocks, rowStride: rowStride, scale: scale, state: modelState, capacity: capacity)
    }

    /// Sets every path's outcome to "not liquidated, nothing paid" before a block: an observer then writes
    /// what it records, and nothing read afterwards is left from an earlier block or another analysis.
    public func resetOutcomes(count: Int) {
        liquidationStep.update(repeating: -1, count: count)
        exitEquity.update(repeating: 0, count: count)
        minimumEquity.update(repeating: 0, count: count)
        liquidationCost.update(repeating: 0, count: count)
        badDebt.update(repeating: 0, count: count)
        collateralAtLiquidation.update(repeating: 0, count: count)
        fundingPaid.update(repeating: 0, count: count)
        positionScale.update(repeating: 1, count: count)
        realisedPnL.update(repeating: 0, count: count)
        partialLiquidations.update(repeating: 0, count: count)
    }

    deinit {
        randomBits.deallocate()
        shocks.deallocate()
        priceState.deallocate()
        scale.deallocate()
        modelState.deallocate()
        equity.deallocate()
        margin.deallocate()
        liquidationStep.deallocate()
        exitEquity.deallocate()
        minimumEquity.deallocate()
        liquidationCost.deallocate()
        badDebt.deallocate()
        fundingPaid.deallocate()
        collateralAtLiquidation.deallocate()
        marginScratch.deallocate()
        positionScale.deallocate()
        realisedPnL.deallocate()
        partialLiquidations.deallocate()
        extraForms.deallocate()
        chunkPrices.deallocate()
    }
}

/// `count` values in memory of their own: aligned to a cache line and rounded up to whole lines, so that
/// two workers' workspaces never share a line (one writing it would evict it from the other's cache).
func lineAligned<T>(_ count: Int) -> UnsafeMutablePointer<T> {
    let line = 64
    let bytes = (max(1, count) * MemoryLayout<T>.stride + line - 1) / line * line
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: line).bindMemory(to: T.self, capacity: max(1, count))
}
