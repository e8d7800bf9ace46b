import Foundation
import Testing

/// The README's figures are re-run by `scripts/update-readme-examples.py`: its `--check` (run by `scripts/test.sh`
/// on the whole README) fails on a stale examples-table row or a stale timing-free output and passes on a current
/// one, whatever the timing lines say; writing puts the tool's numbers back.
@Suite("README check")
struct ReadmeCheckTests {
    static let script = packageRoot.appendingPathComponent("scripts/update-readme-examples.py").path

    func check(_ readme: URL, _ extra: [String] = []) throws -> CLIResult {
        try runProgram("/usr/bin/env", ["python3", Self.script, "--binary", binaryURL.path, "--readme", readme.path] + extra)
    }

    @Test("a stale examples-table row and a stale output fail --check (named); writing fixes them; timing lines are masked")
    func staleTable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let readme = dir.appendingPathComponent("README.md")
        // The issue's stale row: 1.152% printed where the tool gives another figure (and a wrong size).
        let stale = """
            | File | Account | Paths x steps, horizon | Liquidation probability |
            |---|---|---|---|
            | [`example.json`](examples/example.json) | one BTC long | 1,000 x 72, 3 days hourly | 1.152% (se 0.0239%) |

            ```
            $ margin-stress validate examples/hedged-btc-eth.yaml
            examples/hedged-btc-eth.yaml: valid
            ```

            """
        try stale.write(to: readme, atomically: true, encoding: .utf8)
        let failed = try check(readme, ["--check", "--only", "blocks,table"])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("differs: examples table"), "\(failed.stdout)")
        #expect(failed.stdout.contains("differs: $ margin-stress validate examples/hedged-btc-eth.yaml"), "\(failed.stdout)")
        let written = try check(readme, ["--only", "blocks,table"])
        #expect(written.status == 0, "\(written.stderr)")
        let fixed = try String(contentsOf: readme, encoding: .utf8)
        let table = try runCLI(["run", packageRoot.appendingPathComponent("examples/example.json").path, "--quiet"])
        let probability = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("  probability") })
        let value = probability.split(separator: " ", omittingEmptySubsequences: true)[1]
        #expect(fixed.contains("| 200,000 x 72, 3 days hourly | \(value) (se "), "\(fixed)")
        #expect(try check(readme, ["--check", "--only", "blocks,table"]).status == 0)
        // A block whose only difference is its timing line passes.
        let timed = dir.appendingPathComponent("timed.md")
        let run = try runCLI(["run", "--quiet", "--paths", "2000"], fullEnvironment: ProcessInfo.processInfo.environment)
        let other = run.stdout.replacingOccurrences(of: #"Simulated in [0-9.]+ s"#, with: "Simulated in 99.99 s", options: .regularExpression)
        #expect(other != run.stdout)
        try "```\n$ margin-stress run --quiet --paths 2000\n\(other)```\n".write(to: timed, atomically: true, encoding: .utf8)
        let timing = try check(timed, ["--check", "--only", "blocks"])
        #expect(timing.status == 0, "\(timing.stdout)")
    }

    /// The issue's last finding: the quick start skipped the two browser tests on a fresh machine (only `.ci/run`
    /// installed Chromium) while the README said a test opens the report in Chromium.
    @Test("the quick start's test script installs Chromium, and the README names the tests that need it and how to skip them")
    func quickStartInstallsBrowser() throws {
        let test = try String(contentsOf: packageRoot.appendingPathComponent("scripts/test.sh"), encoding: .utf8)
        #expect(test.contains("bash scripts/install-browser.sh"))
        let install = try String(contentsOf: packageRoot.appendingPathComponent("scripts/install-browser.sh"), encoding: .utf8)
        #expect(install.contains("chromium") && install.contains("MARGINSTRESS_SKIP_BROWSER"))
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for phrase in ["scripts/install-browser.sh", "`HTMLReportTests` \"opens in headless Chromium\"", "`CommandReportTests`' browser test",
                       "`MARGINSTRESS_SKIP_BROWSER=1` leaves Chromium out"] {
            #expect(readme.contains(phrase), "the quick start lacks \(phrase)")
        }
    }
}
