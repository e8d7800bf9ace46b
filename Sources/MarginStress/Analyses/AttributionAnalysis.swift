import Foundation

/// Which positions a liquidation's loss came from, and each position's contribution to the 99% expected
/// shortfall of terminal PnL (Euler allocation).
///
/// Two passes over the same paths (same seed, exactly the blocks the run completed, the run's liquidation rule):
/// the first is the ordinary run, whose loss distribution gives the 99% VaR; the second (`AttributionAnalysis`)
/// follows each position's PnL, q (P_t - e), and records it when a
/// path leaves (at liquidation, or at the horizon). For liquidated paths it sums each position's loss and
/// counts the position that lost most; for paths whose loss is at or beyond the VaR it sums each position's
/// PnL, so the contributions E[-PnL_i | loss >= VaR] add up, with the rest (collateral moves, funding, costs),
/// to exactly the tail's mean loss.
public struct AttributionSummary: Sendable, Codable, Equatable {
    public var liquidated: Liquidated
    public var componentExpectedShortfall: ComponentES

    public struct Liquidated: Sendable, Codable, Equatable {
        public var paths: Int
        public var positions: [PositionLoss]
    }

    public struct PositionLoss: Sendable, Codable, Equatable {
        public var asset: String
        /// Mean loss of the position up to liquidation (negative: it gained), over liquidated paths.
        public var meanLoss: Double
        /// Its share of the total position losses over liquidated paths.
        public var share: Double
        /// How often it was the position that lost most.
        public var driverFrequency: Double
    }

    public struct ComponentES: Sendable, Codable, Equatable {
        public var level: Double
        /// Paths with a loss at or beyond `threshold` (the 99% VaR of the first pass).
        public var threshold: Double
        public var tailPaths: Int
        /// Mean loss over those paths: the sum of the contributions below.
        public var total: Double
        public var positions: [Contribution]
        /// Collateral moves, funding and liquidation costs.
        public var other: Double
    }

    public struct Contribution: Sendable, Codable, Equatable {
        public var asset: String
        public var contribution: Double
    }
}

/// The attribution's sums over some blocks: counts, and exact sums of losses and PnL.
public struct AttributionPartial: MergeablePartial, Equatable {
    var liquidated = 0
    var liquidatedLoss: [ExactSum]
    var drivers: [Int]
    var tailPaths = 0
    var tailLoss = ExactSum()
    var tailPnL: [ExactSum]

    init(positions n: Int) {
        liquidatedLoss = Array(repeating: ExactSum(), count: n)
        drivers = Array(repeating: 0, count: n)
        tailPnL = Array(repeating: ExactSum(), count: n)
    }

    public mutating func merge(_ b: AttributionPartial) {
        liquidated += b.liquidated
        tailPaths += b.tailPaths
        tailLoss.merge(b.tailLoss)
        for j in liquidatedLoss.indices {
            liquidatedLoss[j].merge(b.liquidatedLoss[j])
            drivers[j] += b.drivers[j]
            tailPnL[j].merge(b.tailPnL[j])
        }
    }
}

/// The attribution's pass: the run's cross liquidation rule, with each position's PnL kept at liquidation.
public struct AttributionAnalysis: BlockAnalysis {
    let scenario: Scenario
    let simulator: PathBlockSimulator
    let spot: [Double]
    /// The valuation's first `positionPnL` row.
    let offset: Int
    let initialPnL: [Double]
    let initialEquity: Double
    /// The 99% VaR of the run: paths losing at least this much form the tail.
    let threshold: Double

    public init(runner: SimulationRunner, threshold: Double) {
        let scenario = runner.scenario, market = runner.market
        let valuation = Valuation(scenario: scenario, market: market, rows: Valuation.Rows.run.union(.positionPnL))
        let offset = valuation.positionPnL!
        self.scenario = scenario
        self.offset = offset
        self.threshold = threshold
        initialPnL = Array(valuation.initialExtra[offset..<(offset + scenario.positions.count)])
        initialEquity = runner.account.initialEquity
        spot = market.spot
        simulator = PathBlockSimulator(market: market, valuation: valuation, steps: scenario.steps, seed: scenario.seed,
                                       antithetic: scenario.antithetic)
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let pnl: UnsafeMutablePointer<Double>
        var result: AttributionPartial
        init(workspace: BlockWorkspace, positions: Int) {
            self.workspace = workspace
            pnl = .allocate(capacity: max(1, positions * workspace.capacity))
            result = AttributionPartial(positions: positions)
        }
        deinit { pnl.deallocate() }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: simulator.market.dimension,
                                         extraForms: simulator.forms.extraCount), positions: scenario.positions.count)
    }

    public func emptyPartial() -> AttributionPartial { AttributionPartial(positions: scenario.positions.count) }

    public func partial(of worker: Worker) -> AttributionPartial { worker.result }

    public func run(block: Int, count: Int, worker w: Worker) {
        let n = scenario.positions.count, ws = w.workspace, cap = ws.capacity, dimension = simulator.market.dimension
        ws.resetOutcomes(count: count)
        var observer = LiquidationObserver.forRun(ws, simulator.valuation)
        observer.attribution = (offset, n, w.pnl)
        simulator.run(block: block, count: count, in: ws, observer: &observer)
        var liquidatedLoss = [Double](repeating: 0, count: n), tailPnL = [Double](repeating: 0, count: n)
        var tailLoss = 0.0
        for p in 0..<count {
            let step = ws.liquidationStep[p]
            // The PnL of position j when the path left: kept at liquidation, else the last step's value
            // (at the start when liquidated at time 0).
            func pnl(_ j: Int) -> Double {
                if step == 0 || dimension == 0 { return initialPnL[j] }
                return step > 0 ? w.pnl[j * cap + p] : ws.extraForms[(offset + j) * cap + p]
            }
            if step >= 0 {
                w.result.liquidated += 1
                var worst = 0, worstLoss = -Double.infinity
                for j in 0..<n {
                    let loss = initialPnL[j] - pnl(j)
                    liquidatedLoss[j] += loss
                    if loss > worstLoss { (worst, worstLoss) = (j, loss) }
                }
                if n > 0 { w.result.drivers[worst] += 1 }
            }
            let loss = initialEquity - ws.exitEquity[p]
            if loss >= threshold {
                w.result.tailPaths += 1
                tailLoss += loss
                for j in 0..<n { tailPnL[j] += pnl(j) - initialPnL[j] }
            }
        }
        w.result.tailLoss.add(tailLoss)
        for j in 0..<n {
            w.result.liquidatedLoss[j].add(liquidatedLoss[j])
            w.result.tailPnL[j].add(tailPnL[j])
        }
    }
}

extension SimulationRunner {
    /// The second pass of the attribution over exactly the blocks of `result`, given its 99% VaR.
    /// - Returns: nil when `control` stopped the pass before its last block.
    public func attribution(of result: SimulationResult, threshold: Double, progress: SimulationProgress? = nil,
                            control: RunControl? = nil) async -> AttributionSummary? {
        let outcome = await driver.run(AttributionAnalysis(runner: self, threshold: threshold), blocks: result.blocks,
                                       progress: progress, control: control)
        if outcome.blocks != result.blocks { return nil }
        let total = outcome.partial, n = scenario.positions.count
        let losses = total.liquidatedLoss.map(\.value), tailPnL = total.tailPnL.map(\.value)
        let totalLoss = losses.reduce(0, +)
        let names = scenario.positions.map { scenario.assets[$0.asset].symbol }
        let liquidated = AttributionSummary.Liquidated(paths: total.liquidated, positions: (0..<n).map { j in
            AttributionSummary.PositionLoss(
                asset: names[j], meanLoss: total.liquidated > 0 ? losses[j] / Double(total.liquidated) : 0,
                share: totalLoss != 0 ? losses[j] / totalLoss : 0,
                driverFrequency: total.liquidated > 0 ? Double(total.drivers[j]) / Double(total.liquidated) : 0)
        })
        let k = Double(max(total.tailPaths, 1))
        let contributions = (0..<n).map { AttributionSummary.Contribution(asset: names[$0], contribution: -tailPnL[$0] / k) }
        let tailMean = total.tailLoss.value / k
        return AttributionSummary(
            liquidated: liquidated,
            componentExpectedShortfall: AttributionSummary.ComponentES(
                level: 0.99, threshold: threshold, tailPaths: total.tailPaths, total: tailMean, positions: contributions,
                other: tailMean - contributions.reduce(0) { $0 + $1.contribution }))
    }
}
