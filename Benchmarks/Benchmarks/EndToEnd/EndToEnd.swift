import Benchmark
import Foundation
import BenchmarkWorkloads
import MarginStress

/// `SimulationRunner.run()` on the workloads, with a tenth of their reference path counts
/// (W1 20,000, W2 5,000, W3 2,000 paths): the workers' workspaces, the rounds of blocks, the outcome
/// accumulators and the merge, everything the command line times as `timing.simulationSeconds`.
///
/// - `W1-1worker`, `W2-1worker`, `W3-1worker`: one worker.
/// - `W1-2workers`: two workers; its `asset-steps/s` over `W1-1worker`'s is the parallel speed-up.
///
/// The runner's workers are threads of their own, so the thread of the cooperative pool that the benchmark
/// runner keeps blocked while an async benchmark runs does not hold them back.
///
/// `asset-steps/s` is paths x steps x d over the wall time of `run()` (the command line's
/// `timing.assetStepsPerSecond` uses the same count). The scenario is validated and its Cholesky factor
/// computed once, outside the measurement. A run allocates a bounded amount whatever its path count
/// (workspaces, accumulators, the worker threads of each round of 128 blocks): the malloc count is not 0, but `Thresholds/`
/// holds it within 8 of its measured value, so that an allocation per block (79 blocks in W1) fails
/// `swift package benchmark thresholds check`.
let benchmarks: @Sendable () -> Void = {
    let assetStepsPerSecond = BenchmarkMetric.custom("asset-steps/s", polarity: .prefersLarger,
                                                     useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, assetStepsPerSecond],
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 100,
        thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 8])])

    let runs: [(Workload, workers: Int)] = [(.w1, 1), (.w2, 1), (.w3, 1), (.w1, 2)]
    for (workload, workers) in runs {
        let paths = workload.benchmarkPaths
        let runner: SimulationRunner
        do {
            runner = try workload.runner(paths: paths, workers: workers)
        } catch {
            fatalError("\(workload.rawValue): \(error)")
        }
        let name = "\(workload.rawValue)-\(workers)worker\(workers == 1 ? "" : "s")"
        Benchmark(name, configuration: configuration) { benchmark in
            let start = ContinuousClock.now
            let result = await runner.run()
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            benchmark.stopMeasurement()
            benchmark.measurement(assetStepsPerSecond,
                                  Int((Double(workload.assetSteps(paths: paths)) / seconds).rounded()))
            blackHole(result.outcomes)
        }
    }
}
