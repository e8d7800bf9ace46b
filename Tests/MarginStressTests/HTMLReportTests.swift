import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MarginStress

/// A fixed date, so that reports built in tests are the same every time.
let reportTestDate = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01 00:00:00 UTC

/// The default scenario with a small path count, simulated once for every test of this file.
let smallDefaultRun: Task<(Scenario, RunSummary), any Error> = Task {
    let scenario = try ScenarioValidator.validate(
        ScenarioOverrides(paths: 20_000).applied(to: DefaultScenario.file), source: DefaultScenario.source)
    return (scenario, try await simulate(scenario))
}

/// Debian's Chromium, when it is installed (`.ci/run` installs it).
let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Flags for a headless Chromium that logs the page's console messages on standard error.
let chromiumFlags = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                     "--enable-logging=stderr", "--v=0"]

/// The DOM Chromium built from `page`, its exit status, and the console messages it logged. First checks, on a
/// control page that logs an error, that console messages do reach standard error (else the caller's check of
/// an empty console would prove nothing).
func renderInChromium(_ chromium: String, page: URL, scratch dir: URL) throws
    -> (status: Int32, stdout: String, stderr: String, console: [Substring]) {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let control = dir.appendingPathComponent("control.html")
    try "<!DOCTYPE html><html><body><script>console.error('control error')</script></body></html>"
        .write(to: control, atomically: true, encoding: .utf8)
    let seen = try runProgram(chromium, chromiumFlags + ["--user-data-dir=\(dir.path)/profile-control", "--dump-dom",
                                                          control.absoluteString])
    #expect(seen.stderr.contains(":CONSOLE") && seen.stderr.contains("control error"),
            "console messages are not reported on standard error; the check below would see nothing")
    let dom = try runProgram(chromium, chromiumFlags + ["--user-data-dir=\(dir.path)/profile-dom", "--dump-dom",
                                                         page.absoluteString])
    let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
    return (dom.status, dom.stdout, dom.stderr, console)
}

/// Runs a program with a time limit and returns its exit status and output.
func runProgram(_ path: String, _ arguments: [String], seconds: Int = 120) throws -> CLIResult {
    let process = Process()
    let timeout = "/usr/bin/timeout"
    if FileManager.default.isExecutableFile(atPath: timeout) {
        process.executableURL = URL(fileURLWithPath: timeout)
        process.arguments = [String(seconds), path] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
    }
    // Standard error goes to a file, so that a talkative program cannot block on a full pipe while stdout is read.
    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("margin-stress-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errURL) }
    let out = Pipe(), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    let errData = try Data(contentsOf: errURL)
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

@Suite("HTML report")
struct HTMLReportTests {
    @Test("the report of the default scenario is well-formed, self-contained, and has every chart and key number")
    func defaultReport() async throws {
        let (scenario, summary) = try await smallDefaultRun.value
        let report = HTMLReport(summary: summary, scenario: scenario, scenarioPath: nil, date: reportTestDate)
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Well-formed XML as well as HTML: every tag closed, everything escaped.
        let parsed = ParsedXML(html)
        #expect(parsed.ok, "\(parsed.error ?? "")")
        #expect(parsed.count(of: "svg") == 4)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 4)
        for title in ["Survival: probability of not yet being liquidated", "When liquidations happen",
                      "Terminal PnL over 7 days", "Lowest equity reached"] {
            #expect(parsed.texts.contains(title), "chart \(title)")
        }
        // Self-contained: no script, no style sheet, image or font fetched, no link out.
        for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href=", "@font-face"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        let addresses = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(30) }
        #expect(addresses.allSatisfy { $0.hasPrefix("http://www.w3.org/2000/svg") }, "\(addresses)")

        // The headline: probability and interval rounded as in the terminal table.
        let terminal = TerminalReport(summary: summary).text
        let liq = RunText.probability(summary.liquidation)
        #expect(terminal.contains("probability   \(liq.value)  (se \(liq.se), 95% CI \(liq.lower) to \(liq.upper))"))
        #expect(html.contains("<p class=\"value\">\(liq.value)</p>"))
        #expect(html.contains("\(liq.lower) to \(liq.upper)"))
        // Tail metrics as in the terminal table.
        for tail in RunText.tails(summary) {
            #expect(terminal.contains(tail.varText) && terminal.contains(tail.esText))
            #expect(html.contains("<td>\(tail.varText)</td>"), "VaR \(tail.level)")
            #expect(html.contains("<td>\(tail.lowerText) to \(tail.upperText)</td>"), "VaR interval \(tail.level)")
            #expect(html.contains("<td>\(tail.esText)</td>"), "ES \(tail.level)")
        }
        // The scenario at a glance.
        for text in ["<td>BTC</td>", "<td>ETH</td>", "<td>SOL</td>", "<td>USDC</td>", "<td>short</td>", "<td>-400</td>",
                     "<td>95,000</td>", "<td>190,000</td>", "<td>0.4%</td>", "<strong>45,000</strong>",
                     "<strong>8.33x</strong>", "<strong>4.63%</strong>", "<strong>2,085</strong>"] {
            #expect(html.contains(text), "\(text)")
        }
        // Reproducibility.
        #expect(html.contains(summary.scenarioDigest))
        #expect(html.contains("<dd>42</dd>"))
        #expect(html.contains("2026-01-01 00:00:00 UTC"))
        #expect(html.contains("margin-stress \(ToolVersion.current)"))
        #expect(html.contains("margin-stress run --paths 20000 --steps 168 --horizon 7d --seed 42"))
        #expect(html.contains("The scenario raised no warnings."))
        if let lgl = summary.liquidationOutcome.lossGivenLiquidation {
            #expect(html.contains("<td>\(RunText.money(lgl.mean))</td>"), "loss given liquidation")
            #expect(terminal.contains("loss given liquidation: mean \(RunText.money(lgl.mean))"))
        }
    }

    @Test("names, paths and warnings are escaped; warnings are listed")
    func escaping() async throws {
        var (scenario, summary) = try await smallDefaultRun.value
        summary.scenario = "<script>alert('x')</script> & Co"
        summary.warnings = ["the account starts below initial margin (equity 1 < initial margin 2)"]
        let report = HTMLReport(summary: summary, scenario: scenario, scenarioPath: "my file's <dir>/a.yaml",
                                date: reportTestDate)
        let html = report.html
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; Co"))
        #expect(ParsedXML(html).ok)
        #expect(html.contains("<h2>Warnings</h2>"))
        #expect(html.contains("The account starts below initial margin (equity 1 &lt; initial margin 2)."))
        #expect(report.reproduceCommand.hasPrefix("margin-stress run 'my file'\\''s <dir>/a.yaml' --paths"))
        scenario.antithetic = true
        scenario.relativePrecision = 0.05
        let again = HTMLReport(summary: summary, scenario: scenario, scenarioPath: "a.yaml", date: reportTestDate)
        #expect(again.reproduceCommand.hasSuffix("--seed 42 --antithetic --relative-precision 0.05"))
    }

    @Test("run --report writes the page and --export the four SVG charts beside the CSVs")
    func cli() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("new/sub/report.html")
        let export = dir.appendingPathComponent("out")
        let result = try runCLI(["run", "--paths", "5000", "--steps", "48", "--report", page.path, "--export", export.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote the report to \(page.path)"))
        #expect(result.stderr.contains("wrote 9 files"))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 4)
        #expect(html.contains("--paths 5000 --steps 48 --horizon 7d --seed 42"))
        for name in RunCharts.fileNames {
            let svg = try String(contentsOf: export.appendingPathComponent(name), encoding: .utf8)
            #expect(svg.hasPrefix("<?xml"), "\(name)")
            #expect(ParsedXML(svg).ok, "\(name)")
        }
        // No probe file is left behind by the check made before simulating.
        let left = try FileManager.default.contentsOfDirectory(atPath: page.deletingLastPathComponent().path)
        #expect(left == ["report.html"])
    }

    @Test("in isolated mode the report says so and lists each position's isolated margin")
    func isolatedMode() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = try String(contentsOf: packageRoot.appendingPathComponent("examples/cross-vs-isolated.yaml"),
                                 encoding: .utf8)
        let file = dir.appendingPathComponent("isolated.yaml")
        try example.replacingOccurrences(of: "mode: cross", with: "mode: isolated").write(to: file, atomically: true,
                                                                                          encoding: .utf8)
        let page = dir.appendingPathComponent("report.html")
        let result = try runCLI(["run", file.path, "--paths", "4000", "--quiet", "--report", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(ParsedXML(html).ok)
        #expect(html.contains("Probability that a position is liquidated"))
        #expect(html.contains("<th>Isolated margin</th>"))
        for margin in ["30,000", "15,000"] { #expect(html.contains("<td>\(margin)</td>"), "\(margin)") }
        #expect(html.contains("isolated margin ·"))
        #expect(html.contains("Survival: probability that no position has been liquidated yet"))
        #expect(!html.contains("One pool of collateral backs every position"))
    }

    @Test("--report that cannot be written: exit code 73 and a clear message, before simulating")
    func cliUnwritable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file.txt")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let cases = [(file.appendingPathComponent("sub/report.html").path, "\(file.path) is a file, not a directory"),
                     (dir.path, "it is a directory")]
        for (target, reason) in cases {
            let result = try runCLI(["run", "--paths", "20000000", "--quiet", "--report", target])
            #expect(result.status == 73, "\(target): \(result.stderr)")
            #expect(result.stderr.contains("--report: cannot write \(target): \(reason)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "the run was simulated before the check")
        }
    }

    @Test("Chromium renders the report without console errors, with its four charts; screenshot in .build",
          .enabled(if: chromiumPath != nil,
                   "chromium is not installed: the browser test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it)"))
    func browser() async throws {
        let chromium = try #require(chromiumPath)
        let (scenario, summary) = try await smallDefaultRun.value
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try HTMLReport(summary: summary, scenario: scenario, scenarioPath: nil, date: Date()).html
            .write(to: page, atomically: true, encoding: .utf8)
        let dom = try renderInChromium(chromium, page: page, scratch: dir)
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        #expect(dom.console.isEmpty, "console messages: \(dom.console)")
        #expect(dom.stdout.components(separatedBy: "<svg ").count - 1 == 4, "charts in the DOM")
        #expect(dom.stdout.contains("Probability of liquidation within 7 days"))

        let screenshot = packageRoot.appendingPathComponent(".build/report-screenshot.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try runProgram(chromium, chromiumFlags + ["--user-data-dir=\(dir.path)/profile-shot", "--hide-scrollbars",
                                                      "--screenshot=\(screenshot.path)", "--window-size=1280,2400",
                                                      page.absoluteString])
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        #expect(png.count > 50_000, "a screenshot of \(png.count) bytes is too small to show the page")
        print("HTML report screenshot: \(screenshot.path)")
    }
}
