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
        modes = MarginModes(scenario: scenario, market: market)
    }

    /// Counts and sums over one block, or over the blocks so far.
    public struct Tally: Sendable, Equatable {
        public var paths = 0
        public var crossLiquidated = 0
        public var anyIsolatedLiquidated = 0
        public var isolatedLiquidated: [Int]
        /// Liquidated under cross although it would have survived isolated (contagion), and the reverse.
        public var crossOnly: [Int]
        public var isolatedOnly: [Int]
        /// Collateral lost by the time of liquidation: E0 - E_tau (cross), sum of a_i - E_i,tau (isolated).
        public var crossLoss = 0.0
        public var isolatedLoss = 0.0
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

        mutating func append(_ b: Tally) {
            paths += b.paths
            crossLiquidated += b.crossLiquidated
            anyIsolatedLiquidated += b.anyIsolatedLiquidated
            for i in isolatedLiquidated.indices {
                isolatedLiquidated[i] += b.isolatedLiquidated[i]
                crossOnly[i] += b.crossOnly[i]
                isolatedOnly[i] += b.isolatedOnly[i]
            }
            crossLoss += b.crossLoss
            isolatedLoss += b.isolatedLoss
            for k in crossByStep.indices {
                crossByStep[k] += b.crossByStep[k]
                isolatedByStep[k] += b.isolatedByStep[k]
            }
        }
    }

    /// Runs every path; the tally is bit-identical for any worker count (block-ordered sums).
    public func run(progress: SimulationProgress? = nil) async -> Tally {
        let blockSize = PathBlockSimulator.blockSize
        let blocks = (scenario.paths + blockSize - 1) / blockSize
        let workers = min(scenario.workers > 0 ? scenario.workers : max(1, ProcessInfo.processInfo.activeProcessorCount), blocks)
        let simulator = PathBlockSimulator(market: market, forms: modes.forms, steps: scenario.steps, seed: scenario.seed,
                                           antithetic: scenario.antithetic)
        let n = scenario.positions.count, modes = modes, paths = scenario.paths
        let e0 = modes.forms.values(at: market.spot).first
        let states = (0..<workers).map { _ in
            ModesWorker(workspace: BlockWorkspace(capacity: blockSize, dimension: market.dimension, extraForms: 2 * n),
                        state: ModesState(positions: n, capacity: blockSize))
        }
        var total = Tally(positions: n, steps: scenario.steps)
        _ = await BlockRounds.run(
            blocks: blocks, roundLength: SimulationRunner.roundLength, states: states,
            block: { worker, b in
                let count = min(blockSize, paths - b * blockSize)
                var observer = MarginModesObserver(worker.workspace, worker.state, modes)
                simulator.run(block: b, count: count, in: worker.workspace, observer: &observer)
                progress?.add(count)
                return Self.tally(worker.state, count: count, positions: n, steps: simulator.steps, modes: modes, initialEquity: e0)
            },
            append: { total.append($0) })
        return total
    }

    static func tally(_ s: ModesState, count: Int, positions n: Int, steps: Int, modes: MarginModes,
                      initialEquity e0: Double) -> Tally {
        var t = Tally(positions: n, steps: steps)
        t.paths = count
        for p in 0..<count {
            let cross = s.crossStep[p] >= 0
            if cross {
                t.crossLiquidated += 1
                t.crossLoss += e0 - s.crossEquity[p]
                t.crossByStep[Int(s.crossStep[p])] += 1
            }
            if s.firstIsolatedStep[p] >= 0 {
                t.anyIsolatedLiquidated += 1
                t.isolatedByStep[Int(s.firstIsolatedStep[p])] += 1
            }
            for i in 0..<n {
                let isolated = s.isolatedStep[i * s.capacity + p] >= 0
                if isolated {
                    t.isolatedLiquidated[i] += 1
                    t.isolatedLoss += modes.allocation[i] - s.isolatedEquity[i * s.capacity + p]
                }
                if cross && !isolated { t.crossOnly[i] += 1 }
                if isolated && !cross { t.isolatedOnly[i] += 1 }
            }
        }
        return t
    }
}

final class ModesWorker: @unchecked Sendable {
    let workspace: BlockWorkspace
    let state: ModesState
    init(workspace: BlockWorkspace, state: ModesState) {
        self.workspace = workspace
        self.state = state
    }
}
