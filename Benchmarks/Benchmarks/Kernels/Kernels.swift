import Benchmark
import BenchmarkWorkloads
import MarginStress

/// The parts of the hot loop, each on memory set up once: none of them may allocate.
///
/// - `NormalSampler.fill-256`: one asset row of a block, 256 standard normals; 1,000 fills per iteration.
/// - `Correlate-d8`, `Correlate-d64`: the correlation step (`PathBlockSimulator.correlate`) over the 32
///   eight-path columns of a 256-path block, with the Cholesky loadings of W1 (d = 8) and W2 (d = 64);
///   1,000 blocks per iteration.
/// - `Block-W1`, `Block-W2`, `Block-W3`: `PathBlockSimulator.run` on one block of 256 paths of the workload
///   (W1: 96 steps x 8 assets), a new block number each iteration, as a worker runs them.
///
/// Besides the package's metrics each reports its work rate: `normals/s` or `asset-steps/s`, where one
/// asset-step is one asset of one path moved by one step. The malloc count of every benchmark here must be 0
/// (`Thresholds/`, checked by `swift package benchmark thresholds check`).
let benchmarks: @Sendable () -> Void = {
    let normalsPerSecond = BenchmarkMetric.custom("normals/s", polarity: .prefersLarger, useScalingFactor: false)
    let assetStepsPerSecond = BenchmarkMetric.custom("asset-steps/s", polarity: .prefersLarger,
                                                     useScalingFactor: false)
    let noAllocation: [BenchmarkMetric: BenchmarkThresholds] = [
        .mallocCountTotal: BenchmarkThresholds(absolute: [.p0: 0, .p50: 0, .p90: 0, .p100: 0]),
    ]
    func configuration(_ rate: BenchmarkMetric, scalingFactor: BenchmarkScalingFactor) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal, rate],
            warmupIterations: 3, scalingFactor: scalingFactor, maxDuration: .seconds(2), maxIterations: 10_000,
            thresholds: noAllocation)
    }
    /// Ends the measurement and records `units` of work done since `start`, as units per second (after the
    /// measurement, so that the histogram of the rate, which may grow, is not counted in the malloc count).
    func record(_ metric: BenchmarkMetric, units: Int, since start: ContinuousClock.Instant, _ benchmark: Benchmark) {
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        benchmark.stopMeasurement()
        benchmark.measurement(metric, Int((Double(units) / seconds).rounded()))
    }

    let blockSize = PathBlockSimulator.blockSize

    // Normal sampler: one row of a block.
    do {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: RandomStream.batch)
        let normals = UnsafeMutablePointer<Double>.allocate(capacity: blockSize)
        normals.initialize(repeating: 0, count: blockSize)
        let sampler = NormalSampler()
        var stream = RandomStream(seed: 42, block: 0, buffer: words)
        Benchmark("NormalSampler.fill-256", configuration: configuration(normalsPerSecond, scalingFactor: .kilo)) {
            benchmark in
            var s = stream
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                sampler.fill(normals, count: blockSize, &s)
            }
            record(normalsPerSecond, units: blockSize * benchmark.scaledIterations.count, since: start, benchmark)
            blackHole(normals[blockSize - 1])
            stream = s
        }
    }

    // Correlation step over the 32 eight-path columns of a block, with W1's and W2's loadings.
    for workload in [Workload.w1, .w2] {
        let market: MarketModel
        do {
            market = try workload.runner(paths: blockSize).market
        } catch {
            fatalError("\(workload.rawValue): \(error)")
        }
        let d = market.dimension
        precondition(d == workload.dimension, "\(workload.rawValue): \(d) simulated assets")
        let ws = BlockWorkspace(capacity: blockSize, dimension: d)
        let loadings = UnsafeMutablePointer<Double>.allocate(capacity: d * d)
        loadings.initialize(from: market.loadings, count: d * d)
        var stream = RandomStream(seed: 42, block: 0, buffer: ws.randomBits)
        for k in 0..<d { NormalSampler().fill(ws.shocks + k * ws.rowStride, count: blockSize, &stream) }
        // The step is applied in place again and again: z converges to a fixed vector of A (the first row of the
        // lower-triangular A is e1), so the values stay finite and normal and the timing is that of fresh shocks.
        Benchmark("Correlate-d\(d)", configuration: configuration(assetStepsPerSecond, scalingFactor: .kilo)) {
            benchmark in
            let z = ws.shocks, stride = ws.rowStride
            let start = ContinuousClock.now
            for _ in benchmark.scaledIterations {
                var c = 0
                while c < blockSize {
                    PathBlockSimulator.correlate(z + c, rowStride: stride, loadings: loadings, dimension: d)
                    c += 8
                }
            }
            record(assetStepsPerSecond, units: blockSize * d * benchmark.scaledIterations.count, since: start,
                   benchmark)
            blackHole(z[(d - 1) * stride])
        }
    }

    // One whole block of 256 paths, as a worker runs it.
    for workload in Workload.allCases {
        let runner: SimulationRunner
        do {
            runner = try workload.runner(paths: blockSize, workers: 1)
        } catch {
            fatalError("\(workload.rawValue): \(error)")
        }
        let simulator = PathBlockSimulator(market: runner.market, valuation: runner.valuation,
                                           steps: runner.scenario.steps, seed: runner.scenario.seed)
        let ws = BlockWorkspace(capacity: blockSize, dimension: runner.market.dimension)
        var block = 0
        Benchmark("Block-\(workload.rawValue)", configuration: configuration(assetStepsPerSecond, scalingFactor: .one)) {
            benchmark in
            let start = ContinuousClock.now
            simulator.run(block: block, count: blockSize, in: ws)
            record(assetStepsPerSecond, units: workload.assetSteps(paths: blockSize), since: start, benchmark)
            blackHole(ws.exitEquity[0])
            block += 1
        }
    }
}
