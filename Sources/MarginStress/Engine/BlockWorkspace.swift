/// Scratch memory for one block of paths, owned by one worker and reused for every block it runs.
///
/// Structure-of-arrays: asset i's values for the block's paths are contiguous (`[i * rowStride + p]`),
/// so the per-asset loops over paths are unit-stride and vectorise.
public final class BlockWorkspace {
    public let capacity: Int
    public let dimension: Int
    /// Distance between consecutive assets' rows in `shocks` and `logPrice`: the capacity plus one cache
    /// line, so that the rows of one chunk of paths do not all fall in the same few L1 cache sets.
    public let rowStride: Int
    public let randomBits: UnsafeMutablePointer<UInt64>
    /// Shocks, then correlated shocks, per asset and path.
    public let shocks: UnsafeMutablePointer<Double>
    /// log(P_t / P_0) per asset and path.
    public let logPrice: UnsafeMutablePointer<Double>
    /// Student-t scale sqrt((nu - 2) / W) per path.
    public let scale: UnsafeMutablePointer<Double>
    public let equity: UnsafeMutablePointer<Double>
    public let margin: UnsafeMutablePointer<Double>
    /// Outcomes per path: step of liquidation (-1 if none), equity when the path left, minimum equity.
    public let liquidationStep: UnsafeMutablePointer<Int32>
    public let exitEquity: UnsafeMutablePointer<Double>
    public let minimumEquity: UnsafeMutablePointer<Double>
    /// Cost paid when the path was liquidated (spread, impact, fee); 0 when it was not.
    public let liquidationCost: UnsafeMutablePointer<Double>
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
    public init(capacity requested: Int, dimension: Int, extraForms extra: Int = 0) {
        let capacity = (requested + 7) & ~7
        self.capacity = capacity
        self.dimension = dimension
        rowStride = capacity + 8
        let cells = max(1, rowStride * dimension)
        randomBits = .allocate(capacity: RandomStream.batch)
        shocks = .allocate(capacity: cells)
        logPrice = .allocate(capacity: cells)
        scale = .allocate(capacity: capacity)
        equity = .allocate(capacity: capacity)
        margin = .allocate(capacity: capacity)
        liquidationStep = .allocate(capacity: capacity)
        exitEquity = .allocate(capacity: capacity)
        minimumEquity = .allocate(capacity: capacity)
        liquidationCost = .allocate(capacity: capacity)
        fundingPaid = .allocate(capacity: capacity)
        collateralAtLiquidation = .allocate(capacity: capacity)
        marginScratch = .allocate(capacity: capacity)
        positionScale = .allocate(capacity: capacity)
        realisedPnL = .allocate(capacity: capacity)
        partialLiquidations = .allocate(capacity: capacity)
        partialLiquidations.initialize(repeating: 0, count: capacity)
        extraFormCount = extra
        extraForms = .allocate(capacity: max(1, extra * capacity))
        extraForms.initialize(repeating: 0, count: max(1, extra * capacity))
        chunkPrices = .allocate(capacity: max(1, dimension * 8))
        shocks.initialize(repeating: 0, count: cells)
        logPrice.initialize(repeating: 0, count: cells)
        scale.initialize(repeating: 0, count: capacity)
        equity.initialize(repeating: 0, count: capacity)
        margin.initialize(repeating: 0, count: capacity)
    }

    deinit {
        randomBits.deallocate()
        shocks.deallocate()
        logPrice.deallocate()
        scale.deallocate()
        equity.deallocate()
        margin.deallocate()
        liquidationStep.deallocate()
        exitEquity.deallocate()
        minimumEquity.deallocate()
        liquidationCost.deallocate()
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
