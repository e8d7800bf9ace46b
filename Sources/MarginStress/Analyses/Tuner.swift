import Foundation
import Synchronization

/// One pass of paths that answers a leverage question for every value on a grid at once, with common random
/// numbers: the same streams, blocks and shocks as `run` on the same scenario and seed.
///
/// - `.scale`: scale the chosen positions by k (collateral fixed); counts paths liquidated at each k.
/// - `.maintenanceRate`: give the chosen positions one flat maintenance rate m; counts paths that end in
///   bad debt (equity below zero at liquidation) at each m.
public struct Tuner: Sendable {
    public enum Question: Sendable, Equatable {
        case scale
        case maintenanceRate
    }

    public let scenario: Scenario
    public let question: Question
    /// Indices into `scenario.positions` of the positions scaled or re-rated.
    public let chosen: [Int]
    public let market: MarketModel
    public let forms: LinearForms
    public let grid: [Double]
    /// How the counts were obtained, when not by the one-pass critical scale.
    public var methodNote: String? = nil

    /// - Parameters:
    ///   - asset: the asset whose positions are chosen; nil chooses every position.
    ///   - grid: the scales or rates to count at, strictly increasing.
    public init(scenario: Scenario, question: Question, asset: Int?, grid: [Double]) throws(LAPACKError) {
        self.scenario = scenario
        self.question = question
        self.grid = grid
        market = try MarketModel(scenario: scenario, used: AccountModel.usedAssets(scenario))
        let chosen = scenario.positions.indices.filter { asset == nil || scenario.positions[$0].asset == asset }
        self.chosen = chosen
        let n = scenario.assets.count
        var first = LinearFormBuilder(assetCount: n), second = LinearFormBuilder(assetCount: n)
        for c in scenario.collateral { first.addCollateral(c) }
        for (i, p) in scenario.positions.enumerated() {
            let isChosen = chosen.contains(i)
            switch question {
            case .scale:
                // A = K + sum over fixed positions of (PnL - margin); D = sum over scaled ones of (margin - PnL).
                if isChosen {
                    second.addMaintenanceMargin(p)
                    second.addUnrealisedPnL(p, sign: -1)
                } else {
                    first.addUnrealisedPnL(p)
                    first.addMaintenanceMargin(p, sign: -1)
                }
            case .maintenanceRate:
                // F = equity - margin of the positions whose rate is kept; N = notional of the re-rated ones.
                first.addUnrealisedPnL(p)
                if isChosen { second.addNotional(p) } else { first.addMaintenanceMargin(p, sign: -1) }
            }
        }
        forms = LinearFormBuilder.forms(first, second, scenario, market)
    }

    /// Counts at every grid value over `blocks` (all by default); bit-identical for any worker count and
    /// sharding (integers only). Antithetic pairs when the scenario asks for them, as in `run`.
    public func run(blocks: Range<Int>? = nil, progress: SimulationProgress? = nil,
                    control: RunControl? = nil) async -> BlockDriver.Outcome<GridCounts> {
        let driver = BlockDriver(paths: scenario.paths, workers: scenario.workers)
        return await driver.run(TuneAnalysis(tuner: self), blocks: blocks ?? 0..<driver.totalBlocks,
                                progress: progress, control: control)
    }

    /// Gross notional and equity at spot prices when the chosen positions are scaled by k.
    public func account(atScale k: Double) -> (grossNotional: Double, equity: Double) {
        var gross = 0.0, equity = scenario.collateral.reduce(0.0) { $0 + $1.amount * scenario.assets[$1.asset].price * (1 - $1.haircut) }
        for (i, p) in scenario.positions.enumerated() {
            let f = chosen.contains(i) ? k : 1
            let price = scenario.assets[p.asset].price
            gross += f * abs(p.quantity) * price
            equity += f * p.quantity * (price - p.entryPrice)
        }
        return (gross, equity)
    }
}

/// The analysis of `tune`: each path's critical scale (or bad-debt threshold), counted over the grid.
public struct TuneAnalysis: BlockAnalysis {
    let simulator: PathBlockSimulator
    let question: Tuner.Question
    let grid: [Double]

    public init(tuner: Tuner) {
        simulator = PathBlockSimulator(market: tuner.market, valuation: Valuation(forms: tuner.forms, market: tuner.market),
                                       steps: tuner.scenario.steps,
                                       seed: tuner.scenario.seed, antithetic: tuner.scenario.antithetic)
        question = tuner.question
        grid = tuner.grid
    }

    public final class Worker {
        let workspace: BlockWorkspace
        var counts: GridCounts
        init(workspace: BlockWorkspace, counts: GridCounts) {
            self.workspace = workspace
            self.counts = counts
        }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: simulator.market.dimension,
                                         modelStateWords: simulator.market.shockStateWordsPerPath),
               counts: emptyPartial())
    }

    public func emptyPartial() -> GridCounts { GridCounts(grid: grid) }

    public func partial(of worker: Worker) -> GridCounts { worker.counts }

    public func run(block: Int, count: Int, worker: Worker) {
        let ws = worker.workspace
        // The outcome arrays of the workspace hold the per-path state; every observer sets them in `start`.
        switch question {
        case .scale:
            var observer = CriticalScaleObserver(upper: ws.exitEquity, lower: ws.minimumEquity)
            simulator.run(block: block, count: count, in: ws, observer: &observer)
            observer.record(count: count, into: &worker.counts)
        case .maintenanceRate:
            var observer = BadDebtObserver(threshold: ws.exitEquity, running: ws.minimumEquity)
            simulator.run(block: block, count: count, in: ws, observer: &observer)
            observer.record(count: count, into: &worker.counts)
        }
    }
}
