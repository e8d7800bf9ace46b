/// Scratch memory for one block of paths, owned by one worker and reused for every block it runs.
///
/// Structure-of-arrays: asset i's values for the block's paths are contiguous (`[i * capacity + p]`),
/// so the per-asset loops over paths are unit-stride and vectorise.
final class BlockWorkspace {
    let capacity: Int
    let dimension: Int
    let randomBits: UnsafeMutablePointer<UInt64>
    /// Shocks, then correlated shocks, per asset and path.
    let shocks: UnsafeMutablePointer<Double>
    /// log(P_t / P_0) per asset and path.
    let logPrice: UnsafeMutablePointer<Double>
    /// Student-t scale sqrt((nu - 2) / W) per path.
    let scale: UnsafeMutablePointer<Double>
    let equity: UnsafeMutablePointer<Double>
    let margin: UnsafeMutablePointer<Double>
    /// Outcomes per path: step of liquidation (-1 if none), equity when the path left, minimum equity.
    let liquidationStep: UnsafeMutablePointer<Int32>
    let exitEquity: UnsafeMutablePointer<Double>
    let minimumEquity: UnsafeMutablePointer<Double>

    init(capacity: Int, dimension: Int) {
        self.capacity = capacity
        self.dimension = dimension
        let cells = max(1, capacity * dimension)
        randomBits = .allocate(capacity: RandomStream.batch)
        shocks = .allocate(capacity: cells)
        logPrice = .allocate(capacity: cells)
        scale = .allocate(capacity: capacity)
        equity = .allocate(capacity: capacity)
        margin = .allocate(capacity: capacity)
        liquidationStep = .allocate(capacity: capacity)
        exitEquity = .allocate(capacity: capacity)
        minimumEquity = .allocate(capacity: capacity)
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
    }
}
