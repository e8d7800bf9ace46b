import Foundation

/// Cross against isolated margin on the same paths (common random numbers): one pass in which every path is
/// followed under both modes.
public struct CompareRunner: Sendable {
    public let scenario: Scenario
    public let market: MarketModel
    public let modes: MarginModes

    public init(scenario: Scenario) throws(LAPACKError) {
        self.scenario = scenario
        market = try MarketModel(scenario: scenario, used: AccountModel.usedAssets(scenario))
        modes = MarginModes(scenario: scenario, market: market, cross: true)
    }

    /// Counts and exact sums over some blocks.
    public struct Tally: MergeablePartial, Equatable {
        public var paths = 0
        public var crossLiquidated = 0
        public var anyIsolatedLiquidated = 0
        public var isolatedLiquidated: [Int]
        /// Liquidated under cross although it would have survived isolated (contagion), and the reverse.
        public var crossOnly: [Int]
        public var isolatedOnly: [Int]
        /// Collateral lost by the time of liquidation: E0 - E_tau (cross), sum of a_i - E_i,tau (isolated).
        var crossLossSum = ExactSum()
        var isolatedLossSum = ExactSum()
        public var crossLoss: Double { crossLossSum.value }
        public var isolatedLoss: Double { isolatedLossSum.value }
        /// Paths whose account (cross) or first position (isolated) was liquidated at each step, 0 through steps.
        public var crossByStep: [Int]
        public var isolatedByStep: [Int]

        init(positions n: Int, steps: Int) {
            crossByStep = Array(repeating: 0, count: steps + 1)
            isolatedByStep = Array(repeating: 0, count: steps + 1)
            isolatedLiquidated = Array(repeating: 0, count: n)
            crossOnly = Array(repeating: 0, count: n)
            isolatedOnly = Array(repeating: 0, count: n)
        }

        public mutating func merge(_ b: Tally) {
            paths += b.paths
            crossLiquidated += b.crossLiquidated
            anyIsolatedLiquidated += b.anyIsolatedLiquidated
            for i in isolatedLiquidated.indices {
                isolatedLiquidated[i] += b.isolatedLiquidated[i]
                crossOnly[i] += b.crossOnly[i]
                isolatedOnly[i] += b.isolatedOnly[i]
            }
            crossLossSum.merge(b.crossLossSum)
            isolatedLossSum.merge(b.isolatedLossSum)
            for k in crossByStep.indices {
                crossByStep[k] += b.crossByStep[k]
                isolatedByStep[k] += b.isolatedByStep[k]
            }
        }
    }

    /// Runs `blocks` (every block by default); the tally is bit-identical for any worker count and sharding.
    public func run(blocks: Range<Int>? = nil, progress: SimulationProgress? = nil,
                    control: RunControl? = nil) async -> BlockDriver.Outcome<Tally> {
        let driver = BlockDriver(paths: scenario.paths, workers: scenario.workers)
        return await driver.run(CompareAnalysis(runner: self), blocks: blocks ?? 0..<driver.totalBlocks,
                                progress: progress, control: control)
    }

    /// Adds one block's paths to `t`: its losses summed in path order, then added exactly.
    static func tally(_ s: ModesState, _ ws: BlockWorkspace, count: Int, positions n: Int, modes: MarginModes,
                      initialEquity e0: Double, into t: inout Tally) {
        var crossLoss = 0.0, isolatedLoss = 0.0
        t.paths += count
        for p in 0..<count {
            let cross = ws.liquidationStep[p] >= 0
            if cross {
                t.crossLiquidated += 1
                crossLoss += e0 - ws.exitEquity[p]
                t.crossByStep[Int(ws.liquidationStep[p])] += 1
            }
            if s.firstIsolatedStep[p] >= 0 {
                t.anyIsolatedLiquidated += 1
                t.isolatedByStep[Int(s.firstIsolatedStep[p])] += 1
            }
            for i in 0..<n {
                let isolated = s.isolatedStep[i * s.capacity + p] >= 0
                if isolated {
                    t.isolatedLiquidated[i] += 1
                    isolatedLoss += modes.allocation[i] - s.isolatedEquity[i * s.capacity + p]
                }
                if cross && !isolated { t.crossOnly[i] += 1 }
                if isolated && !cross { t.isolatedOnly[i] += 1 }
            }
        }
        t.crossLossSum.add(crossLoss)
        t.isolatedLossSum.add(isolatedLoss)
    }
}

/// The analysis of `compare`: every path followed under cross and isolated margin at once.
public struct CompareAnalysis: BlockAnalysis {
    let simulator: PathBlockSimulator
    let modes: MarginModes
    let positions: Int
    let initialEquity: Double

    public init(runner: CompareRunner) {
        modes = runner.modes
        positions = runner.scenario.positions.count
        simulator = PathBlockSimulator(market: runner.market, valuation: modes.valuation, steps: runner.scenario.steps,
                                       seed: runner.scenario.seed, antithetic: runner.scenario.antithetic)
        initialEquity = modes.valuation.initialForms(runner.market).first
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let state: ModesState
        var tally: CompareRunner.Tally
        init(workspace: BlockWorkspace, state: ModesState, tally: CompareRunner.Tally) {
            self.workspace = workspace
            self.state = state
            self.tally = tally
        }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: simulator.market.dimension,
                                         extraForms: simulator.forms.extraCount,
                                         modelStateWords: simulator.market.shockStateWordsPerPath),
               state: ModesState(positions: positions, capacity: BlockDriver.blockSize), tally: emptyPartial())
    }

    public func emptyPartial() -> CompareRunner.Tally { CompareRunner.Tally(positions: positions, steps: simulator.steps) }

    public func partial(of worker: Worker) -> CompareRunner.Tally { worker.tally }

    public func run(block: Int, count: Int, worker: Worker) {
        worker.workspace.resetOutcomes(count: count)
        var observer = MarginModesObserver(worker.workspace, worker.state, modes)
        simulator.run(block: block, count: count, in: worker.workspace, observer: &observer)
        CompareRunner.tally(worker.state, worker.workspace, count: count, positions: positions, modes: modes,
                            initialEquity: initialEquity, into: &worker.tally)
    }
}
