/// What is computed over blocks of paths: one of the seams of the engine (see `BlockDriver`).
///
/// An analysis owns its per-worker memory (`Worker`: a workspace, per-path state and an accumulator), sets
/// all of its per-path state when a block starts, simulates the block with its observer (generic, so the
/// per-step loop is specialised: no dynamic dispatch) and adds what it records to the worker's accumulator.
/// The accumulators (`Partial`) merge exactly: integer counts and sketch buckets, and floating sums kept
/// exactly (`ExactSum`), so a result does not depend on which worker ran which block nor on how the blocks
/// were split into shards.
public protocol BlockAnalysis: Sendable {
    associatedtype Worker: AnyObject
    associatedtype Partial: MergeablePartial
    /// Memory for one worker, used by one thread at a time.
    func makeWorker() -> Worker
    /// An empty result (no paths).
    func emptyPartial() -> Partial
    /// Simulates block `block` (`count` paths) and adds it to the worker's accumulator.
    func run(block: Int, count: Int, worker: Worker)
    /// What the worker has accumulated so far.
    func partial(of worker: Worker) -> Partial
}

/// A result over some blocks of paths that merges exactly with the result over other blocks.
public protocol MergeablePartial: Sendable, Codable {
    /// Adds the result over other blocks: exact, so associative and commutative.
    mutating func merge(_ other: Self)
}
