import Foundation

/// Which positions a liquidation's loss came from, and each position's contribution to the 99% expected
/// shortfall of terminal PnL (Euler allocation), over the same tail as the summary's ES.
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
        /// The 99% VaR of the run; the tail is its n - r + 1 largest losses, the paths the summary's ES rests on.
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
    /// Paths whose loss lies in a sketch bucket above the VaR's (all in the tail), and in the VaR's bucket (the
    /// tail takes the share of them that completes its n - r + 1 paths).
    var tailPaths = 0
    var tailLoss = ExactSum()
    var tailPnL: [ExactSum]
    var boundaryPaths = 0
    var boundaryLoss = ExactSum()
    var boundaryPnL: [ExactSum]

    init(positions n: Int) {
        liquidatedLoss = Array(repeating: ExactSum(), count: n)
        drivers = Array(repeating: 0, count: n)
        tailPnL = Array(repeating: ExactSum(), count: n)
        boundaryPnL = Array(repeating: ExactSum(), count: n)
    }

    public mutating func merge(_ b: AttributionPartial) {
        liquidated += b.liquidated
        tailPaths += b.tailPaths
        tailLoss.merge(b.tailLoss)
        boundaryPaths += b.boundaryPaths
        boundaryLoss.merge(b.boundaryLoss)
        for j in liquidatedLoss.indices {
            boundaryPnL[j].merge(b.boundaryPnL[j])
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
    /// The run's loss sketch (its layout) and the bucket holding its VaR: paths whose loss falls in a higher
    /// bucket are in the tail, those in this bucket on its boundary.
    let sketch: LogSketch
    let varOrdinal: Int

    public init(runner: SimulationRunner, sketch: LogSketch, varOrdinal: Int) {
        let scenario = runner.scenario, market = runner.market
        let valuation = Valuation(scenario: scenario, market: market, rows: Valuation.Rows.run.union(.positionPnL))
        let offset = valuation.positionPnL!
        self.scenario = scenario
        self.offset = offset
        self.sketch = sketch
        self.varOrdinal = varOrdinal
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
                                         extraForms: simulator.forms.extraCount,
                                         modelStateWords: simulator.market.shockStateWordsPerPath), positions: scenario.positions.count)
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
        var boundaryPnL = [Double](repeating: 0, count: n)
        var tailLoss = 0.0, boundaryLoss = 0.0
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
            let o = sketch.ordinal(of: loss)
            if o > varOrdinal {
                w.result.tailPaths += 1
                tailLoss += loss
                for j in 0..<n { tailPnL[j] += pnl(j) - initialPnL[j] }
            } else if o == varOrdinal {
                w.result.boundaryPaths += 1
                boundaryLoss += loss
                for j in 0..<n { boundaryPnL[j] += pnl(j) - initialPnL[j] }
            }
        }
        w.result.tailLoss.add(tailLoss)
        w.result.boundaryLoss.add(boundaryLoss)
        for j in 0..<n {
            w.result.liquidatedLoss[j].add(liquidatedLoss[j])
            w.result.tailPnL[j].add(tailPnL[j])
            w.result.boundaryPnL[j].add(boundaryPnL[j])
        }
    }
}

extension SimulationRunner {
    /// The second pass of the attribution over exactly the blocks of `result`, for the tail the summary's ES at
    /// `level` rests on: the n - r + 1 largest losses, r = ceil(level n) (every path in a sketch bucket above
    /// the VaR's, and the share of the VaR's bucket that completes them, each of its paths weighted alike).
    /// - Returns: nil when `control` stopped the pass before its last block.
    public func attribution(of result: SimulationResult, level: Double = 0.99, progress: SimulationProgress? = nil,
                            control: RunControl? = nil) async -> AttributionSummary? {
        let loss = result.outcomes.loss, n = loss.total
        let rank = max(1, Int((level * Double(max(n, 1))).rounded(.up)))
        let varOrdinal = loss.ordinal(ofRank: rank) ?? loss.counts.count
        let outcome = await driver.run(AttributionAnalysis(runner: self, sketch: loss, varOrdinal: varOrdinal),
                                       blocks: result.blocks, progress: progress, control: control)
        if outcome.blocks != result.blocks { return nil }
        let total = outcome.partial, positions = scenario.positions.count
        let losses = total.liquidatedLoss.map(\.value)
        let totalLoss = losses.reduce(0, +)
        let names = scenario.positions.map { scenario.assets[$0.asset].symbol }
        let liquidated = AttributionSummary.Liquidated(paths: total.liquidated, positions: (0..<positions).map { j in
            AttributionSummary.PositionLoss(
                asset: names[j], meanLoss: total.liquidated > 0 ? losses[j] / Double(total.liquidated) : 0,
                share: totalLoss != 0 ? losses[j] / totalLoss : 0,
                driverFrequency: total.liquidated > 0 ? Double(total.drivers[j]) / Double(total.liquidated) : 0)
        })
        // The tail: every path above the VaR's bucket, and `needed` of the bucket's paths at their mean.
        let tailCount = n > 0 ? n - rank + 1 : 0
        let needed = Double(max(0, tailCount - total.tailPaths))
        let share = total.boundaryPaths > 0 ? needed / Double(total.boundaryPaths) : 0
        let k = Double(max(tailCount, 1))
        let contributions = (0..<positions).map { j in
            AttributionSummary.Contribution(asset: names[j],
                                            contribution: -(total.tailPnL[j].value + share * total.boundaryPnL[j].value) / k)
        }
        let tailMean = (total.tailLoss.value + share * total.boundaryLoss.value) / k
        return AttributionSummary(
            liquidated: liquidated,
            componentExpectedShortfall: AttributionSummary.ComponentES(
                level: level, threshold: loss.value(atOrdinal: min(varOrdinal, loss.counts.count - 1)), tailPaths: tailCount,
                total: tailMean, positions: contributions, other: tailMean - contributions.reduce(0) { $0 + $1.contribution }))
    }
}
