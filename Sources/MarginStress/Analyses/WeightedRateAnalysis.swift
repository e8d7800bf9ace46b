import Foundation

/// `tune --maintenance-rate-for-bad-debt P` with importance sampling: the tuner's one pass (each path's bad-debt
/// threshold rate h: bad debt at rate m iff m <= h) drawn by the tilted shock model and weighted.
///
/// The shocks are shifted (`TiltedShocks`) by `ImportanceTilt.shift(... secondWeight: 0)`: toward the first form
/// alone, equity minus the kept positions' margin, reaching zero at the horizon (bad debt at rate 0). A path that
/// reaches bad debt at step τ has its threshold fixed there; its weight is the likelihood ratio at
/// min(τ, horizon), a stopping time, so E_tilted[1{m <= h} w] is the plain bad-debt probability at every rate m
/// (Glasserman, Heidelberger and Shahabuddin 2000). Every rate of the grid is estimated from the same weighted
/// paths: the estimate at m_j is the mean over paths of `1{m_j <= h} w` with its standard error.
public struct WeightedRateAnalysis: BlockAnalysis {
    let simulator: PathBlockSimulator
    let market: MarketModel
    let grid: [Double]
    /// The per-step shift of the independent normals.
    public let shift: [Double]

    public init(tuner: Tuner) {
        market = tuner.market
        simulator = PathBlockSimulator(market: tuner.market, valuation: Valuation(forms: tuner.forms, market: tuner.market),
                                       steps: tuner.scenario.steps, seed: tuner.scenario.seed, antithetic: false)
        grid = tuner.grid
        shift = ImportanceTilt.shift(forms: tuner.forms, market: tuner.market, steps: tuner.scenario.steps, secondWeight: 0)
    }

    public final class Worker {
        let workspace: BlockWorkspace
        let logRatioAtStop: UnsafeMutablePointer<Double>
        var sums: WeightedGrid
        init(workspace: BlockWorkspace, sums: WeightedGrid) {
            self.workspace = workspace
            self.sums = sums
            logRatioAtStop = .allocate(capacity: BlockDriver.blockSize)
            logRatioAtStop.initialize(repeating: 0, count: BlockDriver.blockSize)
        }
        deinit { logRatioAtStop.deallocate() }
    }

    public func makeWorker() -> Worker {
        Worker(workspace: BlockWorkspace(capacity: BlockDriver.blockSize, dimension: market.dimension, modelStateWords: 1),
               sums: emptyPartial())
    }

    public func emptyPartial() -> WeightedGrid { WeightedGrid(grid: grid) }

    public func partial(of worker: Worker) -> WeightedGrid { worker.sums }

    public func run(block: Int, count: Int, worker: Worker) {
        let d = market.dimension
        switch market.distribution {
        case .gaussian:
            let shocks = TiltedShocks(base: GaussianShocks(dimension: d, incrementDegree: nil), shift: shift)
            simulate(shocks, block: block, count: count, worker: worker, logRatioWord: shocks.logRatioWord)
        case .studentT(let nu):
            let shocks = TiltedShocks(base: StudentTShocks(dimension: d, degreesOfFreedom: nu), shift: shift)
            simulate(shocks, block: block, count: count, worker: worker, logRatioWord: shocks.logRatioWord)
        case .garch, .historical, .filteredHistorical:
            preconditionFailure("refused by Capabilities.refusals: importance sampling needs Gaussian or Student-t steps")
        }
    }

    func simulate<Shocks: ShockModel>(_ shocks: Shocks, block: Int, count: Int, worker: Worker, logRatioWord: Int) {
        let ws = worker.workspace
        var observer = WeightedBadDebtObserver(threshold: ws.exitEquity, running: ws.minimumEquity,
                                               logRatio: UnsafePointer(ws.modelState + logRatioWord * ws.capacity),
                                               logRatioAtStop: worker.logRatioAtStop)
        simulator.run(shocks: shocks, block: block, count: count, in: ws, observer: &observer)
        observer.finish(count: count)
        for p in 0..<count {
            worker.sums.add(threshold: ws.exitEquity[p], weight: Foundation.exp(worker.logRatioAtStop[p]))
        }
    }
}

extension Tuner {
    /// The rate question's pass with importance sampling over `blocks` (all by default); bit-identical for any
    /// worker count (exact sums).
    public func weightedRun(blocks: Range<Int>? = nil, progress: SimulationProgress? = nil,
                            control: RunControl? = nil) async -> (sums: BlockDriver.Outcome<WeightedGrid>, shift: [Double]) {
        precondition(question == .maintenanceRate, "importance sampling answers the rate question")
        let driver = BlockDriver(paths: scenario.paths, workers: scenario.workers)
        let analysis = WeightedRateAnalysis(tuner: self)
        let outcome = await driver.run(analysis, blocks: blocks ?? 0..<driver.totalBlocks, progress: progress, control: control)
        return (outcome, analysis.shift)
    }
}

/// `BadDebtObserver` that also keeps each path's log-likelihood ratio when its threshold is fixed (bad debt)
/// and, for the other paths, at the horizon.
struct WeightedBadDebtObserver: PathObserver {
    var base: BadDebtObserver
    let logRatio: UnsafePointer<Double>
    let logRatioAtStop: UnsafeMutablePointer<Double>

    init(threshold: UnsafeMutablePointer<Double>, running: UnsafeMutablePointer<Double>, logRatio: UnsafePointer<Double>,
         logRatioAtStop: UnsafeMutablePointer<Double>) {
        base = BadDebtObserver(threshold: threshold, running: running)
        self.logRatio = logRatio
        self.logRatioAtStop = logRatioAtStop
    }

    mutating func start(count: Int, first f: Double, second n: Double) -> Bool {
        for p in 0..<count { logRatioAtStop[p] = 0 }
        return base.start(count: count, first: f, second: n)
    }

    @inline(__always)
    mutating func observe(step: Int, count: Int, first f: UnsafePointer<Double>, second n: UnsafePointer<Double>) -> Bool {
        let running = base.running
        // Paths still open whose threshold this step fixes: keep their ratio now.
        for p in 0..<count where running[p] == running[p] && f[p] < 0 { logRatioAtStop[p] = logRatio[p] }
        return base.observe(step: step, count: count, first: f, second: n)
    }

    /// The ratio at the horizon for the paths never in bad debt.
    func finish(count: Int) {
        let running = base.running
        for p in 0..<count where running[p] == running[p] { logRatioAtStop[p] = logRatio[p] }
    }
}

/// Weighted bad-debt sums over a grid of rates: for each path, its weight w and w² added at the number of grid
/// rates where it is in bad debt (the rates m_j <= h, a prefix). Exact sums, so any worker count and any
/// merge order give the same bits.
public struct WeightedGrid: MergeablePartial, Equatable {
    public let grid: [Double]
    public private(set) var paths = 0
    /// `weight[k]`, `weightSquared[k]`, `hits[k]`: over the paths in bad debt at exactly the first k grid rates.
    var weight: [ExactSum], weightSquared: [ExactSum], hits: [Int]
    /// Sum of all weights (the mean likelihood ratio's numerator) and of their squares (Kish's ESS).
    var allWeights = ExactSum(), allSquares = ExactSum()

    public init(grid: [Double]) {
        self.grid = grid
        weight = Array(repeating: ExactSum(), count: grid.count + 1)
        weightSquared = Array(repeating: ExactSum(), count: grid.count + 1)
        hits = Array(repeating: 0, count: grid.count + 1)
    }

    /// Index of the first grid point strictly above `x` (grid.count if none).
    func firstIndex(above x: Double) -> Int {
        var lo = 0, hi = grid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if grid[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    mutating func add(threshold h: Double, weight w: Double) {
        paths += 1
        allWeights.add(w)
        allSquares.add(w * w)
        let k = h == -.infinity ? 0 : firstIndex(above: h)
        guard k > 0 else { return }
        weight[k].add(w)
        weightSquared[k].add(w * w)
        hits[k] += 1
    }

    public mutating func merge(_ o: WeightedGrid) {
        paths += o.paths
        allWeights.merge(o.allWeights)
        allSquares.merge(o.allSquares)
        for k in hits.indices where o.hits[k] > 0 {
            weight[k].merge(o.weight[k])
            weightSquared[k].merge(o.weightSquared[k])
            hits[k] += o.hits[k]
        }
    }

    /// The weighted bad-debt probability at every grid rate: at m_j, the mean of 1{m_j <= h} w over the paths.
    public var estimates: [WeightedEstimate] {
        var out = [WeightedEstimate](repeating: WeightedEstimate(sum: 0, sumOfSquares: 0, paths: paths, hits: 0),
                                     count: grid.count)
        var s = ExactSum(), s2 = ExactSum(), h = 0
        for k in stride(from: grid.count, through: 1, by: -1) {
            s.merge(weight[k])
            s2.merge(weightSquared[k])
            h += hits[k]
            out[k - 1] = WeightedEstimate(sum: s.value, sumOfSquares: s2.value, paths: paths, hits: h)
        }
        return out
    }

    /// Kish's effective sample size of the likelihood ratios and their mean.
    public var effectiveSampleSize: Double {
        let s2 = allSquares.value
        return s2 > 0 ? allWeights.value * allWeights.value / s2 : 0
    }
    public var meanWeight: Double { paths > 0 ? allWeights.value / Double(paths) : 0 }
}

extension WeightedGrid: Codable {
    enum CodingKeys: String, CodingKey { case grid, paths, weight, weightSquared, hits, allWeights, allSquares }
}
