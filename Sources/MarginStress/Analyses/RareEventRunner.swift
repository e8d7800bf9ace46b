import Foundation

/// The second pass of `run` with continuous monitoring or importance sampling (`RareEventAnalysis`), and the
/// plain pilot it is compared with.
public struct RareEventRunner: Sendable {
    public let scenario: Scenario
    public let analysis: RareEventAnalysis

    public init(runner: SimulationRunner) {
        scenario = runner.scenario
        analysis = RareEventAnalysis(scenario: runner.scenario, market: runner.market)
    }

    /// True when the scenario asks for the second pass.
    public static func wanted(_ s: Scenario) -> Bool { s.continuousMonitoring == true || s.importanceSampling == true }

    /// Paths of the plain pilot with importance sampling: one round.
    public static let pilotPaths = BlockDriver.roundLength * BlockDriver.blockSize

    /// The scenario of the plain pass (the ordinary figures of `run`): without a precision target (the second
    /// pass stops at it), and with importance sampling at most `pilotPaths` paths.
    public static func plainScenario(_ s: Scenario) -> Scenario {
        guard wanted(s) else { return s }
        var plain = s
        plain.relativePrecision = nil
        if s.importanceSampling == true { plain.paths = min(s.paths, pilotPaths) }
        return plain
    }

    /// What the second pass gives back.
    public struct Result: Sendable {
        public var partial: RareEventPartial
        public var seconds: Double
        public var stoppedAtPrecision: Bool
        public var interruptedBy: Int32?
        public var workers: Int
        /// Blocks covered (`blocks.lowerBound ..< end`) and paths simulated in `seconds` (fewer after a resume).
        public var blocks: Range<Int>
        public var pathsSimulated: Int
    }

    /// Runs the second pass over `blocks` (all by default), continuing `resuming` when given, stopping at the
    /// scenario's relative-precision target (on the weighted liquidation estimate) when it has one.
    public func run(blocks: Range<Int>? = nil, resuming: (partial: RareEventPartial, end: Int)? = nil,
                    progress: SimulationProgress? = nil, control: RunControl? = nil,
                    checkpoint: BlockDriver.Checkpointing<RareEventPartial>? = nil) async -> Result {
        let driver = BlockDriver(paths: scenario.paths, workers: scenario.workers)
        var stop: ((RareEventPartial) -> Bool)? = nil
        if let target = scenario.relativePrecision { stop = { $0.liquidationEstimate.reaches(relativePrecision: target) } }
        let outcome = await driver.run(analysis, blocks: blocks ?? 0..<driver.totalBlocks, resuming: resuming,
                                       progress: progress, control: control, stopWhen: stop, checkpoint: checkpoint)
        return Result(partial: outcome.partial, seconds: outcome.seconds, stoppedAtPrecision: outcome.stoppedEarly,
                      interruptedBy: outcome.interruptedBy, workers: outcome.workers, blocks: outcome.blocks,
                      pathsSimulated: driver.paths(inBlocks: outcome.simulatedBlocks))
    }
}
