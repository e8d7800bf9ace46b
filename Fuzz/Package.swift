// swift-tools-version: 6.0
import PackageDescription

/// The coverage-guided fuzz target of MarginStress (libFuzzer), a package of its own so that the root package's
/// `swift build` and `swift test` never compile it: its one target has no `main` (libFuzzer supplies it) and links
/// only when built with `-sanitize=fuzzer`.
///
/// Build and run from the repository root (see README.md here, and `scripts/fuzz.sh`, which CI calls):
/// `swift build --package-path Fuzz --scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library`
/// then `.build-fuzz/release/FuzzScenario CORPUS_DIR examples Fuzz/Corpus -max_total_time=60`.
let package = Package(
    name: "MarginStressFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // A path dependency's identity is its folder's name (that of the clone); the name keeps
        // `package: "MarginStress"` valid wherever the repository is checked out.
        .package(name: "MarginStress", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzScenario",
            dependencies: [.product(name: "MarginStress", package: "MarginStress")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
