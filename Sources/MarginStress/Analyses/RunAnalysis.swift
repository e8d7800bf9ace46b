/// The analysis of `run`: each path's liquidation (the first step with equity below maintenance margin, under
/// the scenario's rule: cross with full or partial liquidation, or isolated), its exit equity, minimum equity
/// and costs, recorded into an `OutcomeAccumulator` (counts and sketches) and `MomentTotals` (exact sums).
public struct RunAnalysis: BlockAnalysis {
    public let scenario: Scenario
    public let market: MarketModel
    let simulator: PathBlockSimulator
    let rule: Rule
    let initialEquity: Double
    let valueScale: Double

    /// How a path is followed.
    enum Rule: Sendable {
        /// Cross margin, the whole account liquidated at once.
        case full
        /// Cross margin, positions cut pro rata (`PartialLiquidationObserver`).
        case partial(buffer: Double)
        /// Isolated margin per position (`MarginModesObserver`).
        case isolated(MarginModes)
    }

    public init(scenario: Scenario, market: MarketModel, initialEquity: Double, valueScale: Double) {
        self.scenario = scenario
        self.market = market
        self.initialEquity = initialEquity
        self.valueScale = valueScale
        let valuation: Valuation
        if scenario.mode == .isolated {
            let modes = MarginModes(scenario: scenario, market: market, cross: false)
            valuation = modes.valuation
            rule = .isolated(modes)
        } else if let buffer = scenario.partialLiquidationBuffer {
            valuation = Valuation(scenario: scenario, market: market, rows: [.collateral, .totalPnL, .cost, .impactCost, .funding],
                                  always: .collateral)
            rule = .partial(buffer: buffer)
        } else {
            valuation = Valuation(scenario: scenario, market: market, rows: .run)
            rule = .full
        }
        simulator = PathBlockSimulator(market: market, valuation: valuation, steps: scenario.steps, seed: scenario.seed,
                                       antithetic: scenario.antithetic)
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let modes: ModesState?
        var result: RunPartial

        init(workspace: BlockWorkspace, modes: ModesState?, result: RunPartial) {
            self.workspace = workspace
            self.modes = modes
            self.result = result
        }
    }

    public func makeWorker() -> Worker {
        var modes: ModesState? = nil
        if case .isolated(let m) = rule { modes = ModesState(positions: m.allocation.count, capacity: BlockDriver.blockSize) }
        return Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: market.dimension,
                                                extraForms: simulator.forms.extraCount,
                                                modelStateWords: market.shockStateWordsPerPath),
                      modes: modes, result: emptyPartial())
    }

    public func emptyPartial() -> RunPartial {
        RunPartial(outcomes: OutcomeAccumulator(steps: scenario.steps, scale: valueScale), moments: MomentTotals())
    }

    public func partial(of worker: Worker) -> RunPartial { worker.result }

    public func run(block: Int, count: Int, worker: Worker) {
        let ws = worker.workspace
        ws.resetOutcomes(count: count)
        switch rule {
        case .full:
            var observer = LiquidationObserver.forRun(ws, simulator.valuation)
            simulator.run(block: block, count: count, in: ws, observer: &observer)
            ws.setCrossBadDebt(count: count)
        case .partial(let buffer):
            var observer = PartialLiquidationObserver(ws, buffer: buffer, valuation: simulator.valuation)
            simulator.run(block: block, count: count, in: ws, observer: &observer)
            ws.setCrossBadDebt(count: count)
        case .isolated(let modes):
            var observer = MarginModesObserver(ws, worker.modes!, modes)
            simulator.run(block: block, count: count, in: ws, observer: &observer)
            observer.writeIsolatedOutcomes(count: count)
        }
        worker.result.outcomes.record(ws, count: count, initialEquity: initialEquity)
        worker.result.moments.add(BlockMoments(ws, count: count, initialEquity: initialEquity,
                                               antithetic: scenario.antithetic))
    }
}

/// The result of `run` over some blocks: counts and sketches, and exact sums.
public struct RunPartial: MergeablePartial, Equatable {
    public var outcomes: OutcomeAccumulator
    public var moments: MomentTotals

    public mutating func merge(_ other: RunPartial) {
        outcomes.merge(other.outcomes)
        moments.merge(other.moments)
    }
}
