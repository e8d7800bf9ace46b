// swift-tools-version: 6.0
import PackageDescription

/// MarginStress: Monte Carlo stress testing of cross-margin trading accounts.
///
/// Targets follow the pipeline: `CLAPACKE` (system LAPACKE, `liblapacke-dev`) and `CVectorMath` (inline vector
/// helpers: square root, fused multiply-add, the eight-path liquidation check) ->
/// `MarginStress` (scenario -> market model -> path generator -> simulation workers -> reporter) ->
/// `MarginStressTool` (the `margin-stress` command line).
/// Benchmarks live in the nested package `Benchmarks/`, so ordinary builds and tests stay fast.
let package = Package(
    name: "MarginStress",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MarginStress", targets: ["MarginStress"]),
        .executable(name: "margin-stress", targets: ["MarginStressTool"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        .target(name: "CVectorMath"),
        .target(
            name: "MarginStress",
            dependencies: [
                "CLAPACKE",
                "CVectorMath",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "MarginStressTool",
            dependencies: [
                "MarginStress",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "MarginStressTests",
            dependencies: ["MarginStress", "MarginStressTool"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
