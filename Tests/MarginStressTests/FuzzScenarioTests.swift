import Foundation
import Testing

/// A bounded fuzz run over the loader and validator in the suite: scripts/fuzz-scenarios.py mutates the examples
/// (fixed seed, 60 files, every class but the 5,000-asset one, which is slow) and requires 0 crashes, 0 hangs,
/// 0 outputs with NaN or inf and 0 errors that name neither a field nor a position.
@Suite("Fuzz: scenario loader and validator")
struct FuzzScenarioTests {
    @Test("60 mutated scenario files: no crash, hang, non-finite output or unnamed error")
    func boundedFuzz() throws {
        let r = try Self.fuzzer(["--count", "60", "--seed", "12", "--seconds", "60", "--jobs", "2", "--skip", "assets"])
        let report = r.stdout
        #expect(r.status == 0, "\(report)\n\(r.stderr)")
        #expect(report.contains("\"crashes\": 0") && report.contains("\"hangs\": 0") && report.contains("\"nonfinite\": 0"), "\(report)")
    }

    /// The regression corpus `Fuzz/Corpus` (the cases of the issue on validation, and what the coverage-guided
    /// fuzzer of `Fuzz/` found) through the CLI: `validate`, and `run --paths 256 --json` when valid.
    @Test("the regression corpus Fuzz/Corpus: every file refused with its field or position, or run to finite figures")
    func regressionCorpus() throws {
        let corpus = packageRoot.appendingPathComponent("Fuzz/Corpus")
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        #expect(files.count >= 28)
        let r = try Self.fuzzer(["--files", corpus.path, "--seconds", "60", "--jobs", "2",
                                 "--keep", FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-corpus-failures").path])
        let report = r.stdout
        #expect(r.status == 0, "\(report)\n\(r.stderr)")
        #expect(report.contains("\"files\": \(files.count),") && report.contains("\"unnamed\": 0"), "\(report)")
    }

    /// `scripts/fuzz-scenarios.py` on the built binary with `arguments`.
    static func fuzzer(_ arguments: [String]) throws -> CLIResult {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                       ["python3", packageRoot.appendingPathComponent("scripts/fuzz-scenarios.py").path, binaryURL.path] + arguments)
    }
}
