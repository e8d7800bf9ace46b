import Foundation

/// The outcome of `run` over some blocks: merged counts, sketches and exact sums.
public struct SimulationResult: Sendable {
    public var outcomes: OutcomeAccumulator
    public var moments: MomentTotals
    /// The blocks simulated: all of them, a shard's range, or fewer when the run stopped early.
    public var blocks: Range<Int>
    /// Blocks of the whole run (all shards together).
    public var totalBlocks: Int
    /// Paths asked for (the cap, with a relative-precision target).
    public var pathsRequested: Int
    /// True when the relative-precision target stopped the run before `pathsRequested`.
    public var stoppedAtPrecision: Bool
    /// The signal (SIGINT 2, SIGTERM 15) that interrupted the run; nil when it ran to its end.
    public var interruptedBy: Int32?
    /// Wall-clock seconds spent simulating (setup and reporting excluded).
    public var simulationSeconds: Double
    /// Paths simulated in those seconds (fewer than `outcomes.paths` after a resumed result).
    public var pathsSimulated: Int
    public var workers: Int

    public init(partial: RunPartial, blocks: Range<Int>, totalBlocks: Int, pathsRequested: Int, stoppedAtPrecision: Bool,
                interruptedBy: Int32?, simulationSeconds: Double, workers: Int, pathsSimulated: Int? = nil) {
        outcomes = partial.outcomes
        moments = partial.moments
        self.blocks = blocks
        self.totalBlocks = totalBlocks
        self.pathsRequested = pathsRequested
        self.stoppedAtPrecision = stoppedAtPrecision
        self.interruptedBy = interruptedBy
        self.simulationSeconds = simulationSeconds
        self.workers = workers
        self.pathsSimulated = pathsSimulated ?? partial.outcomes.paths
    }

    public var partial: RunPartial { RunPartial(outcomes: outcomes, moments: moments) }
}

/// `run`: the scenario's market and account, and the block driver running `RunAnalysis` over its blocks.
public struct SimulationRunner: Sendable {
    public let scenario: Scenario
    public let market: MarketModel
    public let account: AccountModel

    public init(scenario: Scenario) throws(LAPACKError) {
        self.scenario = scenario
        market = try MarketModel(scenario: scenario, used: AccountModel.usedAssets(scenario))
        account = AccountModel(scenario: scenario, market: market)
    }

    /// The driver of this scenario's blocks.
    public var driver: BlockDriver { BlockDriver(paths: scenario.paths, workers: scenario.workers) }

    /// Workers actually used: the scenario's count, or one per active core when it is 0.
    public var workerCount: Int { driver.workerCount(blocks: driver.totalBlocks) }

    /// The scale of account values (for sketch resolution): the largest of equity, gross notional and 1.
    var valueScale: Double {
        let s = scenario.snapshot
        return max(abs(s.equity), s.grossNotional, s.collateralValue, 1)
    }

    /// The valuation of `run` in cross mode with full liquidation.
    public var valuation: Valuation { Valuation(scenario: scenario, market: market, rows: .run) }

    /// The analysis every `run` of this scenario performs.
    public var analysis: RunAnalysis {
        RunAnalysis(scenario: scenario, market: market, initialEquity: account.initialEquity, valueScale: valueScale)
    }

    /// Blocks per round: the granularity of the relative-precision stop (32,768 paths).
    public static let roundLength = BlockDriver.roundLength

    /// Runs `blocks` (all of them by default), continuing `resuming` when given.
    public func run(blocks: Range<Int>? = nil, resuming: (partial: RunPartial, end: Int)? = nil,
                    progress: SimulationProgress? = nil, control: RunControl? = nil,
                    checkpoint: BlockDriver.Checkpointing<RunPartial>? = nil) async -> SimulationResult {
        let driver = driver, antithetic = scenario.antithetic
        let range = blocks ?? 0..<driver.totalBlocks
        var stop: ((RunPartial) -> Bool)? = nil
        if let target = scenario.relativePrecision {
            stop = { Self.precisionReached($0.moments.liquidationEstimate(antithetic: antithetic), target: target) }
        }
        let outcome = await driver.run(analysis, blocks: range, resuming: resuming, progress: progress, control: control,
                                       stopWhen: stop, checkpoint: checkpoint)
        return SimulationResult(partial: outcome.partial, blocks: outcome.blocks, totalBlocks: driver.totalBlocks,
                                pathsRequested: scenario.paths, stoppedAtPrecision: outcome.stoppedEarly,
                                interruptedBy: outcome.interruptedBy, simulationSeconds: outcome.seconds,
                                workers: outcome.workers, pathsSimulated: driver.paths(inBlocks: outcome.simulatedBlocks))
    }

    /// True when the 95% interval's half-width is at most `target` times the estimate (never at p = 0).
    static func precisionReached(_ estimate: ProportionEstimate, target: Double) -> Bool {
        guard estimate.count > 0 else { return false }
        let halfWidth = (estimate.interval95[1] - estimate.interval95[0]) / 2
        return halfWidth <= target * estimate.probability
    }
}
