import Foundation
import Synchronization

/// Runs an analysis over a range of blocks of paths on concurrent workers: the one loop behind every command.
///
/// Paths are simulated in blocks of `blockSize`; block b draws from its own random stream keyed by
/// (seed, b), so a block's paths are the same whichever worker runs it, in whichever process. Blocks are
/// handed out in rounds that end at multiples of `roundLength` blocks (the same boundaries for every worker
/// count, every shard and every resumed run): within a round each worker takes the next block from a
/// shared counter and adds it to its own accumulator. Accumulators merge exactly (`MergeablePartial`), so
///
/// - the result is bit-identical for any worker count, and for any split of the blocks into shards whose
///   results are merged afterwards (a shard is a range of blocks);
/// - a stopping rule checked after each round (the relative-precision target) stops every run of the same
///   scenario after the same block;
/// - a run stopped by a signal keeps every block it completed (those taken before the signal: a contiguous
///   range), and a run resumed from that result ends bit-identical to one never interrupted.
///
/// Memory: the workers' own state, whatever the number of paths.
public struct BlockDriver: Sendable {
    /// Paths per block: fixed, since the block is the unit of the random streams.
    public static let blockSize = 256
    /// Blocks per round: the granularity of the relative-precision stop and of checkpoints (32,768 paths).
    public static let roundLength = 128

    /// Paths of the whole run (all shards together).
    public let paths: Int
    /// Worker threads; 0 for one per active core.
    public let workers: Int

    public init(paths: Int, workers: Int) {
        self.paths = paths
        self.workers = workers
    }

    /// Blocks of the whole run.
    public var totalBlocks: Int { (paths + Self.blockSize - 1) / Self.blockSize }

    /// Paths in block `b` (the last block may be short).
    public func paths(inBlock b: Int) -> Int { min(Self.blockSize, paths - b * Self.blockSize) }

    /// Paths in the blocks `range`.
    public func paths(inBlocks range: Range<Int>) -> Int {
        range.isEmpty ? 0 : min(paths, range.upperBound * Self.blockSize) - range.lowerBound * Self.blockSize
    }

    /// Blocks of shard `index` of `count`: the contiguous range [index B / count, (index + 1) B / count).
    public func blocks(ofShard index: Int, of count: Int) -> Range<Int> {
        let b = totalBlocks
        return (index * b / count)..<((index + 1) * b / count)
    }

    /// Worker threads used for `blocks` blocks.
    public func workerCount(blocks: Int) -> Int {
        let wanted = workers > 0 ? workers : max(1, ProcessInfo.processInfo.activeProcessorCount)
        return max(1, min(wanted, blocks))
    }

    /// What a run of the driver gives back.
    public struct Outcome<Partial: Sendable>: Sendable {
        /// The merged result of every completed block (and of the resumed result, if any).
        public var partial: Partial
        /// The blocks it covers: from the first block asked for to the first block not completed.
        public var blocks: Range<Int>
        /// The blocks this process simulated (those after a resumed result).
        public var simulatedBlocks: Range<Int>
        /// True when the stopping rule ended the run before the last block.
        public var stoppedEarly: Bool
        /// The signal that interrupted the run, or nil when it ran to its end (or its stopping rule).
        public var interruptedBy: Int32?
        /// Wall-clock seconds spent simulating in this process.
        public var seconds: Double
        public var workers: Int
    }

    /// Where results are saved while the run goes on: called after a round at most every `interval` seconds,
    /// with the merged result and the blocks it covers.
    public struct Checkpointing<Partial>: Sendable {
        public var interval: Double
        public var save: @Sendable (Partial, Range<Int>) -> Void
        public init(interval: Double, save: @escaping @Sendable (Partial, Range<Int>) -> Void) {
            self.interval = interval
            self.save = save
        }
    }

    /// Runs `analysis` over `blocks`.
    /// - Parameters:
    ///   - resuming: a result already computed over `blocks.lowerBound ..< end`; the run continues at `end`.
    ///   - stopWhen: checked on the merged result after each round; true ends the run there.
    public func run<A: BlockAnalysis>(
        _ analysis: A, blocks: Range<Int>, resuming: (partial: A.Partial, end: Int)? = nil,
        progress: SimulationProgress? = nil, control: RunControl? = nil,
        stopWhen: ((A.Partial) -> Bool)? = nil, checkpoint: Checkpointing<A.Partial>? = nil
    ) async -> Outcome<A.Partial> {
        precondition(blocks.lowerBound >= 0 && blocks.upperBound <= totalBlocks, "blocks within the run")
        let start = resuming?.end ?? blocks.lowerBound
        let count = workerCount(blocks: blocks.upperBound - start)
        let states = (0..<count).map { _ in WorkerBox(analysis.makeWorker()) }
        let clock = ContinuousClock(), began = clock.now
        var lastSave = began
        var next = start, stoppedEarly = false

        func merged() -> A.Partial {
            var total = resuming?.partial ?? analysis.emptyPartial()
            for s in states { total.merge(analysis.partial(of: s.worker)) }
            return total
        }

        // A resumed result that ends on a round boundary where the stopping rule already holds is complete.
        if let resuming, let stopWhen, start < blocks.upperBound, start % Self.roundLength == 0, stopWhen(resuming.partial) {
            return Outcome(partial: resuming.partial, blocks: blocks.lowerBound..<start, simulatedBlocks: start..<start,
                           stoppedEarly: true,
                           interruptedBy: nil, seconds: 0, workers: count)
        }
        while next < blocks.upperBound && !(control?.isStopped ?? false) {
            let end = min(blocks.upperBound, (next / Self.roundLength + 1) * Self.roundLength)
            let counter = BlockCounter(next)
            let driver = self
            _ = await WorkerThreads.run(count: count) { w in
                let worker = states[w].worker
                while !(control?.isStopped ?? false) {
                    let b = counter.take()
                    if b >= end { break }
                    let paths = driver.paths(inBlock: b)
                    analysis.run(block: b, count: paths, worker: worker)
                    progress?.add(paths)
                }
            }
            next = min(end, counter.current)
            if control?.isStopped ?? false { break }
            if next < blocks.upperBound, let stopWhen, stopWhen(merged()) {
                stoppedEarly = true
                break
            }
            if let checkpoint, next < blocks.upperBound, (clock.now - lastSave) / .seconds(1) >= checkpoint.interval {
                checkpoint.save(merged(), blocks.lowerBound..<next)
                lastSave = clock.now
            }
        }
        return Outcome(partial: merged(), blocks: blocks.lowerBound..<next, simulatedBlocks: start..<next,
                       stoppedEarly: stoppedEarly,
                       interruptedBy: next < blocks.upperBound && !stoppedEarly ? control?.stoppedBy : nil,
                       seconds: (clock.now - began) / .seconds(1), workers: count)
    }
}

/// A worker's memory, handed between rounds by the threads' barrier: used by one thread at a time.
final class WorkerBox<Worker: AnyObject>: @unchecked Sendable {
    let worker: Worker
    init(_ worker: Worker) { self.worker = worker }
}

/// The next block to run within a round.
final class BlockCounter: Sendable {
    private let value: Atomic<Int>
    init(_ first: Int) { value = Atomic(first) }
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
    /// The next block that would be taken.
    var current: Int { value.load(ordering: .relaxed) }
}
