import Foundation

/// The weighted estimates of `run` with `simulation.monitoring: continuous` and/or
/// `simulation.importanceSampling: auto`: the scenario's blocks (same seed, same streams) drawn by the tilted
/// shock model (`TiltedShocks`, shift `ImportanceTilt`) or the plain one, followed by `BridgeObserver`.
///
/// Each path contributes `L w` to the liquidation probability and `B w` to the bad-debt probability, where
/// L = 1 - its bridge survival (continuous) or its discrete liquidation indicator, B its indicator of bad debt
/// (equity after costs below zero at a discrete liquidation), and w = exp(log-likelihood ratio at its stopping
/// time) (1 without a tilt). Sums of w, w², L w, (L w)², B w, (B w)² are exact (`ExactSum`), so the result is
/// bit-identical for any worker count and any split into shards.
public struct RareEventAnalysis: BlockAnalysis {
    public let scenario: Scenario
    public let market: MarketModel
    let simulator: PathBlockSimulator
    public let continuous: Bool
    /// The per-step shift of the independent normals, or nil without importance sampling.
    public let shift: [Double]?

    public init(scenario: Scenario, market: MarketModel) {
        self.scenario = scenario
        self.market = market
        let valuation = Valuation(scenario: scenario, market: market, rows: .run)
        simulator = PathBlockSimulator(market: market, valuation: valuation, steps: scenario.steps, seed: scenario.seed,
                                       antithetic: scenario.antithetic)
        continuous = scenario.continuousMonitoring == true
        shift = scenario.importanceSampling == true
            ? ImportanceTilt.shift(forms: valuation.forms, market: market, steps: scenario.steps) : nil
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let bridge: BridgeState
        var result: RareEventPartial
        init(workspace: BlockWorkspace, bridge: BridgeState, result: RareEventPartial) {
            self.workspace = workspace
            self.bridge = bridge
            self.result = result
        }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: market.dimension,
                                         extraForms: simulator.forms.extraCount, modelStateWords: 1),
               bridge: BridgeState(capacity: BlockDriver.blockSize, dimension: market.dimension), result: emptyPartial())
    }

    public func emptyPartial() -> RareEventPartial { RareEventPartial() }

    public func partial(of worker: Worker) -> RareEventPartial { worker.result }

    public func run(block: Int, count: Int, worker: Worker) {
        let ws = worker.workspace
        ws.resetOutcomes(count: count)
        let d = market.dimension
        switch (market.distribution, shift) {
        case (.gaussian, nil):
            let shocks = GaussianShocks(dimension: d, incrementDegree: simulator.incrementDegree)
            simulate(shocks, block: block, count: count, worker: worker, logRatioWord: nil)
        case (.gaussian, let mu?):
            let shocks = TiltedShocks(base: GaussianShocks(dimension: d, incrementDegree: nil), shift: mu)
            simulate(shocks, block: block, count: count, worker: worker, logRatioWord: shocks.logRatioWord)
        case (.studentT(let nu), nil):
            simulate(StudentTShocks(dimension: d, degreesOfFreedom: nu), block: block, count: count, worker: worker,
                     logRatioWord: nil)
        case (.studentT(let nu), let mu?):
            let shocks = TiltedShocks(base: StudentTShocks(dimension: d, degreesOfFreedom: nu), shift: mu)
            simulate(shocks, block: block, count: count, worker: worker, logRatioWord: shocks.logRatioWord)
        case (.garch, _), (.historical, _), (.filteredHistorical, _):
            preconditionFailure("refused by Capabilities.refusals: continuous monitoring and importance sampling need Gaussian or Student-t steps")
        }
        ws.setCrossBadDebt(count: count)
        worker.result.add(RareEventBlock(ws, worker.bridge, count: count, continuous: continuous,
                                         weighted: shift != nil))
    }

    func simulate<Shocks: ShockModel>(_ shocks: Shocks, block: Int, count: Int, worker: Worker, logRatioWord: Int?) {
        let ws = worker.workspace
        var observer = BridgeObserver(ws, valuation: simulator.valuation, market: market, state: worker.bridge,
                                      continuous: continuous, logRatioWord: logRatioWord, scaled: Shocks.scalesShocks,
                                      logPrices: shocks.incrementDegree == nil)
        simulator.run(shocks: shocks, block: block, count: count, in: ws, observer: &observer)
        observer.finish(count: count)
    }
}

/// One block's sums, in path order.
struct RareEventBlock {
    var count = 0, hits = 0, badDebtHits = 0
    var w = 0.0, w2 = 0.0, lw = 0.0, lw2 = 0.0, bw = 0.0, bw2 = 0.0

    init(_ ws: BlockWorkspace, _ bridge: BridgeState, count: Int, continuous: Bool, weighted: Bool) {
        self.count = count
        for p in 0..<count {
            let weight = weighted ? Foundation.exp(bridge.logRatioAtStop[p]) : 1
            let l = continuous ? 1 - bridge.survival[p] : (ws.liquidationStep[p] >= 0 ? 1 : 0)
            let b: Double = ws.badDebt[p] > 0 ? 1 : 0
            if l > 0 { hits += 1 }
            if b > 0 { badDebtHits += 1 }
            w += weight
            w2 += weight * weight
            lw += l * weight
            lw2 += l * weight * l * weight
            bw += b * weight
            bw2 += b * weight * b * weight
        }
    }
}

/// The weighted sums of `RareEventAnalysis` over some blocks: exact, so they merge in any order.
public struct RareEventPartial: MergeablePartial, Equatable {
    public private(set) var paths = 0
    /// Paths with a non-zero contribution to the liquidation (resp. bad-debt) estimate.
    public private(set) var hits = 0
    public private(set) var badDebtHits = 0
    var weight = ExactSum(), weightSquared = ExactSum()
    var liquidation = ExactSum(), liquidationSquared = ExactSum()
    var badDebt = ExactSum(), badDebtSquared = ExactSum()

    public init() {}

    mutating func add(_ b: RareEventBlock) {
        paths += b.count
        hits += b.hits
        badDebtHits += b.badDebtHits
        weight.add(b.w)
        weightSquared.add(b.w2)
        liquidation.add(b.lw)
        liquidationSquared.add(b.lw2)
        badDebt.add(b.bw)
        badDebtSquared.add(b.bw2)
    }

    public mutating func merge(_ o: RareEventPartial) {
        paths += o.paths
        hits += o.hits
        badDebtHits += o.badDebtHits
        weight.merge(o.weight)
        weightSquared.merge(o.weightSquared)
        liquidation.merge(o.liquidation)
        liquidationSquared.merge(o.liquidationSquared)
        badDebt.merge(o.badDebt)
        badDebtSquared.merge(o.badDebtSquared)
    }

    /// The liquidation probability: mean of L w, with its standard error.
    public var liquidationEstimate: WeightedEstimate {
        WeightedEstimate(sum: liquidation.value, sumOfSquares: liquidationSquared.value, paths: paths, hits: hits)
    }

    /// The bad-debt probability (discrete liquidations): mean of B w, with its standard error.
    public var badDebtEstimate: WeightedEstimate {
        WeightedEstimate(sum: badDebt.value, sumOfSquares: badDebtSquared.value, paths: paths, hits: badDebtHits)
    }

    /// Kish's effective sample size of the likelihood ratios, (sum w)² / sum w².
    public var effectiveSampleSize: Double {
        let s2 = weightSquared.value
        return s2 > 0 ? weight.value * weight.value / s2 : 0
    }

    /// The mean likelihood ratio (1 in expectation; far from 1 flags a tilt too strong for the paths run).
    public var meanWeight: Double { paths > 0 ? weight.value / Double(paths) : 0 }
}

/// A probability estimated as the mean of n per-path values Y (weighted indicators, or bridge crossing
/// probabilities), with the standard error sqrt(sample variance of Y / n).
public struct WeightedEstimate: Sendable, Equatable, Codable {
    public var probability: Double
    public var standardError: Double
    /// 95% interval: probability ± 1.96 standard errors, cut at 0 and 1.
    public var interval95: [Double]
    public var paths: Int
    /// Paths with Y > 0.
    public var hits: Int
    /// p (1 - p) / (n SE²): the variance of plain sampling of the same event (a Bernoulli at the estimated p)
    /// over this estimator's variance per path; nil when the estimator's variance is 0.
    public var varianceReduction: Double?

    public init(sum: Double, sumOfSquares: Double, paths: Int, hits: Int) {
        let n = Double(max(paths, 1))
        let mean = sum / n
        let variance = paths > 1 ? max(0, (sumOfSquares - n * mean * mean) / (n - 1)) : 0
        probability = mean
        standardError = (variance / n).squareRoot()
        interval95 = [max(0, mean - 1.959963984540054 * standardError), min(1, mean + 1.959963984540054 * standardError)]
        self.paths = paths
        self.hits = hits
        varianceReduction = variance > 0 ? mean * (1 - mean) / variance : nil
    }

    /// True when the 95% half-width is at most `target` times the estimate (never at p = 0).
    public func reaches(relativePrecision target: Double) -> Bool {
        hits > 0 && probability > 0 && 1.959963984540054 * standardError <= target * probability
    }
}
