import Foundation

/// The outcome of a run: merged integer accumulators and block-ordered floating sums.
public struct SimulationResult: Sendable {
    public var outcomes: OutcomeAccumulator
    public var moments: BlockMoments
    /// Blocks simulated (fewer than planned when a relative-precision target was met early).
    public var blocks: Int
    /// Paths asked for (the cap, with a relative-precision target).
    public var pathsRequested: Int
    /// True when the relative-precision target stopped the run before `pathsRequested`.
    public var stoppedAtPrecision: Bool
    /// Wall-clock seconds spent simulating (setup and reporting excluded).
    public var simulationSeconds: Double
    public var workers: Int
}

/// Runs the blocks of a scenario on concurrent workers and merges their results deterministically.
///
/// Blocks are handed out in rounds of `roundLength` blocks. Within a round each worker takes the next block
/// from a shared counter, runs it in its own workspace, records integer outcomes into its own accumulator
/// and writes the block's sums into the block's slot; after the round the slots are appended in block
/// order. Integer merges are order-free, so the result is bit-identical for any worker count. The round
/// length does not depend on the worker count, so a relative-precision target, checked after each round
/// on the block-ordered sums, stops every run of the same scenario after the same block. Memory is bounded
/// by the workers' workspaces and one round of slots, whatever the number of paths.
public struct SimulationRunner: Sendable {
    public let scenario: Scenario
    public let market: MarketModel
    public let account: AccountModel

    public init(scenario: Scenario) throws(LAPACKError) {
        self.scenario = scenario
        market = try MarketModel(scenario: scenario, used: AccountModel.usedAssets(scenario))
        account = AccountModel(scenario: scenario, market: market)
    }

    /// Workers actually used: the scenario's count, or one per active core when it is 0.
    public var workerCount: Int {
        scenario.workers > 0 ? scenario.workers : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The scale of account values (for sketch resolution): the largest of equity, gross notional and 1.
    var valueScale: Double {
        let s = scenario.snapshot
        return max(abs(s.equity), s.grossNotional, s.collateralValue, 1)
    }

    /// Blocks per round: the granularity of the relative-precision stop (32,768 paths).
    public static let roundLength = 128

    public func run(progress: SimulationProgress? = nil) async -> SimulationResult {
        let blockSize = PathBlockSimulator.blockSize
        let blocks = (scenario.paths + blockSize - 1) / blockSize
        let workers = min(workerCount, blocks)
        let antithetic = scenario.antithetic, isolated = scenario.mode == .isolated
        let modes = isolated ? MarginModes(scenario: scenario, market: market) : nil
        let partial = scenario.partialLiquidationBuffer
        let forms = modes?.forms ?? (partial != nil ? AccountModel.partialForms(scenario, market) : AccountModel.runForms(scenario, market))
        let simulator = PathBlockSimulator(market: market, forms: forms,
                                           steps: scenario.steps, seed: scenario.seed, antithetic: antithetic)
        let spot = market.spot
        let states = (0..<workers).map { _ in
            WorkerState(workspace: BlockWorkspace(capacity: blockSize, dimension: market.dimension,
                                                  extraForms: simulator.forms.extraCount),
                        outcomes: OutcomeAccumulator(steps: scenario.steps, scale: valueScale),
                        modes: modes.map { ModesState(positions: $0.allocation.count, capacity: blockSize) })
        }
        var moments = BlockMoments()
        let paths = scenario.paths, e0 = account.initialEquity
        let start = ContinuousClock.now
        let run = await BlockRounds.run(
            blocks: blocks, roundLength: Self.roundLength, states: states,
            block: { state, b in
                let count = min(blockSize, paths - b * blockSize)
                if let modes, let modesState = state.modes {
                    // Isolated: the account's outcome is the first position liquidated and the sum of the positions.
                    var observer = MarginModesObserver(state.workspace, modesState, modes)
                    simulator.run(block: b, count: count, in: state.workspace, observer: &observer)
                    observer.writeIsolatedOutcomes(count: count)
                } else if let partial {
                    let initial = forms.extraValues(at: market.spot)
                    let costRow: Int? = scenario.hasLiquidationCosts ? 1 : nil
                    let fundingRow: Int? = scenario.hasFunding ? (costRow == nil ? 1 : 2) : nil
                    var observer = PartialLiquidationObserver(state.workspace, buffer: partial, costRow: costRow,
                                                              fundingRow: fundingRow, initialPnL: initial[0],
                                                              initialCost: costRow.map { initial[$0] } ?? 0)
                    simulator.run(block: b, count: count, in: state.workspace, observer: &observer)
                } else {
                    var observer = LiquidationObserver.forRun(state.workspace, scenario, forms, spot: spot)
                    simulator.run(block: b, count: count, in: state.workspace, observer: &observer)
                }
                state.outcomes.record(state.workspace, count: count, initialEquity: e0)
                progress?.add(count)
                return BlockMoments(state.workspace, count: count, initialEquity: e0, antithetic: antithetic)
            },
            append: { moments.append($0) },
            stopAfterRound: {
                guard let target = scenario.relativePrecision else { return false }
                return Self.precisionReached(moments.liquidationEstimate(antithetic: antithetic), target: target)
            })
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        var outcomes = states[0].outcomes
        for state in states.dropFirst() { outcomes.merge(state.outcomes) }
        return SimulationResult(outcomes: outcomes, moments: moments, blocks: run, pathsRequested: scenario.paths,
                                stoppedAtPrecision: run < blocks, simulationSeconds: seconds, workers: workers)
    }

    /// True when the 95% interval's half-width is at most `target` times the estimate (never at p = 0).
    static func precisionReached(_ estimate: ProportionEstimate, target: Double) -> Bool {
        guard estimate.count > 0 else { return false }
        let halfWidth = (estimate.interval95[1] - estimate.interval95[0]) / 2
        return halfWidth <= target * estimate.probability
    }
}

/// A worker's own memory: used by one task at a time, handed between rounds by the task group's barrier.
final class WorkerState: @unchecked Sendable {
    let workspace: BlockWorkspace
    var outcomes: OutcomeAccumulator
    let modes: ModesState?

    init(workspace: BlockWorkspace, outcomes: OutcomeAccumulator, modes: ModesState?) {
        self.workspace = workspace
        self.outcomes = outcomes
        self.modes = modes
    }
}
