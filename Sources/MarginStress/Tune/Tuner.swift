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

    /// Counts at every grid value over all paths; bit-identical for any worker count (integers only).
    public func run(progress: SimulationProgress? = nil) async -> GridCounts {
        let blockSize = PathBlockSimulator.blockSize
        let blocks = (scenario.paths + blockSize - 1) / blockSize
        let workers = min(scenario.workers > 0 ? scenario.workers : max(1, ProcessInfo.processInfo.activeProcessorCount), blocks)
        let simulator = PathBlockSimulator(market: market, forms: forms, steps: scenario.steps, seed: scenario.seed)
        let next = BlockCounter(0)
        let paths = scenario.paths, dimension = market.dimension, grid = grid, question = question
        let perWorker = await WorkerThreads.run(count: workers) { _ in
            let ws = BlockWorkspace(capacity: blockSize, dimension: dimension)
            var counts = GridCounts(grid: grid)
            while true {
                let b = next.take()
                if b >= blocks { break }
                let count = min(blockSize, paths - b * blockSize)
                // The outcome arrays of the workspace are free here: they hold the per-path state.
                switch question {
                case .scale:
                    var observer = CriticalScaleObserver(upper: ws.exitEquity, lower: ws.minimumEquity)
                    simulator.run(block: b, count: count, in: ws, observer: &observer)
                    observer.record(count: count, into: &counts)
                case .maintenanceRate:
                    var observer = BadDebtObserver(threshold: ws.exitEquity, running: ws.minimumEquity)
                    simulator.run(block: b, count: count, in: ws, observer: &observer)
                    observer.record(count: count, into: &counts)
                }
                progress?.add(count)
            }
            return counts
        }
        var total = GridCounts(grid: grid)
        for counts in perWorker { total.merge(counts) }
        return total
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
