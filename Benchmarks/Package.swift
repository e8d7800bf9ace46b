// swift-tools-version: 6.1
import PackageDescription

/// The package-benchmark suites of MarginStress, a package of its own so that the root package's
/// `swift build` and `swift test` never resolve or compile the benchmark dependency.
///
/// Run from this folder (see README.md): `./run.sh`, or `./run.sh thresholds check` for the malloc checks.
///
/// - `Kernels`: the hot loop's parts (normal sampler, correlation step, one whole path block); each
///   must allocate nothing, which `Thresholds/` and `swift package benchmark thresholds check` enforce.
/// - `EndToEnd`: `SimulationRunner.run()` on workloads W1-W3 (one worker) and W1 (two workers).
/// - `BenchmarkWorkloads`: W1-W3 built in Swift with the formulas of `workloads.py`.
///
/// The CPU tuning of `scripts/swift-flags.sh` (`-target-cpu native` by default) must reach the MarginStress
/// library as well as the benchmarks, so it is given on the command line, not here: `./run.sh` does that.
/// A suite: an executable in `Benchmarks/<name>` run by the benchmark plugin.
func benchmarkTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "BenchmarkWorkloads",
            .product(name: "MarginStress", package: "MarginStress"),
            .product(name: "Benchmark", package: "benchmark"),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "MarginStressBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // A path dependency's identity is its folder's name (that of the clone); the name keeps
        // `package: "MarginStress"` valid wherever the repository is checked out.
        .package(name: "MarginStress", path: ".."),
        // The MallocInterposer trait alone: it counts mallocs with no system library (no jemalloc). The default
        // traits add RuntimeInterposer, for ARC metrics on Linux with Swift 6.3, which these suites do not use
        // and which needs one more package (ordo-one/swift-runtime-interposer).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkWorkloads",
            dependencies: [.product(name: "MarginStress", package: "MarginStress")],
            path: "Sources/BenchmarkWorkloads"
        ),
        benchmarkTarget("Kernels"),
        benchmarkTarget("EndToEnd"),
    ],
    swiftLanguageModes: [.v6]
)
