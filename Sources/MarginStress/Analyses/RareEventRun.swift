import Foundation

/// What `run` with continuous monitoring or importance sampling keeps in a partial result (`--partial`,
/// `--checkpoint`): the plain pass over its blocks and the second (weighted) pass over its blocks.
///
/// Both passes use the blocks of the scenario's own seed: the plain pass covers blocks `0 ..< plainTotal` (every
/// block, or one round with importance sampling: the pilot), the second pass every block. A shard `[a, b)` of the
/// second pass runs the plain blocks `[a, b) ∩ [0, plainTotal)`, so the shards' plain parts together are exactly
/// the one-process pilot. All sums are exact (`ExactSum`, counts), so merging is associative and bit-identical.
public struct RareRunPartial: MergeablePartial, Equatable {
    public var plain: RunPartial
    /// The end of the plain blocks done (the plain pass runs first; the second pass starts once it is complete).
    public var plainEnd: Int
    public var rare: RareEventPartial
    /// Seconds spent in each pass and paths simulated in them (timing only, never part of a result).
    public var plainSeconds: Double
    public var plainPathsSimulated: Int
    public var rareSeconds: Double
    public var rarePathsSimulated: Int

    public init(plain: RunPartial, plainEnd: Int, rare: RareEventPartial = RareEventPartial(), plainSeconds: Double = 0,
                plainPathsSimulated: Int = 0, rareSeconds: Double = 0, rarePathsSimulated: Int = 0) {
        self.plain = plain
        self.plainEnd = plainEnd
        self.rare = rare
        self.plainSeconds = plainSeconds
        self.plainPathsSimulated = plainPathsSimulated
        self.rareSeconds = rareSeconds
        self.rarePathsSimulated = rarePathsSimulated
    }

    public mutating func merge(_ o: RareRunPartial) {
        plain.merge(o.plain)
        plainEnd = max(plainEnd, o.plainEnd)
        rare.merge(o.rare)
        plainSeconds += o.plainSeconds
        plainPathsSimulated += o.plainPathsSimulated
        rareSeconds += o.rareSeconds
        rarePathsSimulated += o.rarePathsSimulated
    }
}

/// `run` with the rare-event pass: the plain pass (`RareEventRunner.plainScenario`) and then the weighted one,
/// over one range of blocks (all, or a shard's), resumable from a `RareRunPartial`.
public struct RareEventRun: Sendable {
    /// The plain pass (the ordinary figures of `run`, over the pilot's paths with importance sampling).
    public let plain: SimulationRunner
    public let second: RareEventRunner

    public init(scenario s: Scenario) throws(LAPACKError) {
        plain = try SimulationRunner(scenario: RareEventRunner.plainScenario(s))
        second = RareEventRunner(runner: try SimulationRunner(scenario: s))
    }

    /// The driver of the second pass: the run's blocks (shards and checkpoints count these).
    public var driver: BlockDriver { BlockDriver(paths: second.scenario.paths, workers: second.scenario.workers) }

    /// The plain blocks that go with the second pass's blocks `blocks`.
    public func plainBlocks(_ blocks: Range<Int>) -> Range<Int> {
        let t = plain.driver.totalBlocks
        return min(blocks.lowerBound, t)..<min(blocks.upperBound, t)
    }

    /// Paths simulated by both passes over `blocks` (for a progress bar).
    public func paths(inBlocks blocks: Range<Int>) -> Int {
        plain.driver.paths(inBlocks: plainBlocks(blocks)) + driver.paths(inBlocks: blocks)
    }

    /// Paths of both passes already done in a resumed result.
    public func pathsDone(_ r: (partial: RareRunPartial, end: Int), blocks: Range<Int>) -> Int {
        plain.driver.paths(inBlocks: plainBlocks(blocks).lowerBound..<r.partial.plainEnd)
            + driver.paths(inBlocks: blocks.lowerBound..<r.end)
    }

    /// Both passes' results over some blocks.
    public struct Outcome: Sendable {
        public var plain: SimulationResult
        /// The second pass; nil when the run was interrupted before it began.
        public var rare: RareEventRunner.Result?
        /// Second-pass blocks covered, `blocks.lowerBound ..< end` (the partial file's range).
        public var blocks: Range<Int>
        public var partial: RareRunPartial
        public var interruptedBy: Int32? { plain.interruptedBy ?? rare?.interruptedBy }
    }

    /// Runs the plain pass over `plainBlocks(blocks)` and then the second pass over `blocks`, continuing
    /// `resuming` (a result over the second-pass blocks `blocks.lowerBound ..< end`) when given. `checkpoint`
    /// gets the combined result and the second-pass range covered.
    public func run(blocks: Range<Int>, resuming: (partial: RareRunPartial, end: Int)? = nil,
                    progress: SimulationProgress? = nil, control: RunControl? = nil,
                    checkpoint: BlockDriver.Checkpointing<RareRunPartial>? = nil) async -> Outcome {
        let pb = plainBlocks(blocks)
        var saved = resuming?.partial ?? RareRunPartial(plain: plain.analysis.emptyPartial(), plainEnd: pb.lowerBound)
        let plainResult: SimulationResult
        if saved.plainEnd < pb.upperBound {
            let base = saved
            var plainSaver: BlockDriver.Checkpointing<RunPartial>? = nil
            if let checkpoint {
                plainSaver = .init(interval: checkpoint.interval) { partial, range in
                    var c = base
                    c.plain = partial
                    c.plainEnd = range.upperBound
                    checkpoint.save(c, blocks.lowerBound..<blocks.lowerBound)
                }
            }
            let r = await plain.run(blocks: pb, resuming: (saved.plain, saved.plainEnd), progress: progress,
                                    control: control, checkpoint: plainSaver)
            saved.plain = r.partial
            saved.plainEnd = r.blocks.upperBound
            saved.plainSeconds += r.simulationSeconds
            saved.plainPathsSimulated += r.pathsSimulated
            plainResult = SimulationResult(partial: r.partial, blocks: r.blocks, totalBlocks: r.totalBlocks,
                                           pathsRequested: r.pathsRequested, stoppedAtPrecision: false,
                                           interruptedBy: r.interruptedBy, simulationSeconds: saved.plainSeconds,
                                           workers: r.workers, pathsSimulated: saved.plainPathsSimulated)
            if r.interruptedBy != nil {
                return Outcome(plain: plainResult, rare: nil, blocks: blocks.lowerBound..<blocks.lowerBound, partial: saved)
            }
        } else {
            plainResult = SimulationResult(partial: saved.plain, blocks: pb, totalBlocks: plain.driver.totalBlocks,
                                           pathsRequested: plain.scenario.paths, stoppedAtPrecision: false,
                                           interruptedBy: nil, simulationSeconds: saved.plainSeconds,
                                           workers: driver.workerCount(blocks: pb.count),
                                           pathsSimulated: saved.plainPathsSimulated)
        }
        let rareEnd = resuming.map { max($0.end, blocks.lowerBound) } ?? blocks.lowerBound
        let base = saved
        var rareSaver: BlockDriver.Checkpointing<RareEventPartial>? = nil
        if let checkpoint {
            rareSaver = .init(interval: checkpoint.interval) { partial, range in
                var c = base
                c.rare = partial
                checkpoint.save(c, range)
            }
        }
        var r = await second.run(blocks: blocks, resuming: (saved.rare, rareEnd), progress: progress, control: control,
                                 checkpoint: rareSaver)
        saved.rare = r.partial
        saved.rareSeconds += r.seconds
        saved.rarePathsSimulated += r.pathsSimulated
        r.seconds = saved.rareSeconds
        r.pathsSimulated = saved.rarePathsSimulated
        return Outcome(plain: plainResult, rare: r, blocks: r.blocks, partial: saved)
    }

    /// The outcome of merged shards (or a complete file): both passes over every block.
    public func outcome(merged p: RareRunPartial, workers: Int) -> Outcome {
        let pb = plainBlocks(0..<driver.totalBlocks)
        let plainResult = SimulationResult(partial: p.plain, blocks: pb, totalBlocks: plain.driver.totalBlocks,
                                           pathsRequested: plain.scenario.paths, stoppedAtPrecision: false,
                                           interruptedBy: nil, simulationSeconds: p.plainSeconds, workers: workers,
                                           pathsSimulated: p.plainPathsSimulated)
        let all = 0..<driver.totalBlocks
        let rare = RareEventRunner.Result(partial: p.rare, seconds: p.rareSeconds, stoppedAtPrecision: false,
                                          interruptedBy: nil, workers: workers, blocks: all,
                                          pathsSimulated: p.rarePathsSimulated)
        return Outcome(plain: plainResult, rare: rare, blocks: all, partial: p)
    }
}
